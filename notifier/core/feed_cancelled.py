"""Removed and moved-away events kept a while in the calendar as cancelled (RFC 5545
§3.8.1.11 STATUS:CANCELLED, with a raised SEQUENCE §3.8.7.4).

Subscribing clients drop an event that leaves a feed, but clients that import a feed once
(khal, calcurse, Evolution's import) keep it for ever unless told it is cancelled. An
announcement's UID names its window (notifier.core.announcements.announcement_uid), so a
window that moved away or a task that left the harmonogram leaves a UID behind; the recorded
window changes (notifier.core.window_changes) say which and when. Such an event stays in the
feed as cancelled for CANCELLED_KEPT after the change was noticed, then is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from notifier.core.announcements import TaskFilter, announcement_uid
from notifier.core.feed import EventVersion, in_city
from notifier.core.ical_component import Component
from notifier.core.language import gettext as _
from notifier.core.schedule import Schedule
from notifier.core.time import TIMEZONE
from notifier.core.window_changes import WindowChange

CANCELLED_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class GoneEvent:
    """An announcement event no longer in the harmonogram: its UID and window [start, end),
    the department, the tasks' titles and topics, what happened (WindowChange.describe of
    each), when it was noticed (aware) and whether its tasks only moved to another date."""

    uid: str
    start: date
    end: date
    department_id: str
    titles: tuple[str, ...]
    topics: frozenset[str]
    what: tuple[str, ...]
    detected_at: datetime
    moved: bool = True  # the task is still there at another date (False: it left the harmonogram)


def gone_events(
    schedule: Schedule, changes: Iterable[WindowChange], current: Iterable[str]
) -> list[GoneEvent]:
    """The announcement events that `changes` (the harmonogram's recorded window changes)
    took out of it and that are not back among the `current` UIDs, by UID, each as last
    changed."""
    present = set(current)
    found: dict[str, GoneEvent] = {}
    for change in sorted(changes, key=lambda c: (c.detected_at, c.id)):
        new = set(change.new.windows) if change.new is not None else set()
        for window in change.old.windows:
            if window in new:
                continue
            uid = announcement_uid(schedule, change.department_id, window.start, window.end)
            if uid in present:
                continue
            before = found.get(uid)
            if before is None or before.detected_at != change.detected_at:
                before = None  # a later change of the same window: it is what happened last
            found[uid] = GoneEvent(
                uid,
                window.start,
                window.end,
                change.department_id,
                (*(before.titles if before else ()), change.title),
                frozenset(change.topics) | (before.topics if before else frozenset()),
                (*(before.what if before else ()), f"{change.title}: {change.describe()}"),
                change.detected_at,
                (before.moved if before else True) and change.new is not None,
            )
    return list(found.values())


def kept(gone: GoneEvent, today: date) -> bool:
    """Whether the cancelled event is still in the feed on `today` (a Warsaw day)."""
    return today < gone.detected_at.astimezone(TIMEZONE).date() + CANCELLED_KEPT


def cancelled_events(
    schedule: Schedule,
    gone: Sequence[GoneEvent],
    versions: Mapping[str, EventVersion],
    task_filter: TaskFilter,
    today: date,
    *,
    named: bool = False,
) -> list[bytes]:
    """The serialised STATUS:CANCELLED VEVENT of each `gone` event still kept on `today`
    whose tasks match `task_filter`. Its SEQUENCE and LAST-MODIFIED are its version in
    `versions` (the store raises it when the event goes, see store.event_versions); without
    one, SEQUENCE 1 and the change's time. `named`: the feed mixes cities (see in_city)."""
    out = []
    for item in gone:
        if not kept(item, today) or not _matches(item, task_filter):
            continue
        version = versions.get(item.uid) or EventVersion(1, item.detected_at.astimezone(UTC))
        event = Component("VEVENT")
        event.add("uid", item.uid)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", gone_summary(item))
        lines = [
            _("Tego terminu nie ma już w harmonogramie."),
            "",
            *item.what,
            "",
            f"{schedule.title} – {schedule.city}",
        ]
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
        if named:
            in_city(event, schedule, [item.department_id])
        event.add("dtstamp", version.last_modified)
        event.add("last-modified", version.last_modified)
        event.add("sequence", version.sequence)
        out.append(event.to_ical())
    return out


def gone_summary(item: GoneEvent) -> str:
    """A gone event's title: its date changed (the call moved, it is not called off), or its
    tasks left the harmonogram. STATUS:CANCELLED says only that this occurrence (this UID at
    this date) will not take place (RFC 5545 §3.8.1.11); the moved task has its own event."""
    titles = {"titles": ", ".join(item.titles)}
    if item.moved:
        return _("Termin zmieniony: %(titles)s") % titles
    return _("Usunięte z harmonogramu: %(titles)s") % titles


def _matches(item: GoneEvent, task_filter: TaskFilter) -> bool:
    if task_filter.topics and task_filter.topics.isdisjoint(item.topics):
        return False
    return not task_filter.departments or item.department_id in task_filter.departments
