"""Errors that help (issue 21): the file's line, every problem of a cell at once, near-miss
hints only, examples in the harmonogram's own year."""

from __future__ import annotations

import pytest
from schedule_text import department_toml, schedule_toml, task_toml

from notifier.core.periods import PeriodError, parse_period
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_lines import task_key_lines
from notifier.core.schedule_toml import parse_schedule


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_period_problem_names_the_line_of_its_period() -> None:
    text = schedule_toml(
        department_toml("sport", "Wydział Sportu", task_toml("a", "A", "Maj 2024")),
        department_toml(
            "kultura",
            "Wydział Kultury",
            task_toml("b", "B", "Czerwiec 2024"),
            task_toml("c", "C", "Mj 2024"),
        ),
    )
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(text, source="leszno-2024.toml")
    line = _line_of(text, 'period = "Mj 2024"')
    assert f"leszno-2024.toml:{line}: wydział 'kultura', zadanie 'c': " in str(raised.value)
    assert raised.value.problems[0].startswith(f"{line}: ")


def test_the_lines_of_every_key_of_every_task() -> None:
    text = schedule_toml(
        department_toml("a", "A", task_toml("x", "X", "Maj"), task_toml("y", "Y", "Maj")),
        department_toml("b", "B", task_toml("z", "Z", "Maj")),
    )
    lines = task_key_lines(text)
    assert lines[(2, 1, "period")] == _line_of(text, 'id = "z"') + 2
    assert lines[(1, 2, "")] == _line_of(text, 'id = "y"') - 1


def test_every_word_of_a_cell_that_cannot_be_read_is_named_at_once() -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period("pod koniec listopada lub na początku grudnia", 2024)
    message = str(raised.value)
    assert '"lub"' in message
    assert "„początku” to termin nieprecyzyjny" in message


@pytest.mark.parametrize("year", [2024, 2027])
def test_examples_are_in_the_harmonograms_own_year(year: int) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period("na początku marca", year)
    assert f'"1–10 marca {year}"' in str(raised.value)
    assert "{YEAR}" not in str(raised.value)


@pytest.mark.parametrize(
    ("text", "hint"),
    [("w termie do 31 lipca", "terminie"), ("najpóniej do 31 sierpnia", "najpóźniej")],
)
def test_a_near_miss_of_a_framing_word_gets_its_hint(text: str, hint: str) -> None:
    with pytest.raises(PeriodError, match=f'czy chodziło o "{hint}"'):
        parse_period(text, 2024)


@pytest.mark.parametrize("text", ["od 5.06.20232", "od 5.06.020255", "do 20232-06-05"])
def test_a_date_with_a_misprinted_year_is_refused_never_kept_as_an_undated_note(text: str) -> None:
    """A misprinted year must not turn the cell into a note without a date (the date would be
    silently lost); "§ 5.1.2 regulaminu" has no date shape and stays a note."""
    with pytest.raises(PeriodError, match="ma kształt daty"):
        parse_period(text, 2023)
    assert not parse_period("§ 5.1.2 regulaminu", 2023).dated
