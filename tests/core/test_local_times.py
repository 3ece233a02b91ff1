"""One rule for a local time on the Warsaw wall clock wherever one enters (issue 25, m3): an
hour the clocks skip (02:30 on the last Sunday of March) is refused naming it; an hour that
happens twice (02:30 on the last Sunday of October) is read as the first, in summer time
(UTC+2), and a warning says so — in a call's deadline (file, `announce`, the office form all
show check's warnings of the call) and in the hours a printed period names."""

from __future__ import annotations

from datetime import date, time

import pytest
from schedule_text import department_toml, schedule_toml, task_toml

from notifier.core.schedule import ScheduleError
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule
from notifier.core.time import ambiguous_hour_note, wall_clock_problem

TWICE = (
    "jest w Polsce dwa razy (tej nocy zegary cofa się z 3:00 na 2:00) – przyjęto pierwszą, w "
    "czasie letnim (UTC+2); jeśli chodzi o drugą, proszę podać np. 03:00"
)


def _file(period: str, year: int, calls: str = "") -> str:
    task = task_toml("zawody", "zawody sportowe", period)
    return schedule_toml(department_toml("sport", "Wydział Sportu", task), year=year) + calls


@pytest.mark.parametrize(
    ("day", "hour", "skipped", "twice"),
    [
        (date(2026, 3, 29), time(2, 30), True, False),
        (date(2027, 3, 28), time(2, 0), True, False),
        (date(2026, 3, 29), time(3, 0), False, False),
        (date(2026, 10, 25), time(2, 30), False, True),
        (date(2026, 10, 25), time(2, 0), False, True),
        (date(2026, 10, 25), time(3, 0), False, False),
        (date(2026, 10, 24), time(2, 30), False, False),
    ],
)
def test_the_rule(day: date, hour: time, skipped: bool, twice: bool) -> None:
    assert (wall_clock_problem(day, hour) is not None) is skipped
    note = ambiguous_hour_note(day, hour)
    assert (note is not None) is twice
    if twice:
        assert note == f"godzina {hour:%H:%M} {day:%d.%m.%Y} {TWICE}"


@pytest.mark.parametrize(
    ("period", "year", "day"),
    [
        ("do 28 marca 2027 r. godz. 2:30", 2027, "28.03.2027"),
        ("29.03.2026 godz. 2:15", 2026, "29.03.2026"),
        ("od 29.03.2026 r. godz. 2:00 do 10.04.2026 r. godz. 16:00", 2026, "29.03.2026"),
    ],
)
def test_a_period_naming_a_skipped_hour_is_refused(period: str, year: int, day: str) -> None:
    with pytest.raises(ScheduleError) as refused:
        parse_schedule(_file(period, year))
    (problem,) = refused.value.problems
    assert "okres: godzina 02:" in problem
    assert f"nie istnieje {day} w Polsce" in problem


@pytest.mark.parametrize(
    ("period", "year"),
    [("do 25 października 2026 r. godz. 2:30", 2026), ("31.10.2027 godz. 2:30", 2027)],
)
def test_a_period_naming_an_hour_that_happens_twice_is_read_with_a_warning(
    period: str, year: int
) -> None:
    schedule = parse_schedule(_file(period, year))
    day = "25.10.2026" if year == 2026 else "31.10.2027"
    assert f"sport/zawody: termin „{period}”: godzina 02:30 {day} {TWICE}" in (
        schedule_warnings(schedule)
    )


def test_an_hour_elsewhere_in_a_period_is_no_concern() -> None:
    schedule = parse_schedule(
        _file("od 25.10.2026 r. godz. 8:00 do 30.10.2026 r. godz. 2:30", 2026)
    )
    assert not [w for w in schedule_warnings(schedule) if "dwa razy" in w]


CALL = """
[[calls]]
tasks = ["sport/zawody"]
published = 2026-10-01
url = "https://bip.example.org/o"
deadline = {deadline}
"""


def test_a_call_deadline_that_happens_twice_is_read_as_the_first_with_a_warning() -> None:
    from notifier.web.office.call_forms import call_warnings

    text = _file("Październik 2026", 2026, CALL.format(deadline="2026-10-25T02:30:00"))
    schedule = parse_schedule(text)
    (call,) = schedule.calls
    assert call.deadline_time == time(2, 30)
    said = f"godzina 02:30 25.10.2026 {TWICE}"
    assert f"ogłoszenie [[calls]] nr 1 (sport/zawody): termin składania ofert: {said}" in (
        schedule_warnings(schedule)
    )
    assert call_warnings(schedule, call) == [f"(sport/zawody): termin składania ofert: {said}"]


def test_a_call_deadline_the_clocks_skip_is_refused() -> None:
    text = _file(
        "Marzec 2026",
        2026,
        CALL.format(deadline="2026-03-29T02:30:00").replace("2026-10-01", "2026-03-01"),
    )
    with pytest.raises(ScheduleError, match=r"godzina 02:30 nie istnieje 29\.03\.2026 w Polsce"):
        parse_schedule(text)


def test_a_stated_offset_naming_the_second_of_an_hour_seen_twice_is_refused() -> None:
    """Read as the first, 02:30+01:00 would end the call an hour early: refused instead."""
    text = _file("Październik 2026", 2026, CALL.format(deadline="2026-10-25T02:30:00+01:00"))
    with pytest.raises(ScheduleError, match=r"2026-10-25T02:30:00\+01:00 to druga godzina 02:30"):
        parse_schedule(text)
    first = _file("Październik 2026", 2026, CALL.format(deadline="2026-10-25T02:30:00+02:00"))
    (call,) = parse_schedule(first).calls
    assert call.deadline_time == time(2, 30)
