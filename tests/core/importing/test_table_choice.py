"""The harmonogram's table among a page's other tables: chosen by its header and shape
(notifier.core.importing.table_choice), the others skipped and named in the review."""

from __future__ import annotations

from notifier.core.importing.model import Where
from notifier.core.importing.table_cells import Cell
from notifier.core.importing.table_reader import read_tables


def table(number: int, *rows: tuple[str, ...]) -> list[list[Cell | None]]:
    return [[Cell(t, Where(number, r, "tabela")) for t in texts] for r, texts in enumerate(rows, 1)]


def spanning(number: int, at: int, text: str, width: int) -> list[Cell | None]:
    cell = Cell(text, Where(number, at, "tabela"))
    return [cell] * width


HARMONOGRAM = table(
    2,
    ("Zadanie", "Termin ogłoszenia konkursu"),
    ("Wspieranie i upowszechnianie kultury fizycznej", "Styczeń 2025"),
    ("Ochrona i promocja zdrowia", "Marzec 2025"),
)
OPEN_CALLS = table(
    1,
    ("Konkurs", "Termin składania ofert"),
    ("Otwarty konkurs ofert w zakresie kultury fizycznej", "do 14.02.2025 r."),
    ("Otwarty konkurs ofert w zakresie zdrowia", "do 28 lutego 2025 r."),
    ("Konkurs na wsparcie turystyki", "marzec 2025"),
)


def titles(result: object) -> list[str]:
    return [t.title for t in result.tasks()]  # type: ignore[attr-defined]


def test_a_sidebars_open_calls_are_skipped_before_or_after_the_harmonogram() -> None:
    for tables in ([OPEN_CALLS, HARMONOGRAM], [HARMONOGRAM, OPEN_CALLS]):
        result = read_tables(tables, "", 2025)
        assert titles(result) == [
            "Wspieranie i upowszechnianie kultury fizycznej",
            "Ochrona i promocja zdrowia",
        ]
        skipped = [n for n in result.notes if "pominięto tabelę" in n]
        assert any("Termin składania ofert" in n and "terminu ogłoszenia" in n for n in skipped)


def test_a_list_of_open_calls_alone_is_no_harmonogram() -> None:
    assert titles(read_tables([OPEN_CALLS], "", 2025)) == []


def test_of_two_headed_tables_the_one_shaped_like_a_harmonogram_is_read() -> None:
    """A short "Nazwa | Termin" table (a page's events) beside a table with department
    heading rows and numbers: the latter is the harmonogram, the former is named as skipped."""
    events = table(1, ("Nazwa", "Termin"), ("Dzień Organizacji Pozarządowych", "Czerwiec 2025"))
    plan = [
        *table(2, ("Lp.", "Rodzaj zadania", "Termin")),
        spanning(2, 2, "WYDZIAŁ KULTURY I SPORTU", 3),
        *table(2, ("", "", ""), ("1", "Upowszechnianie kultury fizycznej", "II kwartał 2025")),
        *table(2, ("2", "Ochrona dóbr kultury", "III kwartał 2025")),
    ]
    result = read_tables([events, plan], "", 2025)
    assert titles(result) == ["Upowszechnianie kultury fizycznej", "Ochrona dóbr kultury"]
    assert any("„nazwa | termin” inny niż nagłówek tabeli harmonogramu" in n for n in result.notes)


def test_tables_with_the_harmonograms_own_header_are_all_read() -> None:
    """One table per department, or a table split by a page break with its header repeated."""
    second = table(
        3,
        ("ZADANIE", "Termin  ogłoszenia konkursu"),
        ("Przeciwdziałanie uzależnieniom", "Kwiecień 2025"),
    )
    result = read_tables([HARMONOGRAM, second], "", 2025)
    assert titles(result)[-1] == "Przeciwdziałanie uzależnieniom"
    assert len(titles(result)) == 3


def test_a_headerless_table_continues_the_harmonogram_only_right_after_it() -> None:
    """A page-break's headerless rest continues the table before it; the same shape after
    another table between (a page's contact table) is no part of the harmonogram."""
    rest = table(4, ("Przeciwdziałanie uzależnieniom", "Kwiecień 2025"))
    contact = table(3, ("Osoba", "Telefon"), ("Anna Nowak", "65 000 00 00"))
    assert len(titles(read_tables([HARMONOGRAM, rest], "", 2025))) == 3
    result = read_tables([HARMONOGRAM, contact, rest], "", 2025)
    assert len(titles(result)) == 2
    assert any("tabela 4" in n and "pominięto tabelę" in n for n in result.notes)


def test_a_news_list_and_a_calendar_widget_in_the_content_are_no_harmonogram() -> None:
    news = table(
        1,
        ("2026-11-28", "Konsultacje programu współpracy na 2027 r."),
        ("20.11.2026", "Wyniki konkursu – sport 2026"),
    )
    calendar = table(
        3,
        ("Pn", "Wt", "Śr", "Cz", "Pt", "So", "Nd"),
        ("", "", "1", "2", "3", "4", "5"),
        ("6", "7", "8", "9", "10", "11", "12"),
    )
    result = read_tables([news, HARMONOGRAM, calendar], "", 2025)
    assert len(titles(result)) == 2
    assert any("2026-11-28" in n and "aktualności" in n for n in result.notes)
    assert any("„Pn | Wt" in n for n in result.notes)
