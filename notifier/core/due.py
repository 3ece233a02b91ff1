"""Which reminders are due at a moment: the rule in one place, pure, over plain data.

A reminder is one (subscriber, task window, lead L in 1..60 days). It is due iff

    due_at(window, L) <= now < window_end(window)

that is from the reminder time (08:00 Europe/Warsaw unless configured) L days before the
window opens, until the window has closed; a reminder not sent on time is still sent late
while the window is open, never after, and never once a call recorded as published by then
answers the window (core.task_status.called_windows), nor once the subscriber was sent the
alert of a call for it ("Ogłoszono konkurs"), even if the call is withdrawn afterwards
(`announced_windows`, recorded with the lead ANNOUNCED: notifier.jobs.due_query). A task printed with several rounds has a window, and so
reminders, per round; an undated task has none. `is_due` states the rule for one reminder;
`due_windows` is the same rule folded per window into the smallest due lead, over every
harmonogram of a catalog (one harmonogram is a catalog of one), the short list the database
joins its subscribers against (notifier.jobs.due_query). Every `now` must be
timezone-aware (ValueError otherwise); calendar days are Warsaw days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from notifier.core.calls import Call, call_window
from notifier.core.catalog import Catalog
from notifier.core.preferences import LEAD_DAYS_RANGE, MAX_LEAD_DAYS, MIN_LEAD_DAYS
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import Span
from notifier.core.task_status import called_windows
from notifier.core.time import REMINDER_TIME, TIMEZONE, require_aware, run_moment, warsaw_day
from notifier.core.topic_vocabulary import canonical_topics

# The lead recorded for a (subscriber, task window) told of its call by a call alert: no
# reminder's (they are 1..60), so it never stands for one; its row ends the window's
# "Zbliża się konkurs" reminders for that subscriber.
ANNOUNCED = 0


def announced_windows(schedule: Schedule, call: Call) -> list[tuple[str, Span]]:
    """The (task ref, window) pairs the alert of `call` tells as announced: each of its
    tasks' window the call answers (core.calls.call_window); undated tasks have none."""
    out = []
    for key in call.tasks:
        task = schedule.task(key)
        window = call_window(task.windows, call) if task is not None else None
        if task is not None and window is not None:
            out.append((task_ref(schedule, task), window))
    return out


def due_at(window: Span, lead_days: int, reminder_time: time = REMINDER_TIME) -> datetime:
    """When the reminder `lead_days` days ahead of `window` becomes due (aware, Europe/Warsaw).

    `reminder_time` (Warsaw wall clock, 08:00 by default) on the day `lead_days` calendar days
    before the window's first day. Any integer is accepted (the rule limits leads to 1..60).
    """
    return run_moment(window.start - timedelta(days=lead_days), reminder_time)


def window_end(window: Span) -> datetime:
    """The moment the window has ended: 00:00 Europe/Warsaw on its (exclusive) end day."""
    return datetime.combine(window.end, time(0), tzinfo=TIMEZONE)


def is_due(
    window: Span, lead_days: int, now: datetime, reminder_time: time = REMINDER_TIME
) -> bool:
    """The rule for one reminder: is the one `lead_days` days ahead of `window` due at `now`?

    True iff `lead_days` is in 1..60 and
    due_at(window, lead_days, reminder_time) <= now < window_end(window). Leads outside 1..60
    are never due. ValueError if `now` is naive.
    """
    now = require_aware(now)
    if lead_days not in LEAD_DAYS_RANGE:
        return False
    return due_at(window, lead_days, reminder_time) <= now < window_end(window)


