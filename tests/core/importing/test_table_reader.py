"""Columns found by their role, whatever words a city heads them with."""

from __future__ import annotations

import pytest

from notifier.core.importing.model import Where
from notifier.core.importing.table_reader import Cell, Columns, header_columns, read_tables


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
            Columns(task=2, period=3, number=0, department=1, remarks=4),
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
