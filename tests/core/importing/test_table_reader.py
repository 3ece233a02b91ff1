"""Columns found by their role, whatever words a city heads them with."""

from __future__ import annotations

import pytest

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.review import build_import
from notifier.core.importing.table_cells import Cell, Columns
from notifier.core.importing.table_reader import header_columns, read_tables


def row(*texts: str, at: int = 1) -> list[Cell | None]:
    return [Cell(t, Where(1, at)) for t in texts]


@pytest.mark.parametrize(
    ("header", "want"),
    [
        (["Zadanie", "Termin ogłoszenia konkursu"], Columns(task=0, period=1)),
        (["Lp.", "Rodzaj zadania", "Planowany termin ogłoszenia"], Columns(1, 2, number=0)),
        (
            ["L.p.", "Komórka organizacyjna", "Działanie", "Termin", "Uwagi"],
            Columns(task=2, period=3, number=0, department=1, remarks=4),
        ),
        (  # the realisation period is not the announcement's; the area is not the task
            ["Sfera pożytku publicznego", "Nazwa zadania", "Termin realizacji", "Data ogłoszenia"],
            Columns(task=1, period=3),
        ),
        (
            ["Nr", "Wydział odpowiedzialny", "Przedmiot konkursu", "Miesiąc", "Wysokość środków"],
            Columns(task=2, period=3, number=0, department=1, amount=4),
        ),
        (  # Łódź 2022: one column for the departments and their tasks, long header words
            [
                "Lp",
                "Komórka UMŁ",
                (
                    "Wysokość środków przeznaczonych na realizację zadania w projekcie budżetu "
                    "Miasta na rok 2022"
                ),
                (
                    "Termin ogłoszenia konkursu/zadanie w trakcie realizacji/zadanie w trybie "
                    "pozakonkursowym"
                ),
            ],
            Columns(task=1, period=3, number=0, department=1, amount=2),
        ),
        (["Jednostka realizująca", "Obszar", "Kwartał"], Columns(task=1, period=2, department=0)),
    ],
)
def test_header_words_of_many_cities_name_the_same_roles(header: list[str], want: Columns) -> None:
    assert header_columns(row(*header)) == want


def test_a_row_without_task_or_period_words_is_no_header() -> None:
    assert header_columns(row("Osoba", "Telefon")) is None
    assert header_columns(row("Zadanie", "Kwota")) is None


def test_the_announcement_column_is_read_when_a_realisation_column_comes_first() -> None:
    table = [
        row("Zadanie", "Termin realizacji", "Termin ogłoszenia konkursu"),
        row("1) prowadzenie klubów seniora", "od 1 marca do 31 grudnia 2025", "Luty 2025", at=2),
    ]
    result = read_tables([table], "Harmonogram na 2025 rok", 2025)
    assert [(t.title, t.period) for t in result.tasks()] == [
        ("prowadzenie klubów seniora", "Luty 2025")
    ]
    assert "„Termin ogłoszenia konkursu” → termin ogłoszenia" in result.notes[0]
    assert "pozostałe kolumny pominięto" in result.notes[0]


def test_one_column_of_departments_and_their_tasks() -> None:
    """A numbered row with no period names the department; the rows under it are its tasks
    (Łódź 2022: the department's row carries its total, each task its own amount)."""
    table = [
        row("Lp", "Komórka", "Kwota", "Termin ogłoszenia"),
        row("1", "Biuro Rewitalizacji", "135 000,00", "", at=2),
        row("", "prowadzenie Centrum Aktywności Lokalnej", "35 000,00", "Styczeń/luty 2022", at=3),
        row("2", "Biuro Aktywności Miejskiej", "95 000,00", "", at=4),
        row("", "Łódzkie Centrum Obywatelskie", "95 000,00", "Styczeń/luty 2022", at=5),
    ]
    result = read_tables([table], "Lista zadań/harmonogram konkursów 2022", None)
    assert [(d.name, [t.title for t in d.tasks]) for d in result.departments] == [
        ("Biuro Rewitalizacji", ["prowadzenie Centrum Aktywności Lokalnej"]),
        ("Biuro Aktywności Miejskiej", ["Łódzkie Centrum Obywatelskie"]),
    ]
    assert result.year == 2022  # from a title with the word inside it
    assert "„Kwota” → kwota (pominięta" in result.notes[0]


