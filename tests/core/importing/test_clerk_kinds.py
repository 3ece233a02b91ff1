"""Kinds a city clerk met: a column of marks under a heading that is no month or quarter (an
"X" is never October), and a period for the whole year that needs no "year assumed" warning."""

from __future__ import annotations

from notifier.core.importing.cells import year_assumed
from notifier.core.importing.model import Where
from notifier.core.importing.table_cells import Cell
from notifier.core.importing.table_reader import read_tables


def _row(*texts: str, at: int) -> list[Cell | None]:
    return [Cell(t, Where(1, at, "arkusz")) for t in texts]


def test_a_period_column_of_marks_is_skipped_and_said_why() -> None:
    table = [
        _row("Zadanie", "Termin ogłoszenia", "Uwagi", at=1),
        _row("Organizacja festiwalu muzyki dawnej", "X", "", at=2),
        _row("Wypoczynek letni dzieci i młodzieży", "x", "", at=3),
    ]
    result = read_tables([table], "Harmonogram na 2027 rok")
    assert not result.tasks()
    note = next(n for n in result.notes if "pominięto tabelę" in n)
    assert "tylko znaczniki" in note
    assert "październik" not in note


def test_a_whole_year_period_needs_no_year_assumed_warning() -> None:
    assert not year_assumed("w trybie ciągłym", 2027)
    assert not year_assumed("cały rok", 2027)
    assert year_assumed("listopad", 2027)
    assert not year_assumed("listopad 2026", 2027)
