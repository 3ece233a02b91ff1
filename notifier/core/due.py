"""Decide which reminders are due at a moment: the rule in one place, pure, over plain data.

A reminder (subscriber, task window, lead L) is due iff due_at(window, L) <= now < window end.
A task printed with several rounds has a reminder per round; an undated task has none.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from notifier.core.preferences import LEAD_DAYS_RANGE, MAX_LEAD_DAYS, MIN_LEAD_DAYS
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import Span
from notifier.core.time import REMINDER_TIME, TIMEZONE, require_aware, run_moment

# (subscriber id, task key, window start ISO, lead days): the delivery log's guard, claimed at
# most once.
Claim = tuple[int, str, str, int]


def due_at(window: Span, lead_days: int, reminder_time: time = REMINDER_TIME) -> datetime:
    """When a reminder with this lead time becomes due: 08:00 Warsaw, lead days before start."""
    return run_moment(window.start - timedelta(days=lead_days), reminder_time)


def window_end(window: Span) -> datetime:
    """The moment the window has ended: 00:00 Warsaw on its (exclusive) end day."""
    return datetime.combine(window.end, time(0), tzinfo=TIMEZONE)


@dataclass(frozen=True)
class DueTask:
    """A task's window (one round) still open, for which every lead >= min_lead is due."""

    task: Task
    window: Span
    min_lead: int

    def leads_due(self, lead_days: Iterable[int]) -> tuple[int, ...]:
        """Of a subscriber's lead times, those due now (valid ones only), ascending."""
        return tuple(sorted({d for d in lead_days if d in LEAD_DAYS_RANGE and d >= self.min_lead}))


def _min_lead(window: Span, now: datetime, reminder_time: time) -> int | None:
    """The smallest lead in 1..60 due at `now` (aware, Warsaw), or None if none is."""
    if now >= window_end(window):
        return None
    # The latest day whose reminder time has passed (08:00 exists on every Warsaw day: DST is
    # at 2–3 am; a time inside the skipped hour compares like the wall clock says).
    today = now.date()
    latest_day = today if now.time() >= reminder_time else today - timedelta(days=1)
    lead = max((window.start - latest_day).days, MIN_LEAD_DAYS)
    return lead if lead <= MAX_LEAD_DAYS else None


def due_windows(
    schedule: Schedule, now: datetime, reminder_time: time = REMINDER_TIME
) -> list[DueTask]:
    """Per task window (round) that has not ended, the smallest lead time due at `now`.

    Reminders become due at `reminder_time` (Warsaw wall clock), 08:00 unless configured.

    Ordered by window start, then as in the file. The database adapter joins this short list
    against subscriber lead days (lead >= min_lead) and topics; reminders_due does it in Python.
    """
    now = require_aware(now)
    order = {t.key: i for i, t in enumerate(schedule.tasks())}
    out = []
    for task in schedule.tasks():
        for window in task.windows:
            lead = _min_lead(window, now, reminder_time)
            if lead is not None:
                out.append(DueTask(task, window, lead))
    out.sort(key=lambda d: (d.window.start, order[d.task.key]))
    return out


@dataclass(frozen=True)
class SubscriberPrefs:
    """What reminders an active subscriber wants; topics None means every topic."""

    id: int
    email: str
    topics: frozenset[str] | None
    lead_days: tuple[int, ...]

    def wants(self, task: Task) -> bool:
        return self.topics is None or not self.topics.isdisjoint(task.topics)


@dataclass(frozen=True)
class DueItem:
    """One task window in a reminder email, with every lead time due for it (all claimed)."""

    task: Task
    window: Span
    leads: tuple[int, ...]


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
        """The (subscriber, task, lead) rows to claim before sending."""
        return tuple(
            (self.subscriber.id, item.task.key, item.window.start.isoformat(), lead)
            for item in self.items
            for lead in item.leads
        )


def reminders_due(
    schedule: Schedule,
    subscribers: Iterable[SubscriberPrefs],
    now: datetime,
    already_claimed: Collection[Claim] = frozenset(),
    reminder_time: time = REMINDER_TIME,
) -> list[ReminderBatch]:
    """In-Python join of due_windows with subscribers, minus what was already claimed.

    The plain-Python statement of what is due, for tests; the reminder pass (its dry run
    included) does the same join in SQL (notifier.reminder_claims.DueQuery).
    Lead times outside 1..60 are never due. Subscribers with nothing due get no batch.
    """
    windows = due_windows(schedule, now, reminder_time)
    claimed = frozenset(already_claimed)
    batches = []
    for subscriber in subscribers:
        items = []
        for window in windows:
            if not subscriber.wants(window.task):
                continue
            start = window.window.start.isoformat()
            leads = tuple(
                lead
                for lead in window.leads_due(subscriber.lead_days)
                if (subscriber.id, window.task.key, start, lead) not in claimed
            )
            if leads:
                items.append(DueItem(window.task, window.window, leads))
        if items:
            batches.append(ReminderBatch(subscriber, tuple(items), now))
    return batches
