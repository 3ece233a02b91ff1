"""The rule of the call emails: "Ogłoszono konkurs", deadline reminders, "Zmiana terminu".

Pure: the schedule, the recorded window changes, the moment and each subscriber's choices are
passed in; what is due comes out, each alert with the key the delivery log dedupes on (one
email per alert and subscriber, ever).

- A call alert is due from its publication day until its offers close (Call.closes_at).
- A deadline reminder is due from `deadline_days` days before the deadline day (the
  subscriber's choice, 1–14) at the daily reminder time, until the offers close; not in the
  same pass as the call alert (that one already says how many days are left).
- A change alert is due while the old or the new window has not passed, to those who were
  subscribed when the change was recorded (they knew the old window).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from notifier.core.calls import Call
from notifier.core.schedule import Schedule, Task
from notifier.core.time import REMINDER_TIME, TIMEZONE, require_aware
from notifier.core.topic_vocabulary import canonical_topics
from notifier.core.window_changes import WindowChange


class AlertKind(StrEnum):
    """The delivery log's `kind` and the template set in templates/emails/<kind>.*."""

    CALL = "call"
    DEADLINE = "deadline"
    CHANGE = "change"


@dataclass(frozen=True)
class Alert:
    """One alert for everyone it concerns: `topics` are the slugs of the tasks it is about."""

    kind: AlertKind
    key: str  # "call:20240506-3f2a9c1b", "deadline:…", "change:17"
    topics: frozenset[str]
    call: Call | None = None
    tasks: tuple[Task, ...] = ()
    change: WindowChange | None = None

    def dedupe_key(self, subscriber_id: int) -> str:
        """The delivery log's unique key: this alert, this subscriber."""
        return f"{self.key}:{subscriber_id}"


@dataclass(frozen=True)
class Recipient:
    """What the rule needs of a subscriber: topics (None: all), deadline lead in days, and
    when they confirmed (aware; None for one added by hand before confirmations were kept)."""

    id: int
    topics: frozenset[str] | None
    deadline_days: int
    confirmed_at: datetime | None


def change_key(change_id: int) -> str:
    """The alert key of the recorded window change `change_id` ("change:17"); its emails'
    dedupe keys start with it and a colon."""
    return f"change:{change_id}"


def _call_tasks(schedule: Schedule, call: Call) -> tuple[Task, ...]:
    return tuple(t for key in call.tasks if (t := schedule.task(key)) is not None)


def candidate_alerts(
    schedule: Schedule,
    changes: Iterable[WindowChange],
    now: datetime,
    *,
    deadlines: bool,
) -> list[Alert]:
    """Every alert that may be due at `now` (aware) for someone; deadline reminders only when
    `deadlines` (the daily pass). Whether it is due for a subscriber: `wants`."""
    local = require_aware(now)
    today = local.date()
    out = []
    for call in schedule.calls:
        if not (call.published <= today and local < call.closes_at):
            continue
        tasks = _call_tasks(schedule, call)
        topics = frozenset(slug for t in tasks for slug in t.topics)
        out.append(Alert(AlertKind.CALL, f"call:{call.key}", topics, call, tasks))
        if deadlines:
            out.append(Alert(AlertKind.DEADLINE, f"deadline:{call.key}", topics, call, tasks))
    for change in changes:
        if change.still_ahead(today):
            out.append(
                Alert(
                    AlertKind.CHANGE, change_key(change.id), frozenset(change.topics), change=change
                )
            )
    return out


def deadline_reminder_from(call: Call, deadline_days: int, reminder_time: time) -> datetime:
    """When a deadline reminder with this lead becomes due (aware, Europe/Warsaw)."""
    day = call.deadline - timedelta(days=deadline_days)
    return datetime.combine(day, reminder_time, tzinfo=TIMEZONE)


def wants(
    alert: Alert,
    recipient: Recipient,
    now: datetime,
    *,
    reminder_time: time = REMINDER_TIME,
    call_alert_now: bool = False,
) -> bool:
    """Whether the alert is due for this subscriber at `now` (aware).

    `call_alert_now`: the call alert of the same call goes to them in this pass, so the
    deadline reminder waits for the next daily pass.
    """
    wanted = canonical_topics(recipient.topics) if recipient.topics is not None else None
    if wanted is not None and wanted.isdisjoint(canonical_topics(alert.topics)):
        return False
    if alert.kind is AlertKind.DEADLINE:
        assert alert.call is not None
        start = deadline_reminder_from(alert.call, recipient.deadline_days, reminder_time)
        return not call_alert_now and now >= start
    if alert.kind is AlertKind.CHANGE:
        assert alert.change is not None
        confirmed = recipient.confirmed_at
        return confirmed is None or confirmed <= alert.change.detected_at
    return True