@dataclass(frozen=True)
class DueTask:
    """A task's window (one round) still open at the moment asked, and the smallest lead due.

    Every lead in `min_lead`..60 days is due then (is_due), and none below it. `schedule` is
    the harmonogram of the task (set by due_windows; None only where a caller builds one).
    """

    task: Task
    window: Span
    min_lead: int
    schedule: Schedule | None = field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> str:
        """What the delivery log calls the task: "city:department/task" in a catalog."""
        return task_ref(self.schedule, self.task) if self.schedule else self.task.key

    @property
    def city_id(self) -> str:
        """The id of the task's city; "" when the task does not come from a catalog."""
        return self.schedule.city_id if self.schedule else ""


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
    catalog: Catalog, now: datetime, reminder_time: time = REMINDER_TIME
) -> list[DueTask]:
    """Per task window (round) of every harmonogram with a reminder due at `now` (aware), the
    smallest lead due; each DueTask knows its harmonogram (so its `ref` names the city).

    Reminders become due at `reminder_time` (Warsaw wall clock), 08:00 unless configured.
    A window is listed iff is_due(window, L, now) for some L in 1..60, and then exactly the
    leads min_lead..60 are due. Ordered by window start, then city and year, then as in the
    file. The database joins this short list against subscribers' lead days and topics
    (notifier.jobs.due_query). ValueError if `now` is naive.
    """
    out: list[tuple[tuple[object, ...], DueTask]] = []
    for entry in catalog.entries:
        schedule = entry.schedule
        for i, due in enumerate(_harmonogram_windows(schedule, now, reminder_time)):
            key = (due.window.start, schedule.city_id, schedule.year, i)
            out.append((key, replace(due, schedule=schedule)))
    out.sort(key=lambda kd: kd[0])
    return [due for _, due in out]


def _harmonogram_windows(schedule: Schedule, now: datetime, reminder_time: time) -> list[DueTask]:
    """due_windows of one harmonogram, ordered by window start, then as in the file."""
    now = require_aware(now)
    order = {t.key: i for i, t in enumerate(schedule.tasks())}
    called = called_windows(schedule, warsaw_day(now))
    out = []
    for task in schedule.tasks():
        for window in task.windows:
            if (task.key, window) in called:
                continue  # its call is recorded: the window is no longer coming
            lead = _min_lead(window, now, reminder_time)
            if lead is not None:
                out.append(DueTask(task, window, lead))
    out.sort(key=lambda d: (d.window.start, order[d.task.key]))
    return out


@dataclass(frozen=True)
class DueItem:
    """One task window in a reminder email, with every lead time (days, ascending) due for it.

    Each (subscriber, task, window start, lead) is claimed once in the delivery log;
    `schedule` as in DueTask.
    """

    task: Task
    window: Span
    leads: tuple[int, ...]
    schedule: Schedule | None = field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> str:
        """What the delivery log calls the task (see DueTask.ref)."""
        return task_ref(self.schedule, self.task) if self.schedule else self.task.key


def task_ref(schedule: Schedule, task: Task) -> str:
    """A task's reference across harmonograms: "leszno:kultura-sport/rozwoj-sportu"."""
    return f"{schedule.city_id}:{task.key}"


def due_for(
    windows: Sequence[DueTask],
    *,
    topics: frozenset[str] | None,
    lead_days: Iterable[int],
    cities: frozenset[str] | None,
) -> tuple[DueItem, ...]:
    """What is due for one subscriber, before the delivery log is consulted.

    `windows` is due_windows' short list for the moment, kept in its
    order. A window is for the subscriber when its task shares a topic with `topics` (None:
    every topic, so also a task without topics) and its harmonogram's city is in `cities`
    (None: every city; a task outside a catalog, city_id "", is for everyone). Its due leads
    are the subscriber's `lead_days` (days) from the window's min_lead up, ascending; a lead
    outside 1..60 is never due (as in is_due). The delivery log's claims are subtracted by the
    caller: each (subscriber, task, window start, lead) is sent once.
    """
    leads = sorted({d for d in lead_days if d in LEAD_DAYS_RANGE})
    topics = canonical_topics(topics) if topics is not None else None  # stored before aliases
    longest = leads[-1] if leads else 0
    out = []
    for due in windows:
        if due.min_lead > longest:
            continue
        if topics is not None and topics.isdisjoint(due.task.topics):
            continue
        if cities is not None and due.city_id and due.city_id not in cities:
            continue
        chosen = tuple(d for d in leads if d >= due.min_lead)
        if chosen:
            out.append(DueItem(due.task, due.window, chosen, due.schedule))
    return tuple(out)
