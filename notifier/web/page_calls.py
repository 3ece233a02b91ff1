"""What the page shows about calls: the "Trwające nabory" box and each task's status line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notifier.core.announcements import Selected, TaskFilter
from notifier.core.calls import Call
from notifier.core.language import gettext as _
from notifier.core.polish import count_days, count_tasks, format_amount, format_date, listed_names
from notifier.core.schedule import Schedule
from notifier.core.task_status import TaskStatus, open_calls, window_status
from notifier.web.timeline import BarState, Mark


@dataclass(frozen=True)
class OpenCall:
    """One open call as the box lists it."""

    names: tuple[str, ...]  # the matching tasks' short names
    published: str  # "6 maja 2024"
    deadline: str  # "28 maja 2024, godz. 15:30"
    days_left: str  # "5 dni", "ostatni dzień"
    url: str
    title: str | None
    amount: str | None  # "150 000 zł"
    urgent: bool  # a week or less left


@dataclass(frozen=True)
class StatusView:
    """A task's status in the table: the stable value (a CSS class), the Polish text and the
    links of its call."""

    value: str
    text: str
    call_url: str | None = None
    results_url: str | None = None


def _names(schedule: Schedule, call: Call, task_filter: TaskFilter) -> tuple[str, ...]:
    names = []
    for key in call.tasks:
        task = schedule.task(key)
        department = schedule.department(task.department_id) if task else None
        if task is not None and department is not None and task_filter.matches(task):
            names.append(department.title_of(task))
    return tuple(names)


def open_call_views(schedule: Schedule, task_filter: TaskFilter, today: date) -> list[OpenCall]:
    """The open calls with a task in the view, the nearest deadline first."""
    out = []
    for call in open_calls(schedule, today):
        names = _names(schedule, call, task_filter)
        if not names:
            continue
        left = call.days_left(today)
        out.append(
            OpenCall(
                names=names,
                published=format_date(call.published),
                deadline=call.deadline_wording,
                days_left=_("ostatni dzień") if left <= 0 else count_days(left),
                url=call.url,
                title=call.title,
                amount=format_amount(call.amount) if call.amount is not None else None,
                urgent=left <= 7,
            )
        )
    return out


def status_view(status: TaskStatus) -> StatusView:
    """The status line of a task's table row, with its call's and its results' links."""
    call = status.call
    return StatusView(
        value=status.status.value,
        text=status.describe(),
        call_url=call.url if call else None,
        results_url=call.results.url if call and call.results else None,
    )


def deadline_marks(schedule: Schedule, task_filter: TaskFilter) -> list[Mark]:
    """A timeline mark on each deadline of a call with a task in the view."""
    out = []
    for call in schedule.calls:
        names = _names(schedule, call, task_filter)
        if names:
            label = _("Termin składania ofert: %(tasks)s") % {
                "tasks": ", ".join(listed_names(names))
            }
            out.append(Mark(call.deadline, label))
    return out


def bar_state(schedule: Schedule, item: Selected, today: date) -> BarState | None:
    """What a timeline row says once a call is recorded for its window, as the table says it
    (core.task_status.window_status): the one status line when every task of the row is in
    the same state ("ogłoszony (oferty do 22 grudnia 2026, 16 dni)"), else each state with
    its number of tasks ("ogłoszony: 2 zadania; spodziewany: 4 zadania"). None while no call
    answers the window: the row is still a forecast."""
    window = item.announcement.window
    states = [window_status(schedule, t, window, today) for t in item.matching]
    called = [s for s in states if s.call is not None]
    if not called:
        return None
    texts = {s.describe() for s in states}
    if len(called) == len(states) and len(texts) == 1:
        return BarState(called[0].status.value, texts.pop())
    counts: dict[str, int] = {}
    for s in states:
        counts[s.status.label] = counts.get(s.status.label, 0) + 1
    text = "; ".join(f"{label}: {count_tasks(n)}" for label, n in counts.items())
    return BarState(called[0].status.value, text)
