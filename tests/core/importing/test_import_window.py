"""A vague period cell: the import never guesses its dates; the review names the cell as vague
and suggests the `window` beside the print with an example in the cell's own month and year,
as `notifier check` does (issue 21)."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.importing.model import ImportedDepartment, ImportedSchedule, ImportedTask, Where
from notifier.core.importing.review import build_import
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule
from notifier.core.task_period import window_example


def _imported(period: str) -> ImportedSchedule:
    task = ImportedTask("Prowadzenie klubu seniora", Where(1, 3), period=period)
    department = ImportedDepartment("Wydział Zdrowia", "Wydział Zdrowia", Where(1, 2), tasks=[task])
    return ImportedSchedule("Harmonogram 2026", 2026, date(2025, 12, 1), [department])


def test_a_vague_cell_is_named_so_with_a_window_in_its_own_month_and_year() -> None:
    result = build_import(
        _imported("na początku kwietnia"), source="h.pdf", city="Leszno", year=None, as_of=None
    )
    assert "termin nieprecyzyjny" in result.review
    assert "window = „1–10 kwietnia 2026”" in result.review


def test_check_suggests_the_window_in_the_cells_month_after_its_day() -> None:
    result = build_import(
        _imported("po 15 kwietnia"), source="h.pdf", city="Leszno", year=None, as_of=None
    )
    vague = result.toml.replace('period = "-"', 'period = "po 15 kwietnia"')
    with pytest.raises(ScheduleError, match='window = "16–25 kwietnia 2026"'):
        parse_schedule(vague, source="h.toml")


def test_the_example_takes_the_printed_year_else_the_harmonograms() -> None:
    assert window_example("po podaniu terminu przez Ministerstwo", 2027) == "1–10 marca 2027"
    assert window_example("na początku października 2028 r.", 2027) == "1–10 października 2028"
