"""The calls in the iCalendar feed (RFC 5545): what a called announcement says, and one
deadline VEVENT per call ("Termin składania ofert: …").

A deadline given as a day is an all-day event on that day; with an hour it is a timed event
in Europe/Warsaw ending at the deadline (the feed then carries its VTIMEZONE, RFC 5545
§3.6.5).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from notifier.core.announcements import Selected, TaskFilter
from notifier.core.calls import Call
from notifier.core.ical_component import Component
from notifier.core.language import gettext as _
from notifier.core.polish import count_more_tasks
from notifier.core.schedule import Schedule, Task
from notifier.core.task_status import window_calls
from notifier.core.time import TIMEZONE

DEADLINE_EVENT_LENGTH = timedelta(hours=1)  # a timed deadline is the hour before it


def announcement_calls(schedule: Schedule, selected: Selected) -> list[Call]:
    """The calls answering this announcement's window for its matching tasks, in file order."""
    found: dict[str, Call] = {}
    window = selected.announcement.window
    for task in selected.matching:
        call = window_calls(schedule, task).get(window)
        if call is not None:
            found.setdefault(call.key, call)
    return sorted(found.values(), key=lambda c: c.index)


def call_lines(calls: Sequence[Call]) -> list[str]:
    """DESCRIPTION lines about the calls: headline, name, amount, link, results."""
    lines: list[str] = []
    for call in calls:
        lines += [*call.details(), ""]
    return lines


@dataclass(frozen=True)
class DeadlineEvent:
    """A call's deadline as one view shows it: the call and its tasks matching the filter."""

    call: Call
    tasks: tuple[Task, ...]

    @property
    def timed(self) -> bool:
        """Whether the event has an hour (DATE-TIME in Europe/Warsaw) rather than a day."""
        return isinstance(deadline_span(self.call)[0], datetime)

    def uid(self, schedule: Schedule) -> str:
        """Stable while the call's tasks and publication day stay (see Call.key)."""
        return f"{schedule.year}-termin-{self.call.key}@{schedule.city_id}.harmonogram-konkursow"


def deadline_events(schedule: Schedule, task_filter: TaskFilter) -> Iterator[DeadlineEvent]:
    """A deadline per call with a task matching the filter, by deadline then file order."""
    for call in sorted(schedule.calls, key=lambda c: (c.closes_at, c.index)):
        tasks = tuple(
            task
            for key in call.tasks
            if (task := schedule.task(key)) is not None and task_filter.matches(task)
        )
        if tasks:
            yield DeadlineEvent(call, tasks)


def deadline_vevent(
    schedule: Schedule, item: DeadlineEvent, base_url: str | None, page_path: str = "/"
) -> Component:
    """The VEVENT of a deadline, without DTSTAMP/LAST-MODIFIED/SEQUENCE (added by the feed)."""
    call = item.call
    names = [_title(schedule, task) for task in item.tasks]
    shown = (
        names[0]
        if len(names) == 1
        else _("%(first)s i %(more)s")
        % {"first": names[0], "more": count_more_tasks(len(names) - 1)}
    )
    event = Component("VEVENT")
    event.add("uid", item.uid(schedule))
    start, end = deadline_span(call)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _("Termin składania ofert: %(tasks)s") % {"tasks": shown})
    lines = [
        _("Termin składania ofert: %(tasks)s") % {"tasks": call.deadline_wording} + ".",
        "",
        *call.details(),
        "",
        _("Zadania (%(count)s):") % {"count": len(item.tasks)},
        *(f"• {task.label}" for task in item.tasks),
    ]
    if base_url:
        lines += [
            "",
            _("Pełny harmonogram: %(url)s") % {"url": f"{base_url.rstrip('/')}{page_path}"},
        ]
    event.add("description", "\n".join(lines))
    event.add("url", call.url)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    labels = [
        label
        for slug, label in schedule.topics.items()
        if any(slug in t.topics for t in item.tasks)
    ]
    if labels:
        event.add("categories", labels)
    return event


def deadline_span(call: Call) -> tuple[date, date] | tuple[datetime, datetime]:
    """[start, end): the deadline day, or the hour before a deadline given with an hour
    (Europe/Warsaw, never starting before that day's midnight)."""
    if call.deadline_time is None or call.deadline_time == time(0):
        return call.deadline, call.deadline + timedelta(days=1)
    end = call.closes_at
    midnight = datetime.combine(call.deadline, time(0), tzinfo=TIMEZONE)
    return max(end - DEADLINE_EVENT_LENGTH, midnight), end


def _title(schedule: Schedule, task: Task) -> str:
    department = schedule.department(task.department_id)
    return department.title_of(task) if department else task.title


def still_shown(end: date, ended_by: date | None) -> bool:
    """The one drop-out rule of every calendar event of a harmonogram (a window's
    announcement, a call's deadline, whichever way the call was recorded): an event whose
    exclusive end `end` is on or before `ended_by` (a past year's cut-off, see
    core.placement ended_by) has dropped out; None drops nothing."""
    return ended_by is None or end > ended_by


def deadline_end(call: Call) -> date:
    """The exclusive end day of a call's deadline event (the day after the deadline)."""
    return call.deadline + timedelta(days=1)


def event_ends(schedule: Schedule) -> list[date]:
    """The exclusive end day of every calendar event of `schedule` (its windows' and its
    calls' deadlines'): what still_shown drops, for the caches' keys."""
    windows = [w.end for task in schedule.tasks() for w in task.windows]
    return windows + [deadline_end(call) for call in schedule.calls]
