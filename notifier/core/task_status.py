"""Where each task stands on a given day: expected, announced, closed, decided, late, or (a
past year's window) not recorded.

The one rule for a task's status, used by the page, /api/tasks, the digest and `notifier
check`. Pure: `today` is a Warsaw calendar day passed in by the adapter that read the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from notifier.core.calls import Call, call_window
from notifier.core.harmonogram_years import year_over
from notifier.core.language import N_
from notifier.core.language import gettext as _
from notifier.core.polish import count_days, format_date
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import Span

OVERDUE_AFTER_DAYS = 60
"""`notifier check` and the digest list a window as overdue this many days after it ended."""


class Status(StrEnum):
    """A task's status; the value is a stable ascii id, `label` the Polish word."""

    EXPECTED = "spodziewany"
    ANNOUNCED = "ogloszony"
    CLOSED = "nabor-zakonczony"
    DECIDED = "rozstrzygniety"
    LATE = "opozniony"
    UNRECORDED = "nieodnotowany"

    @property
    def label(self) -> str:
        """The status in Polish as readers see it: "nabór zakończony", "opóźniony"."""
        return _(_LABELS[self])


_LABELS = {
    Status.EXPECTED: N_("spodziewany"),
    Status.ANNOUNCED: N_("ogłoszony"),
    Status.CLOSED: N_("nabór zakończony"),
    Status.DECIDED: N_("rozstrzygnięty"),
    Status.LATE: N_("opóźniony"),
    Status.UNRECORDED: N_("nie odnotowano ogłoszenia"),
}


@dataclass(frozen=True)
class TaskStatus:
    """A task's status on `today`, the window it is about (None: undated) and its call."""

    task: Task
    status: Status
    today: date
    window: Span | None = None
    call: Call | None = None

    @property
    def days_left(self) -> int | None:
        """Days to the offer deadline while the call is open, else None."""
        if self.status is Status.ANNOUNCED and self.call is not None:
            return self.call.days_left(self.today)
        return None

    def describe(self) -> str:
        """'ogłoszony (oferty do 28 maja 2024, 5 dni)', 'rozstrzygnięty', 'opóźniony (…)',
        'nie odnotowano ogłoszenia (termin minął 31 maja 2024)'."""
        call = self.call
        if self.status is Status.ANNOUNCED and call is not None:
            left = self.days_left or 0
            rest = _("ostatni dzień") if left <= 0 else count_days(left)
            return _("ogłoszony (oferty do %(deadline)s, %(left)s)") % {
                "deadline": call.deadline_wording,
                "left": rest,
            }
        if self.status is Status.CLOSED and call is not None:
            return _("nabór zakończony %(day)s") % {"day": format_date(call.deadline)}
        if self.status is Status.DECIDED and call is not None and call.results is not None:
            return _("rozstrzygnięty %(day)s") % {"day": format_date(call.results.date)}
        if self.status is Status.LATE and self.window is not None:
            return _("opóźniony (termin minął %(day)s, brak ogłoszenia)") % {
                "day": format_date(self.window.last_day)
            }
        if self.status is Status.UNRECORDED and self.window is not None:
            return _("nie odnotowano ogłoszenia (termin minął %(day)s)") % {
                "day": format_date(self.window.last_day)
            }
        return self.status.label


def window_calls(schedule: Schedule, task: Task) -> dict[Span | None, Call]:
    """The latest call published for each window of the task (None: an undated task)."""
    out: dict[Span | None, Call] = {}
    for call in schedule.calls_of(task.key):
        out[call_window(task.windows, call)] = call  # by publication day: the latest wins
    return out


def called_windows(schedule: Schedule, today: date) -> dict[tuple[str, Span | None], Call]:
    """Per (task key, window) answered by a call published by `today` (a Warsaw day), the
    latest such call. The one rule that a recorded call ends a window's forecast: once a
    window is in here, nothing speaks of it as coming (no "Zbliża się konkurs" reminder in
    core.due, no "otworzą się w ciągu 4 tygodni" in core.digest)."""
    out: dict[tuple[str, Span | None], Call] = {}
    for task in schedule.tasks():
        for window, call in window_calls(schedule, task).items():
            if call.published <= today:
                out[(task.key, window)] = call
    return out


def _call_status(call: Call, today: date) -> Status:
    if call.results is not None and call.results.date <= today:
        return Status.DECIDED
    return Status.ANNOUNCED if today <= call.deadline else Status.CLOSED


def task_status(schedule: Schedule, task: Task, today: date) -> TaskStatus:
    """The task's status on `today`.

    The window it is about is the latest one started by `today` (the first one before any
    started; a task with rounds moves on round by round). With a call published by `today`
    for that window: ogłoszony while the deadline day is not over, then nabór zakończony,
    rozstrzygnięty once results are published. Without one: opóźniony when the window has
    ended (nie odnotowano ogłoszenia when the harmonogram's year is over,
    core.harmonogram_years.year_over), else spodziewany. An undated task follows its latest call,
    else spodziewany (nie odnotowano ogłoszenia once its year is over: no past task is expected).
    """
    started = [w for w in task.windows if w.start <= today]
    window = started[-1] if started else (task.windows[0] if task.windows else None)
    return window_status(schedule, task, window, today)


def window_status(schedule: Schedule, task: Task, window: Span | None, today: date) -> TaskStatus:
    """The task's status on `today` for one of its windows (None: an undated task), by the
    rule of task_status: the state of the latest call published by `today` that answers the
    window, else opóźniony once the window has ended, else spodziewany. The timeline's rows
    use it, so a row and the table say the same of a window."""
    # called_windows(schedule, today) of this task alone (not every task's, per task).
    calls = {w: c for w, c in window_calls(schedule, task).items() if c.published <= today}
    call = calls.get(window)
    if call is not None:
        return TaskStatus(task, _call_status(call, today), today, window, call)
    over = year_over(schedule.year, today)
    if window is None:  # undated: expected while its year lasts, never of a past year
        return TaskStatus(task, Status.UNRECORDED if over else Status.EXPECTED, today)
    if today < window.end:
        return TaskStatus(task, Status.EXPECTED, today, window)
    return TaskStatus(task, Status.UNRECORDED if over else Status.LATE, today, window)


def open_calls(schedule: Schedule, today: date) -> list[Call]:
    """Calls accepting offers on `today`, the nearest deadline first."""
    found = [c for c in schedule.calls if c.is_open(today)]
    return sorted(found, key=lambda c: (c.closes_at, c.index))


@dataclass(frozen=True)
class Overdue:
    """A window that ended `days` days ago with no call recorded for it."""

    task: Task
    window: Span
    days: int


def overdue_windows(
    schedule: Schedule, today: date, after_days: int = OVERDUE_AFTER_DAYS
) -> list[Overdue]:
    """Windows whose last day is more than `after_days` days before `today` and that no
    recorded call answers, in file order (the office chases these); none of a past year's
    harmonogram (core.harmonogram_years.year_over: overdue is said of the current one)."""
    if year_over(schedule.year, today):
        return []
    out = []
    for task in schedule.tasks():
        called = window_calls(schedule, task)
        for window in task.windows:
            days = (today - window.last_day).days
            if days > after_days and window not in called:
                out.append(Overdue(task, window, days))
    return out
