"""Which column is the task, which rows are no task, which header cells belong together
(notifier.core.importing.table_roles), as programmes of cooperation and BIP pages print them."""

from __future__ import annotations

import pytest

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.review import build_import
from notifier.core.importing.table_cells import Cell, Row
from notifier.core.importing.table_reader import read_tables

SPHERES = ["kultura i sztuka", "kultura i sztuka", "pomoc społeczna", "pomoc społeczna"]
NAMES = [
    "Organizacja festiwalu muzyki dawnej",
    "Warsztaty teatralne dla młodzieży",
    "Prowadzenie noclegowni dla osób bezdomnych",
    "Klub seniora w dzielnicy Zatorze",
]
PERIODS = ["Marzec 2027", "Maj 2027", "do 15 marca 2027 r.", "II kwartał 2027"]


def cells(*texts: str, at: int = 1) -> list[Cell | None]:
    return [Cell(t, Where(1, at, "tabela")) for t in texts]


def plan(sphere: str, name: str, *, sphere_first: bool = True) -> list[Row]:
    """Lp. | <sphere header> | <name header> | Planowany termin ogłoszenia konkursu."""
    first, second = (sphere, name) if sphere_first else (name, sphere)
    rows: list[Row] = [cells("Lp.", first, second, "Planowany termin ogłoszenia konkursu")]
    for n, (s, t, p) in enumerate(zip(SPHERES, NAMES, PERIODS, strict=True), 1):
        pair = (s, t) if sphere_first else (t, s)
        rows.append(cells(f"{n}.", *pair, p, at=n + 1))
    return rows


@pytest.mark.parametrize(
    ("sphere", "name"),
    [
        ("Rodzaj zadania", "Nazwa zadania"),
        ("Zadanie publiczne (sfera)", "Nazwa zadania"),
        ("Zakres zadania", "Nazwa konkursu"),
        ("Obszar", "Tytuł"),
        ("Sfera", "Przedmiot konkursu"),
        ("Rodzaj zadania", "Opis zadania"),
        ("Zadanie", "Przedmiot konkursu"),
        ("Sfera pożytku publicznego", "Zadanie"),
    ],
)
@pytest.mark.parametrize("sphere_first", [True, False])
def test_the_task_s_name_beats_its_sphere_whichever_comes_first(
    sphere: str, name: str, sphere_first: bool
) -> None:
    result = read_tables([plan(sphere, name, sphere_first=sphere_first)], "Harmonogram 2027", 2027)
    assert [(t.number, t.title, t.period) for t in result.tasks()] == [
        (str(n), t, p) for n, (t, p) in enumerate(zip(NAMES, PERIODS, strict=True), 1)
    ]
    assert f"„{name}” → zadanie" in result.notes[0]
    assert (
        f"„{sphere}” → pominięta (np. sfera zadania; nazwy zadań są w „{name}”)"
        in (result.notes[0])
    )


def test_with_no_telling_header_the_column_of_distinct_longer_texts_is_the_task() -> None:
    table = plan("Zadanie", "Działanie")  # both plain words: the content tells
    assert [t.title for t in read_tables([table], "", 2027).tasks()] == NAMES
    table = plan("Działanie", "Zadanie", sphere_first=False)
    assert [t.title for t in read_tables([table], "", 2027).tasks()] == NAMES


def test_two_columns_of_distinct_names_are_refused_naming_both() -> None:
    table = [cells("Lp.", "Zadanie", "Działanie", "Termin ogłoszenia")]
    for n, (a, b) in enumerate(zip(NAMES, reversed(NAMES), strict=True), 1):
        table.append(cells(f"{n}.", a, b, "Maj 2027", at=n + 1))
    with pytest.raises(DocumentError, match="dwie kolumny mogą zawierać nazwy zadań") as caught:
        read_tables([table], "", 2027)
    assert "„Zadanie” i „Działanie”" in str(caught.value)


def test_a_sphere_alone_is_still_the_task_column() -> None:
    table = [cells("Lp.", "Rodzaj zadania", "Termin ogłoszenia"), cells("1.", NAMES[0], "Maj 2027")]
    assert [t.title for t in read_tables([table], "", 2027).tasks()] == [NAMES[0]]


