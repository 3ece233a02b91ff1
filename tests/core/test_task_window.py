"""`window = "…"` beside a vague printed `period` (issue 21): the print stays, the dates are the
clerk's; `notifier check` lists every task that needed one."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar
from schedule_text import department_toml, schedule_toml

from notifier.core.feed import render_calendar
from notifier.core.periods import DatedPeriod
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_summary import schedule_summary
from notifier.core.schedule_toml import parse_schedule
from notifier.web.export import task_out


def _task(period: str, window: str | None = None) -> str:
    extra = f'  window = "{window}"\n' if window is not None else ""
    return (
        '\n  [[departments.tasks]]\n  id = "zawody"\n  title = "zawody"\n'
        f'  period = "{period}"\n{extra}  topics = ["sport"]\n'
    )


def _schedule(period: str, window: str | None = None) -> str:
    return schedule_toml(department_toml("sport", "Wydział Sportu", _task(period, window)))


@pytest.mark.parametrize(
    ("printed", "window", "first", "last"),
    [
        ("na początku marca", "1–10 marca 2024", date(2024, 3, 1), date(2024, 3, 10)),
        (
            "po podaniu terminu przez Ministerstwo",
            "II kwartał",
            date(2024, 4, 1),
            date(2024, 6, 30),
        ),
        ("około połowy maja", "do 20 maja 2024 r.", date(2024, 1, 2), date(2024, 5, 20)),
    ],
)
def test_a_vague_print_keeps_its_words_and_takes_the_windows_dates(
    printed: str, window: str, first: date, last: date
) -> None:
    schedule = parse_schedule(_schedule(printed, window))
    (task,) = schedule.tasks()
    assert isinstance(task.period, DatedPeriod)
    assert task.period.text == printed  # pages, feeds and emails show the print
    assert task.period.window == window
    assert [(w.start, w.last_day) for w in task.period.windows] == [(first, last)]
    (department,) = schedule.departments
    shown = task_out(task, department, "https://example.pl", schedule=schedule)
    assert (shown["period"], shown["window"]) == (printed, window)  # /api/tasks, export
    assert shown["windows"][0]["start"] == first.isoformat()
    summary = schedule_summary(schedule, "plik.toml", date(2024, 1, 10))
    assert "z datami z pola window: 1" in summary
    assert f"„{printed}” → window „{window}”" in summary


def test_a_vague_print_without_a_window_suggests_one_in_the_harmonograms_year() -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(_schedule("na początku marca"))
    assert 'window = "1–10 marca 2024"' in str(raised.value)


def test_a_window_beside_a_period_that_reads_by_itself_is_refused() -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(_schedule("Maj 2024", "1–10 maja 2024"))
    assert "czyta się sam" in str(raised.value)


@pytest.mark.parametrize(
    ("window", "detail"), [("początek marca", "nieprecyzyjny"), ("-", "nie podaje dat")]
)
def test_a_window_must_itself_read_to_dates(window: str, detail: str) -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(_schedule("na początku marca", window))
    assert "window" in str(raised.value)
    assert detail in str(raised.value)


def test_the_calendar_shows_the_print_on_the_windows_days() -> None:
    schedule = parse_schedule(_schedule("na początku marca", "1–10 marca 2024"))
    feed = Calendar.from_ical(render_calendar(schedule))
    (event,) = feed.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2024, 3, 1)
    assert event.decoded("DTEND") == date(2024, 3, 11)  # all-day: exclusive
    assert "na początku marca" in str(event.get("DESCRIPTION"))
