"""Decide which reminders are due at a moment: the rule in one place, pure, over plain data.

A reminder (subscriber, task, lead L) is due iff due_at(task, L) <= now < window end.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from notifier.polish import count_tasks, format_span
from notifier.schedule import Schedule, Task, shorten

TIMEZONE = ZoneInfo("Europe/Warsaw")
REMINDER_TIME = time(8, 0)
MIN_LEAD_DAYS = 1
MAX_LEAD_DAYS = 60
LEAD_DAYS_RANGE = range(MIN_LEAD_DAYS, MAX_LEAD_DAYS + 1)

SUBJECT_TITLE_MAX = 70  # characters of the first task's title in a subject line

# (subscriber id, task key, lead days): the delivery log's guard, claimed at most once.
Claim = tuple[int, str, int]


def _require_aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"`now` must be timezone-aware, got naive {now.isoformat()}")
    return now.astimezone(TIMEZONE)


def run_moment(day: date, reminder_time: time = REMINDER_TIME) -> datetime:
    """The moment a run "as of" `day` stands for: 08:00 (or `reminder_time`) Warsaw that day."""
    return datetime.combine(day, reminder_time, tzinfo=TIMEZONE)


def due_at(task: Task, lead_days: int, reminder_time: time = REMINDER_TIME) -> datetime:
    """When a reminder with this lead time becomes due: 08:00 Warsaw, lead days before start."""
    if task.period.start is None:
        raise ValueError(f"task {task.key} is undated and has no reminders")
    return run_moment(task.period.start - timedelta(days=lead_days), reminder_time)


def window_end(task: Task) -> datetime:
    """The moment the task's window has ended: 00:00 Warsaw on Period.end (exclusive)."""
    if task.period.end is None:
        raise ValueError(f"task {task.key} is undated and has no window")
    return datetime.combine(task.period.end, time(0), tzinfo=TIMEZONE)


@dataclass(frozen=True)
class DueTask:
    """A dated task whose window is still open and for which every lead >= min_lead is due."""

    task: Task
    min_lead: int

    def leads_due(self, lead_days: Iterable[int]) -> tuple[int, ...]:
        """Of a subscriber's lead times, those due now (valid ones only), ascending."""
        return tuple(sorted({d for d in lead_days if d in LEAD_DAYS_RANGE and d >= self.min_lead}))


def _min_lead(task: Task, now: datetime, reminder_time: time) -> int | None:
    """The smallest lead in 1..60 due at `now` (aware, Warsaw), or None if none is."""
    assert task.period.start is not None
    if now >= window_end(task):
        return None
    # The latest day whose reminder time has passed (08:00 exists on every Warsaw day: DST is
    # at 2–3 am; a time inside the skipped hour compares like the wall clock says).
    today = now.date()
    latest_day = today if now.time() >= reminder_time else today - timedelta(days=1)
    lead = max((task.period.start - latest_day).days, MIN_LEAD_DAYS)
    return lead if lead <= MAX_LEAD_DAYS else None


def due_windows(
    schedule: Schedule, now: datetime, reminder_time: time = REMINDER_TIME
) -> list[DueTask]:
    """Per dated task whose window has not ended, the smallest lead time due at `now`.

    Reminders become due at `reminder_time` (Warsaw wall clock), 08:00 unless configured.

    Ordered by window start, then as in the file. The database adapter joins this short list
    against subscriber lead days (lead >= min_lead) and topics; reminders_due does it in Python.
    """
    now = _require_aware(now)
    order = {t.key: i for i, t in enumerate(schedule.tasks())}
    out = []
    for task in schedule.tasks():
        if not task.period.dated:
            continue
        lead = _min_lead(task, now, reminder_time)
        if lead is not None:
            out.append(DueTask(task, lead))
    out.sort(key=lambda d: (d.task.period.start, order[d.task.key]))
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
    """One task in a reminder email, with every lead time due for it (all to be claimed)."""

    task: Task
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
            (self.subscriber.id, item.task.key, lead) for item in self.items for lead in item.leads
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
            leads = tuple(
                lead
                for lead in window.leads_due(subscriber.lead_days)
                if (subscriber.id, window.task.key, lead) not in claimed
            )
            if leads:
                items.append(DueItem(window.task, leads))
        if items:
            batches.append(ReminderBatch(subscriber, tuple(items), now))
    return batches


# --- the email ------------------------------------------------------------------------------


def _subject_title(task: Task) -> str:
    # Only ",;:" are trimmed: an abbreviation's dot stays ("m.in.…").
    return shorten(task.title[:1].upper() + task.title[1:], SUBJECT_TITLE_MAX, trim=",;:")


def reminder_email_context(
    schedule: Schedule,
    items: Sequence[DueItem],
    now: datetime,
    *,
    base_url: str,
    manage_url: str,
    unsubscribe_url: str,
) -> dict[str, Any]:
    """Everything templates/emails/reminder.* need: tasks grouped by department, links.

    Only the tasks of `items` matter (their lead times do not show in the email); `now`
    decides which windows have already started.
    """
    today = _require_aware(now).date()
    groups: dict[str, dict[str, Any]] = {}
    for item in items:
        task = item.task
        department = schedule.department(task.department_id)
        group = groups.setdefault(
            task.department_id,
            {
                "id": task.department_id,
                "name": department.name if department else task.department_id,
                "url": f"{base_url}/#{task.department_id}",
                "tasks": [],
            },
        )
        assert task.period.start is not None
        assert task.period.end is not None
        group["tasks"].append(
            {
                "key": task.key,
                "label": task.label,
                "title": task.title,
                "period": task.period.text,
                "span": format_span(task.period.start, task.period.end),
                "started": task.period.start <= today,
            }
        )
    first = items[0].task
    more = len(items) - 1
    return {
        "city": schedule.city,
        "year": schedule.year,
        "schedule_title": schedule.title,
        "office_name": schedule.office.name,
        "office_email": schedule.office.email,
        "subject_title": _subject_title(first),
        "more": more,
        "more_text": f"i jeszcze {count_tasks(more)}" if more else "",
        "task_count": count_tasks(len(items)),
        "groups": list(groups.values()),
        "page_url": f"{base_url}/",
        "manage_url": manage_url,
        "unsubscribe_url": unsubscribe_url,
    }