def test_sum_rows_are_no_tasks_and_are_named_in_the_review() -> None:
    header = cells("Lp.", "Nazwa zadania", "Planowany termin ogłoszenia", "Planowana kwota (zł)")
    wide = Cell("Razem wszystkie wydziały", Where(1, 9, "tabela"))
    table = [
        header,
        cells("", "WYDZIAŁ KULTURY I SPORTU", "", "", at=2),
        cells("1.", NAMES[0], "Marzec 2027", "30 000", at=3),
        cells("2.", NAMES[1], "Maj 2027", "20 000", at=4),
        cells("", "Razem:", "", "50 000", at=5),
        cells("", "MIEJSKI OŚRODEK POMOCY RODZINIE", "", "", at=6),
        cells("1.", NAMES[2], "do 15 marca 2027 r.", "100 000", at=7),
        [Cell("RAZEM MOPR", Where(1, 8, "tabela"))] * 2 + cells("", "100 000", at=8),
        [wide, wide, None, Cell("150 000 zł", Where(1, 9, "tabela"))],
        cells("", "OGÓŁEM", "", "150 000", at=10),
        cells("", "Suma", "", "150000", at=11),
    ]
    result = read_tables([table], "Harmonogram 2027", 2027)
    assert [(d.name, [(t.title, t.period) for t in d.tasks]) for d in result.departments] == [
        ("Wydział Kultury i Sportu", [(NAMES[0], "Marzec 2027"), (NAMES[1], "Maj 2027")]),
        ("Miejski Ośrodek Pomocy Rodzinie", [(NAMES[2], "do 15 marca 2027 r.")]),
    ]
    skipped = [n for n in result.notes if "pominięto wiersz sumy" in n]
    assert [n.split(":")[0] for n in skipped] == [
        f"tabela 1, wiersz {r}" for r in (5, 8, 9, 10, 11)
    ]
    assert "„Razem wszystkie wydziały” (podsumowanie kwot, nie zadanie)" in skipped[2]


def test_a_row_named_razem_with_its_own_period_stays_a_task() -> None:
    table = [
        cells("Nazwa zadania", "Termin ogłoszenia"),
        cells("Razem bezpieczniej – program profilaktyki", "Maj 2027", at=2),
    ]
    assert [t.title for t in read_tables([table], "", 2027).tasks()] == [
        "Razem bezpieczniej – program profilaktyki"
    ]


def merged_title(first: str, second: str) -> list[Row]:
    """Lp. and title merged over two rows, one period (and remark) per row."""
    number, title = Cell("1.", Where(1, 2, "tabela")), Cell(NAMES[0], Where(1, 2, "tabela"))
    return [
        cells("Lp.", "Nazwa zadania", "Planowany termin ogłoszenia konkursu", "Uwagi"),
        [number, title, *cells(first, "I nabór", at=2)],
        [None, None, *cells(second, "II nabór", at=3)],
        cells("2.", NAMES[1], "w trybie ciągłym", "", at=4),
    ]


def test_a_title_merged_over_rows_gets_each_row_s_period_as_a_round() -> None:
    imported = read_tables([merged_title("Marzec 2027", "Wrzesień 2027")], "", 2027)
    assert [(t.number, t.title, t.period) for t in imported.tasks()] == [
        ("1", NAMES[0], "Marzec 2027; Wrzesień 2027"),
        ("2", NAMES[1], "w trybie ciągłym"),
    ]
    assert any(
        n.startswith("tabela 1, wiersz 3: termin „Wrzesień 2027”") and "kolejny nabór" in n
        for n in imported.notes
    )
    result = build_import(imported, source="plan.docx", city="Wzorcowo", year=2027, as_of=None)
    assert 'period = "Marzec 2027; Wrzesień 2027"' in result.toml
    assert "bez zadania obok" not in result.review


def test_rounds_that_do_not_read_together_are_refused_naming_the_row() -> None:
    with pytest.raises(DocumentError, match=r"^tabela 1, wiersz 3: termin „Wrzesień 2027”"):
        read_tables(
            [merged_title("do 15 marca 2027 r. lub do wyczerpania", "Wrzesień 2027")], "", 2027
        )


