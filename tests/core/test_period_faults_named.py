"""The period reader names the real fault (blind11 M1–M4): an impossible hour or school year
is not an "unknown word", a two-digit year far from the harmonogram's is ambiguous, a deadline
followed by "w trybie ciągłym" contradicts itself, and `check` does not call a deadline a
multi-year task. Cases added; none of the reader's earlier cases changed."""

from __future__ import annotations

from datetime import date

import pytest
from schedule_text import department_toml, schedule_toml

from notifier.core.periods import PeriodError, PeriodKind, parse_period
from notifier.core.schedule_summary import schedule_summary
from notifier.core.schedule_toml import parse_schedule

AS_OF = date(2026, 11, 30)


def _refused(text: str) -> str:
    with pytest.raises(PeriodError) as refused:
        parse_period(text, 2027, AS_OF)
    message = str(refused.value)
    assert f'"{text}"' in message
    assert "nieznane słowo" not in message
    return message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("do 15 marca 2027 r. godz. 25:00", "nie ma takiej godziny: 25:00"),
        ("do 15 marca 2027 r. godz. 12:60", "nie ma takiej godziny: 12:60"),
        ("do 15.03.2027 godz. 12.60", "nie ma takiej godziny: 12:60"),
        ("rok szkolny 2027/2029", "po 2027 powinien być 2028"),
        ("rok akademicki 2028/2027", "po 2028 powinien być 2029"),
    ],
)
def test_an_impossible_hour_or_school_year_is_named_not_called_an_unknown_word(
    text: str, said: str
) -> None:
    assert said in _refused(text)


@pytest.mark.parametrize("text", ["godz. 24:00 do 15 marca 2027", "rok szkolny 2027/2028"])
def test_possible_hours_and_school_years_still_read(text: str) -> None:
    assert parse_period(text, 2027, AS_OF).windows


def test_a_two_digit_year_far_from_the_harmonograms_is_refused_naming_both_readings() -> None:
    message = _refused("01.01.99")
    assert "to 2099 czy 1999?" in message
    assert "roku harmonogramu (2027)" in message
    for near in ("01.01.27", "15.12.26", "31.03.28", "31.12.32"):  # within five years
        (window,) = parse_period(near, 2027, AS_OF).windows
        assert 2026 <= window.start.year <= 2032


@pytest.mark.parametrize(
    "text", ["do 15 marca 2027 r. w trybie ciągłym", "najpóźniej do 15 marca na bieżąco"]
)
def test_a_deadline_followed_by_a_continuous_mode_is_refused_naming_both(text: str) -> None:
    message = _refused(text)
    assert "wykluczają się" in message
    assert "do 15 marca" in message


def test_a_continuous_call_with_an_end_written_mode_first_stays_continuous() -> None:
    period = parse_period("w trybie ciągłym, do 30 listopada", 2027, AS_OF)
    assert period.kind == PeriodKind.CONTINUOUS


def test_check_does_not_list_a_plain_deadline_as_a_multi_year_task() -> None:
    """M1: "do 5 XII" in a 2027 file stated on 30 November 2026 has a window of over 12
    months (from as_of); it is one announcement by a day, listed under deadlines only."""
    task = (
        '\n  [[departments.tasks]]\n  id = "zawody"\n  title = "zawody"\n'
        '  period = "do 5 XII"\n  topics = ["sport"]\n'
    )
    text = schedule_toml(department_toml("sport", "Wydział Sportu", task), year=2027)
    schedule = parse_schedule(text.replace("as_of = 2027-01-02", "as_of = 2026-11-30"))
    summary = schedule_summary(schedule, "plik.toml", AS_OF)
    assert "terminy „do …”" in summary
    assert "zadania wieloletnie" not in summary
