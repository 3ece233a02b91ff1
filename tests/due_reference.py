"""Which reminders are due, the plain way: the reference the database's decision is held to.

The service decides in SQL (notifier.jobs.due_query.DueQuery, over notifier.core.due's
due_windows) because it must be fast for 100,000 subscribers. This is the same decision
written the obvious way, subscriber by subscriber, window by window, lead by lead, with the
core's rule for one reminder (notifier.core.due.is_due). Tests only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, time

from notifier.core.due import DueItem, is_due
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import Span
from notifier.core.time import REMINDER_TIME

# (subscriber id, task key, window start ISO, lead days): the delivery log's guard, claimed at
# most once.
Claim = tuple[int, str, str, int]


@dataclass(frozen=True)
class SubscriberPrefs:
    """A subscriber as the rule sees them; topics None means every topic."""

    id: int
    email: str
    topics: frozenset[str] | None
    lead_days: tuple[int, ...]
    active: bool = True  # pending and unsubscribed addresses get nothing

    def wants(self, task: Task) -> bool:
        return self.topics is None or not self.topics.isdisjoint(task.topics)


@dataclass(frozen=True)
class ReminderBatch:
    """One email to one subscriber: the tasks due for them at `now`."""

    subscriber: SubscriberPrefs
    items: tuple[DueItem, ...]
    now: datetime

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(item.task for item in self.items)

    @property
    def claims(self) -> tuple[Claim, ...]:
        """The (subscriber, task, window start, lead) rows to claim before sending."""
        return tuple(
            (self.subscriber.id, item.task.key, item.window.start.isoformat(), lead)
            for item in self.items
            for lead in item.leads
        )


def in_window_order(schedule: Schedule) -> list[tuple[Task, Span]]:
    """Every task window (round) by its start, then as in the file (an email's item order)."""
    windows = [(task, window) for task in schedule.tasks() for window in task.windows]
    return sorted(windows, key=lambda tw: tw[1].start)


def reminders_due(
    schedule: Schedule,
    subscribers: Iterable[SubscriberPrefs],
    now: datetime,
    already_claimed: Collection[Claim] = frozenset(),
    reminder_time: time = REMINDER_TIME,
) -> list[ReminderBatch]:
    """Per active subscriber with something due at `now` and not yet claimed, one batch.

    Lead times outside 1..60 are never due; a task window is listed once per email with all
    its due leads; subscribers in the order given, windows in order of their start.
    """
    claimed = frozenset(already_claimed)
    windows = in_window_order(schedule)
    batches = []
    for subscriber in subscribers:
        if not subscriber.active:
            continue
        items = []
        for task, window in windows:
            if not subscriber.wants(task):
                continue
            start = window.start.isoformat()
            leads = tuple(
                lead
                for lead in sorted(set(subscriber.lead_days))
                if is_due(window, lead, now, reminder_time)
                and (subscriber.id, task.key, start, lead) not in claimed
            )
            if leads:
                items.append(DueItem(task, window, leads))
        if items:
            batches.append(ReminderBatch(subscriber, tuple(items), now))
    return batches