@pytest.mark.parametrize(
    "order", [("rozstrzygnięcia", "ogłoszenia"), ("ogłoszenia", "rozstrzygnięcia")]
)
def test_a_two_row_header_is_read_as_one_and_the_announcement_column_wins(
    order: tuple[str, str],
) -> None:
    lp, name = Cell("Lp.", Where(1, 1, "tabela")), Cell("Nazwa zadania", Where(1, 1, "tabela"))
    term = Cell("Planowany termin", Where(1, 1, "tabela"))
    announced = "Maj 2027"
    values = (
        ("Czerwiec 2027", announced) if order[1] == "ogłoszenia" else (announced, "Czerwiec 2027")
    )
    table = [
        [lp, name, term, term],
        [None, None, *cells(*order, at=2)],
        cells("1.", NAMES[0], *values, at=3),
        cells("2.", NAMES[2], "kwiecień 2027", "kwiecień 2027", at=4),
    ]
    result = read_tables([table], "Harmonogram 2027", 2027)
    assert [(t.title, t.period) for t in result.tasks()] == [
        (NAMES[0], announced),
        (NAMES[2], "kwiecień 2027"),
    ]
    assert "„Planowany termin ogłoszenia” → termin ogłoszenia" in result.notes[0]
    assert not any("bez zadania obok" in n for n in result.notes)


def test_a_list_of_calls_already_announced_loses_to_the_plan_before_or_after_it() -> None:
    """A BIP page: the harmonogram ("Planowany termin") and "Konkursy ogłoszone w 2026 roku"
    (a department, one day each, the amount granted) — a fuller header, yet no plan."""
    harmonogram = [cells("Lp.", "Nazwa zadania", "Planowany termin")] + [
        cells(f"{n}.", t, p, at=n + 1)
        for n, (t, p) in enumerate(zip(NAMES, PERIODS, strict=True), 1)
    ]
    announced = [
        [Cell(t, Where(2, 1, "tabela")) for t in ("Lp.", "Nazwa zadania", "Komórka",
                                                  "Termin ogłoszenia", "Kwota dotacji")],
        [Cell(t, Where(2, 2, "tabela")) for t in ("1.", "Festiwal muzyki 2026", "Wydział Kultury",
                                                  "15.03.2026", "50 000 zł")],
        [Cell(t, Where(2, 3, "tabela")) for t in ("2.", "Noclegownia 2026", "MOPS",
                                                  "10.01.2026", "300 000 zł")],
    ]  # fmt: skip
    for tables in ([harmonogram, announced], [announced, harmonogram]):
        result = read_tables(tables, "Harmonogram konkursów w 2027 roku", None)
        assert [t.title for t in result.tasks()] == NAMES
        assert any("pominięto tabelę „Lp. | Nazwa zadania | Komórka" in n for n in result.notes)


@pytest.mark.parametrize(
    ("header", "printed", "read"),
    [("Kwartał", "II", "II kwartał"), ("Kwartał ogłoszenia", "4", "IV kwartał"),
     ("Miesiąc ogłoszenia", "3", "marzec"), ("Miesiąc", "XI 2027", "listopad 2027"),
     ("Kwartał", "Maj 2027", "Maj 2027"), ("Termin ogłoszenia", "II", "II")],
)  # fmt: skip
def test_a_bare_number_is_read_with_the_unit_its_column_header_names(
    header: str, printed: str, read: str
) -> None:
    table = [cells("Nazwa zadania", header), cells(NAMES[0], printed, at=2)]
    assert [t.period for t in read_tables([table], "", 2027).tasks()] == [read]


@pytest.mark.parametrize(
    "heads",
    [[str(n) for n in range(1, 13)], [f"01.{n:02d}.2027" for n in range(1, 13)],
     [f"2027-{n:02d}-01 00:00:00" for n in range(1, 13)]],
)  # fmt: skip
def test_a_month_grid_headed_by_numbers_or_dates_is_read_as_months(heads: list[str]) -> None:
    marks = ["", "", "X", "X", "X", "", "", "", "", "", "", ""]
    table = [
        cells("Lp.", "Nazwa zadania", "Planowany termin ogłoszenia", *[""] * 11),
        cells("", "", *heads, at=2),
        cells("1.", NAMES[0], *marks, at=3),
    ]
    table[0][3:] = [table[0][2]] * 11  # the heading spans the month columns
    assert [t.period for t in read_tables([table], "", 2027).tasks()] == ["marzec–maj"]


def test_a_question_mark_in_a_month_cell_is_no_mark_and_is_said() -> None:
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    marks = ["", "", "", "", "", "X", "", "", "", "?", "", ""]
    table = [cells("Nazwa zadania", *romans), cells(NAMES[0], *marks, at=2)]
    imported = read_tables([table], "", 2027)
    (task,) = imported.tasks()
    assert task.period == "czerwiec"
    assert task.remark is not None
    assert "niepewny znacznik „?” w kolumnie październik" in task.remark
