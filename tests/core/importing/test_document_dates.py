"""The document's own dates: "stan na dzień" in every form cities print it, the harmonogram's
year from a title, a phrase or, last, the file name — and the review says where it came from."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.importing.document_dates import as_of_in, year_in_name, year_phrase
from notifier.core.importing.model import Where
from notifier.core.importing.review import build_import
from notifier.core.importing.table_cells import Cell
from notifier.core.importing.table_reader import read_tables
from notifier.core.importing.text_reader import read_text


@pytest.mark.parametrize(
    "text",
    [
        "stan na dzień 30 listopada 2026 r.",
        "STAN NA DZIEŃ 30 LISTOPADA 2026",
        "Stan na dzień: 30.11.2026",
        "stan na 30-11-2026 r.",
        "wg stanu na 30.11.2026",
        "Według stanu na dzień 30 XI 2026 r.",
        "Aktualizacja: 2026-11-30",
        "data aktualizacji 30/11/2026",
        "zaktualizowano dnia 30 listopad 2026",
        "Stan z dnia 30 lis. 2026",
        "Zalacznik ... stan na dzien 30 listopada 2026",
    ],
)
def test_as_of_is_read_in_every_printed_form(text: str) -> None:
    found = as_of_in(text)
    assert found is not None
    assert found[0] == date(2026, 11, 30)


@pytest.mark.parametrize(
    "text", ["stan na dzień 31.02.2026", "z dnia 30.11.2026", "stan na dzień dzisiejszy"]
)
def test_no_as_of_without_its_words_or_a_real_day(text: str) -> None:
    assert as_of_in(text) is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("WYKAZ KONKURSÓW W 2027 ROKU", 2027),
        ("Plan konkursów na rok 2027", 2027),
        ("Harmonogram na 2027 rok", 2027),
        ("w roku 2027 planuje się", 2027),
        ("Program współpracy 2027 r.", 2027),
        ("Rocznego programu współpracy na 2027", 2027),
        (
            "Uchwała Nr XLII/123/2026 z dnia 30 listopada 2026 r. w sprawie programu na 2027 rok",
            2027,
        ),
        ("z dnia 30.11.2026 r.", None),
        ("Uchwała Nr 12/2026", None),
    ],
)
def test_the_year_a_text_names_never_a_dates_or_a_numbers(text: str, year: int | None) -> None:
    found = year_phrase(text)
    assert (found[0] if found else None) == year


def test_a_year_in_the_file_name() -> None:
    assert year_in_name("harmonogram_2027.xlsx") == 2027
    assert year_in_name("Zalacznik-nr-1-2027.pdf") == 2027
    assert year_in_name("plan-2026-2027.pdf") is None  # two: none chosen
    assert year_in_name("plan.pdf") is None


def _sheet(title: str) -> list[list[Cell | None]]:
    rows = [
        [title, ""],
        ["Zadanie", "Termin ogłoszenia"],
        ["WYDZIAŁ KULTURY", ""],
        ["festiwal teatrów", "Maj"],
        ["stan na dzień 30 listopada 2026 r.", ""],
    ]
    return [[Cell(t, Where(1, i, "arkusz")) for t in r] for i, r in enumerate(rows, start=1)]


def test_a_sheets_title_in_a1_gives_the_year_and_the_footer_the_as_of() -> None:
    imported = read_tables([_sheet("Wykaz konkursów ofert na rok 2027")], "")
    assert imported.year == 2027
    assert imported.as_of == date(2026, 11, 30)
    result = build_import(imported, source="plan.xlsx", city="Leszno", year=None, as_of=None)
    assert result.schedule.year == 2027
    # "Wykaz konkursów …" is the plan's title line: the review names it as the year's place
    assert "rok 2027 z dokumentu: tytuł „Wykaz konkursów ofert na rok 2027”" in result.review
    assert str(result.schedule.as_of) == "2026-11-30"


def test_a_title_in_capitals_is_no_department() -> None:
    text = "WYKAZ KONKURSÓW W 2027 ROKU\n\nWYDZIAŁ KULTURY\n\nfestiwal teatrów\n\nMaj\n"
    imported = read_text(text)
    assert (imported.year, imported.title) == (2027, "WYKAZ KONKURSÓW W 2027 ROKU")
    assert [d.name for d in imported.departments] == ["Wydział Kultury"]


def test_the_file_name_is_the_last_resort_and_the_text_wins_over_it() -> None:
    text = "WYDZIAŁ KULTURY\n\nfestiwal teatrów\n\nMaj\n"
    result = build_import(
        read_text(text), source="harmonogram_2027.xlsx", city="Leszno", year=None, as_of=None
    )
    assert result.schedule.year == 2027
    assert "rok 2027 z nazwy pliku harmonogram_2027.xlsx" in result.review
    dated = build_import(
        read_text("Harmonogram na rok 2027\n\n" + text),
        source="Zalacznik-nr-1-2026.pdf",
        city="Leszno",
        year=None,
        as_of=None,
    )
    assert dated.schedule.year == 2027
    assert "nazwa pliku Zalacznik-nr-1-2026.pdf podaje rok 2026, a treść dokumentu 2027" in (
        dated.review
    )
