"""What the office's overview shows of one harmonogram on a day: open calls and their
deadlines, overdue windows, and each department's punctuality. Pure: the schedule and the
day in, plain data out (the rule of which call answers which window is core.task_status's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from notifier.core.calls import Call
from notifier.core.harmonogram_years import year_over
from notifier.core.schedule import Department, Schedule, Task
from notifier.core.spans import Span
from notifier.core.task_status import called_windows


@dataclass
class Punctuality:
    """A department's windows so far: calls published by the window's last day (on time),
    after it (late), none though the window is over (missing); windows still open or ahead
    without a call are not counted."""

    department: Department
    on_time: int = 0
    late: int = 0
    missing: int = 0


@dataclass(frozen=True)
class Overdue:
    """A window that ended on or before the day without a call recorded for it."""

    department: Department
    task: Task
    window: Span


@dataclass(frozen=True)
class Overview:
    """The overview of one harmonogram on `today`."""

    today: date
    open_calls: tuple[Call, ...]  # accepting offers, the nearest deadline first
    overdue: tuple[Overdue, ...] = ()
    punctuality: tuple[Punctuality, ...] = field(default=())


def office_overview(schedule: Schedule, today: date) -> Overview:
    """The overview of `schedule` on `today` (a Warsaw day). Overdue windows are said of a
    harmonogram whose year is not over (core.harmonogram_years.year_over, as
    core.task_status.overdue_windows); punctuality counts every year's missing windows."""
    called = called_windows(schedule, today)
    over = year_over(schedule.year, today)
    overdue: list[Overdue] = []
    rows: list[Punctuality] = []
    for department in schedule.departments:
        row = Punctuality(department)
        for task in department.tasks:
            for window in task.windows:
                call = called.get((task.key, window))
                if call is not None:
                    if call.published <= window.last_day:
                        row.on_time += 1
                    else:
                        row.late += 1
                elif window.end <= today:
                    row.missing += 1
                    if not over:  # a past year's window is no longer chased
                        overdue.append(Overdue(department, task, window))
        rows.append(row)
    open_calls = sorted((c for c in schedule.calls if c.is_open(today)), key=lambda c: c.closes_at)
    return Overview(today, tuple(open_calls), tuple(overdue), tuple(rows))
