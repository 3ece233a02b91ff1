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
- A correction ("Zmiana w ogłoszeniu", blind11 F6) is due while the call's offers are open,
  to those told an older version of the call (core.call_changes) that says something else;
  who they are is the delivery log's (notifier.store.call_versions.told_versions). A
  deadline reminder of a moved deadline is a new reminder, due by the usual rule; one sent
  for the deadline day first recorded stands for that day only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from notifier.core.call_changes import (
    CallHistory,
    Histories,
    Told,
    call_ref,
    deadline_moved,
    harmonogram_of,
)
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
    CORRECTION = "correction"


@dataclass(frozen=True)
class Alert:
    """One alert for everyone it concerns: `topics` are the slugs of the tasks it is about."""

    kind: AlertKind
    key: str  # "call:leszno/2024/20240506-3f2a9c1b", "deadline:…", "change:17", "correction:9"
    topics: frozenset[str]
    call: Call | None = None
    tasks: tuple[Task, ...] = ()
    change: WindowChange | None = None
    old_key: str = ""  # the key before issue 25, naming no harmonogram ("call:20240506-…")
    history: CallHistory | None = None  # the call's recorded versions (a call, a correction)
    before: Told | None = None  # a correction: what this subscriber was told (set per email)

    def dedupe_key(self, subscriber_id: int) -> str:
        """The delivery log's unique key: this alert, this subscriber."""
        return f"{self.key}:{subscriber_id}"

    def old_dedupe_key(self, subscriber_id: int) -> str | None:
        """The dedupe key this alert had before issue 25, if it had another: a row of it
        means the email went out (it may have been either city's; never send it twice)."""
        return f"{self.old_key}:{subscriber_id}" if self.old_key else None


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


def call_alert_key(schedule: Schedule, call: Call) -> str:
    """The key of the alert "Ogłoszono konkurs" of `call` ("call:leszno/2024/20240506-…");
    its emails' dedupe keys are it, a colon and the subscriber. The call key alone names no
    city: two cities' calls of one task key published the same day share it (issue 25)."""
    return f"{AlertKind.CALL}:{harmonogram_of(schedule)}/{call.key}"


def deadline_alert_key(schedule: Schedule, call: Call, history: CallHistory | None = None) -> str:
    """The key of the deadline reminder of `call` ("deadline:leszno/2024/20240506-…"); of a
    deadline moved from the day first recorded (`history`), the day is added
    ("…@20261220"): a reminder of the new day, which one sent for the old day does not stand
    for (moved back, the old key's reminder stands again)."""
    key = f"{AlertKind.DEADLINE}:{harmonogram_of(schedule)}/{call.key}"
    return f"{key}@{call.deadline:%Y%m%d}" if deadline_moved(history, call) else key


def correction_key(history: CallHistory) -> str:
    """The key of the correction telling the call's latest version ("correction:9")."""
    return f"{AlertKind.CORRECTION}:{history.latest.id}"


def old_alert_key(kind: AlertKind, call_key: str) -> str:
    """The key of a call's alert before issue 25 ("call:20240506-…"), naming no city; rows
    of it stay in the delivery log and count as sent for every city's call of that key."""
    return f"{kind}:{call_key}"


def _call_tasks(schedule: Schedule, call: Call) -> tuple[Task, ...]:
    return tuple(t for key in call.tasks if (t := schedule.task(key)) is not None)


def candidate_alerts(
    schedule: Schedule,
    changes: Iterable[WindowChange],
    now: datetime,
    *,
    deadlines: bool,
    histories: Histories | None = None,
) -> list[Alert]:
    """Every alert that may be due at `now` (aware) for someone; deadline reminders only when
    `deadlines` (the daily pass); `histories` the calls' recorded versions by call_ref
    (corrections). Whether it is due for a subscriber: `wants` (and, for a correction, what
    they were told)."""
    local = require_aware(now)
    today = local.date()
    out = []
    for call in schedule.calls:
        if not (call.published <= today and local < call.closes_at):
            continue
        tasks = _call_tasks(schedule, call)
        topics = frozenset(slug for t in tasks for slug in t.topics)
        history = (histories or {}).get(call_ref(schedule, call))
        old = old_alert_key(AlertKind.CALL, call.key)
        key = call_alert_key(schedule, call)
        out.append(Alert(AlertKind.CALL, key, topics, call, tasks, old_key=old, history=history))
        if history is not None and history.corrected:
            key = correction_key(history)
            out.append(Alert(AlertKind.CORRECTION, key, topics, call, tasks, history=history))
        if deadlines:
            moved = deadline_moved(history, call)
            old = "" if moved else old_alert_key(AlertKind.DEADLINE, call.key)
            key = deadline_alert_key(schedule, call, history)
            out.append(Alert(AlertKind.DEADLINE, key, topics, call, tasks, old_key=old))
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

    `call_alert_now`: the call alert of the same call, or its correction, goes to them in
    this pass, so the deadline reminder waits for the next daily pass. A correction goes to
    whoever was told an older version (the caller's check), whatever their topics now.
    """
    if alert.kind is AlertKind.CORRECTION:
        return True
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