def test_a_number_merged_over_a_department_s_rows_numbers_no_task() -> None:
    lp, department = Cell("2.", Where(1, 2)), Cell("Biuro Rewitalizacji", Where(1, 2))
    table = [
        row("L.p.", "Nazwa realizatora", "Nazwa zadania", "Termin ogłoszenia konkursu"),
        [
            lp,
            department,
            Cell("prowadzenie MAL", Where(1, 2)),
            Cell("styczeń 2023 r.", Where(1, 2)),
        ],
        [None, None, Cell("prowadzenie CAL", Where(1, 3)), Cell("styczeń 2023 r.", Where(1, 3))],
    ]
    result = read_tables([table], "", 2023)
    assert [(t.number, t.title) for t in result.tasks()] == [
        (None, "prowadzenie MAL"),
        (None, "prowadzenie CAL"),
    ]


@pytest.mark.parametrize(
    "vague",
    ["na początku marca 2025", "ok. marzec 2025", "orientacyjnie marzec 2025",
     "do 30 marca 2025 r. lub do wyczerpania środków"],
)  # fmt: skip
def test_a_vague_period_cell_gives_a_dash_and_the_review_suggests_a_window(vague: str) -> None:
    """'na początku marca' names no days, 'ok. marzec' only an estimate: the file says
    period = "-" with the printed words beside it (so it passes check) — the dates printed in
    the cell are never taken as its window — and the review suggests keeping them with one."""
    table = [
        row("Zadanie", "Termin ogłoszenia"),
        row("prowadzenie klubów seniora", vague, at=2),
        row("wypoczynek letni dzieci", "Maj 2025", at=3),
    ]
    imported = read_tables([table], "Harmonogram konkursów na 2025 rok", None)
    result = build_import(imported, source="plan.docx", city="Wzorcowo", year=None, as_of=None)
    assert f'period = "-" # w dokumencie: {vague} (nieodczytane)' in result.toml
    assert "window =" not in result.toml
    assert 'period = "Maj 2025"' in result.toml
    assert "proszę przywrócić druk w period i dopisać window z tymi dniami" in result.review


def test_a_resolution_s_signature_table_is_no_harmonogram() -> None:
    """A council resolution: prose and "Przewodniczący Rady | Jan Nowak", "Data | 30.11.2026"."""
    table = [row("Przewodniczący Rady", "Jan Nowak"), row("Data", "30.11.2026", at=2)]
    imported = read_tables([table], "Uchwała nr XII/34/2026 Rady Miasta", 2027)
    assert imported.tasks() == []
    with pytest.raises(DocumentError, match="nie znaleziono tabeli harmonogramu") as caught:
        build_import(imported, source="uchwala.docx", city="Wzorcowo", year=2027, as_of=None)
    assert "Przewodniczący Rady | Jan Nowak" in str(caught.value)
    assert "metryczka lub podpisy" in str(caught.value)


def test_a_bip_page_s_metadata_table_adds_no_task() -> None:
    harmonogram = [
        row("Zadanie", "Termin ogłoszenia konkursu"),
        row("1) prowadzenie klubów seniora", "styczeń 2027", at=2),
    ]
    metadata = [
        row("Podmiot udostępniający", "Urząd Miasta Wzorcowo"),
        row("Data wytworzenia", "2026-12-01", at=2),
        row("Wprowadził", "Jan Kowalski", at=3),
        row("Data wprowadzenia", "2026-12-02", at=4),
    ]
    imported = read_tables([harmonogram, metadata], "Harmonogram konkursów na 2027 rok", None)
    assert [(t.title, t.period) for t in imported.tasks()] == [
        ("prowadzenie klubów seniora", "styczeń 2027")
    ]
    assert any("pominięto tabelę „Podmiot udostępniający" in n for n in imported.notes)


def test_a_column_of_names_beside_one_date_is_no_period_column() -> None:
    table = [
        row("Sporządził", "Anna Nowak"),
        row("Sprawdził", "Jan Kowalski", at=2),
        row("Dnia", "30.11.2026", at=3),
    ]
    assert read_tables([table], "", 2027).tasks() == []
