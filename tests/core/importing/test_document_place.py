"""The city a document names and its signature line (notifier.core.importing.document_place)."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.importing.document_place import (
    cities_named,
    city_in,
    periods_outside,
    place_and_date,
    same_city,
)


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("Kalisz, 30.11.2026 r.", "Kalisz", date(2026, 11, 30)),
        ("Leszno, dnia 30 listopada 2026 r.", "Leszno", date(2026, 11, 30)),
        ("Zielona Góra, 2026-12-01", "Zielona Góra", date(2026, 12, 1)),
    ],
)
def test_a_signature_line_gives_the_place_and_day(line: str, place: str, day: date) -> None:
    assert place_and_date(f"Tabela\n{line}\n")[:2] == (place, day)  # type: ignore[index]


@pytest.mark.parametrize(
    "text", ["Kalisz, ul. Główna 1", "Termin: 30.11.2026 r.", "Wyniki, 30.11.2026 r. i dalej"]
)
def test_other_lines_are_no_signature(text: str) -> None:
    assert place_and_date(text) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Konin", "Koninie", True),
        ("Leszno", "Lesznie", True),
        ("Łódź", "Łodzi", True),
        ("Gniezno", "Gnieźnie", True),
        ("Białystok", "Białegostoku", True),
        ("Konin", "Kalisz", False),
        ("Leszno", "Konina", False),
    ],
)
def test_a_declined_name_is_the_same_city(a: str, b: str, same: bool) -> None:
    assert same_city(a, b) is same


def test_the_city_in_its_first_case_is_the_documents_when_no_other_is_named() -> None:
    found = city_in(cities_named("HARMONOGRAM – GMINA MIEJSKA KALISZ – 2027\nKalisz, 30.11.2026"))
    assert found is not None
    assert found.name == "Kalisz"
    assert city_in(cities_named("Prezydent Miasta Konina\nUrząd Miejski w Koninie")) is None
    both = cities_named("Miasto Kalisz\nUchwała Rady Miejskiej Leszna")
    assert [n.name for n in both] == ["Kalisz", "Leszna"]
    assert city_in(both) is None


def test_periods_with_a_printed_year_outside_the_harmonogram_year() -> None:
    printed = ["IV kwartał 2026", "maj", "Styczeń 2028", "-", "w trybie ciągłym"]
    assert periods_outside(printed, 2028) == ["IV kwartał 2026"]
    assert periods_outside(printed, 2027) == ["Styczeń 2028"]


def test_a_lead_and_a_name_are_one_phrase_across_one_line_break_not_a_blank_line() -> None:
    """A page's sidebar heading "Sesje Rady Miasta" above its content's "Organizacje
    pozarządowe" names no city; a signature broken after "Prezydenta Miasta" does."""
    assert cities_named("Sesje Rady Miasta\n\n\nOrganizacje pozarządowe") == []
    assert [n.name for n in cities_named("Zarządzenie Prezydenta Miasta\nKalisza")] == ["Kalisza"]
