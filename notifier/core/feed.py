"""Build the iCalendar feed (RFC 5545): one all-day (or multi-week) VEVENT per announcement.

A task with several rounds is in one VEVENT per round; each VEVENT's SUMMARY is built from the
tasks' short names, its DESCRIPTION gives the printed titles and details. An expected window
is STATUS:TENTATIVE; once a call answers it, CONFIRMED with the call's URL and dates, and each
call adds a deadline event (notifier.core.feed_calls).

Identical input gives identical bytes: SEQUENCE and LAST-MODIFIED come from `versions` (kept by
the adapter, see event_hashes), never the clock; without one, SEQUENCE 0 and "stan na dzień".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from notifier.core.announcements import (
    EVERYTHING,
    Selected,
    TaskFilter,
    group_announcements,
    select,
)
from notifier.core.calls import Call
from notifier.core.feed_calls import (
    DeadlineEvent,
    announcement_calls,
    call_lines,
    deadline_end,
    deadline_events,
    deadline_vevent,
    still_shown,
)
from notifier.core.feed_timezone import WARSAW_VTIMEZONE_BYTES
from notifier.core.ical_component import Component
from notifier.core.language import POLISH, Voice, quoted, speaking
from notifier.core.language import gettext as _
from notifier.core.polish import (
    count_days,
    count_more_tasks,
    count_tasks,
    format_as_of,
    listed_names,
)
from notifier.core.preferences import LEAD_DAYS_RANGE
from notifier.core.schedule import Schedule
from notifier.core.spans import period_with_wording
from notifier.core.task_wording import task_details

PRODID = "-//notifier//Harmonogram otwartych konkursów ofert//PL"
REFRESH_INTERVAL = timedelta(hours=12)
SUMMARY_LISTED_MAX = 80  # characters of a title that lists three tasks' names
ALARM_DAYS_RANGE = LEAD_DAYS_RANGE  # a calendar alarm may be set as far ahead as a reminder
# What a calendar without events holds (RFC 5545 section 3.6: at least one component).
EMPTY_CALENDAR_BODY = WARSAW_VTIMEZONE_BYTES


@dataclass(frozen=True)
class EventVersion:
    """How often an event's content changed (SEQUENCE, RFC 5545 §3.8.7.4) and when it last
    did (LAST-MODIFIED, §3.8.7.3; aware UTC)."""

    sequence: int
    last_modified: datetime


def calendar_name(schedule: Schedule, task_filter: TaskFilter = EVERYTHING) -> str:
    """One harmonogram's feed's name: 'Konkursy ofert Leszno 2024 – Sport i kultura fizyczna'."""
    name = _("Konkursy ofert %(city)s %(year)s") % {"city": schedule.city, "year": schedule.year}
    label = task_filter.describe(schedule)
    return f"{name} – {label}" if label else name


def harmonogram_description(schedule: Schedule) -> str:
    """One harmonogram's feed's X-WR-CALDESC: its title, city and "stan na dzień"."""
    return _(
        "%(title)s, %(city)s (stan na dzień %(day)s). Spodziewane terminy ogłaszania otwartych "
        "konkursów ofert dla organizacji pozarządowych."
    ) % {"title": schedule.title, "city": schedule.city, "day": format_as_of(schedule.as_of)}


def render_calendar(
    schedule: Schedule,
    task_filter: TaskFilter = EVERYTHING,
    *,
    base_url: str | None = None,
    alarm_days: int | None = None,
    versions: Mapping[str, EventVersion] | None = None,
) -> bytes:
    """The feed as iCalendar bytes (CRLF, folded at 75 octets), filtered by `task_filter`.

    `versions` maps a UID to its event's version (see event_hashes); a UID missing from it
    gets SEQUENCE 0 and the schedule's "stan na dzień" as LAST-MODIFIED.
    """
    name = calendar_name(schedule, task_filter)
    description = harmonogram_description(schedule)
    events, timed = schedule_events(
        schedule, task_filter, base_url=base_url, alarm_days=alarm_days, versions=versions
    )
    return assemble_calendar(name, description, events, timed=timed)


def check_alarm_days(alarm_days: int | None) -> None:
    """ValueError unless `alarm_days` is None or in ALARM_DAYS_RANGE."""
    if alarm_days is not None and alarm_days not in ALARM_DAYS_RANGE:
        low, high = ALARM_DAYS_RANGE[0], ALARM_DAYS_RANGE[-1]
        raise ValueError(f"alarm_days must be {low}–{high}, got {alarm_days}")


def assemble_calendar(
    name: str, description: str, events: Iterable[bytes], *, timed: bool = False
) -> bytes:
    """A VCALENDAR named `name` around already serialised VEVENTs (CRLF, folded); `timed`:
    some event has a time of day in Europe/Warsaw (its VTIMEZONE is then included)."""
    head, tail = calendar_frame(name, description, timed=timed)
    body = [event for event in events if event]
    if not body:  # RFC 5545 section 3.6: a calendar holds at least one component
        body.append(EMPTY_CALENDAR_BODY)
    return b"".join((head, *body, tail))


def calendar_frame(name: str, description: str, *, timed: bool = False) -> tuple[bytes, bytes]:
    """The bytes before and after the VEVENTs of assemble_calendar: a calendar is
    head + its events (EMPTY_CALENDAR_BODY when it has none) + tail, whichever way the
    events are joined (static publishing streams each harmonogram's part from disk)."""
    cal = Component("VCALENDAR")
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # NAME and X-WR-* are TEXT: escaped like any text ("," and ";": a filtered name holds
    # commas).
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", "Europe/Warsaw")
    cal.add("refresh-interval", REFRESH_INTERVAL, {"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH_INTERVAL)
    if timed:  # a deadline with an hour names its TZID
        cal.add_component(WARSAW_VTIMEZONE_BYTES)
    lines = cal.lines()
    return b"".join(lines[:-1]), lines[-1]


def schedule_events(
    schedule: Schedule,
    task_filter: TaskFilter = EVERYTHING,
    *,
    base_url: str | None = None,
    alarm_days: int | None = None,
    versions: Mapping[str, EventVersion] | None = None,
    page_path: str = "/",
    ended_by: date | None = None,
    named: bool = False,
    memo: dict[tuple[object, ...], bytes] | None = None,
) -> tuple[list[bytes], bool]:
    """Each VEVENT of one harmonogram's selected announcements and calls' deadlines,
    serialised, and whether a deadline has a time of day (see assemble_calendar).

    `named`: the feed mixes cities, so each event says where it is (see in_city). `memo`:
    events serialised for this harmonogram with the same `base_url`, `versions`, `page_path`
    and language (the caller keeps one for each), reused by every filter showing them.
    `versions` maps a UID to its event's version (see event_hashes); a UID missing from it
    gets SEQUENCE 0 and the schedule's "stan na dzień" as LAST-MODIFIED. `page_path` is where
    an event's URL points on the site ("/", "/leszno/2024/"); `ended_by`: leave out the
    events (announcements and deadlines alike, see still_shown) ending (exclusive end) on or
    before that day.
    """
    check_alarm_days(alarm_days)
    first = EventVersion(0, datetime.combine(schedule.as_of, time(0), tzinfo=UTC))
    versions = versions or {}
    deadlines = list(deadline_events(schedule, task_filter))

    def stamped(event: Component) -> bytes:
        version = versions.get(str(event["UID"]), first)
        event.add("dtstamp", version.last_modified)
        event.add("last-modified", version.last_modified)
        event.add("sequence", version.sequence)
        return event.to_ical()

    # Each event is serialised on its own (one event's object tree alive at a time: a whole
    # calendar's tree of 20,000 tasks makes the garbage collector's passes grow with it).
    def where(event: Component, department_ids: Iterable[str]) -> Component:
        return in_city(event, schedule, department_ids) if named else event

    memo = memo if memo is not None else {}

    def announced(selected: Selected) -> bytes:
        shown = selected.announcement
        key = (shown.department.id, shown.start, shown.end, *(t.key for t in selected.matching))
        key += (named, alarm_days)
        if key not in memo:
            event = _event(schedule, selected, base_url, page_path)
            event = where(event, [selected.announcement.department.id])
            memo[key] = stamped(_with_alarm(event, alarm_days))
        return memo[key]

    def deadline(item: DeadlineEvent) -> bytes:
        key = ("call", item.call.index, *(t.key for t in item.tasks), named, alarm_days)
        if key not in memo:
            event = deadline_vevent(schedule, item, base_url, page_path)
            event = where(event, [task.department_id for task in item.tasks])
            memo[key] = stamped(_with_alarm(event, alarm_days))
        return memo[key]

    events = [
        announced(selected)
        for selected in select(group_announcements(schedule), task_filter)
        if still_shown(selected.announcement.end, ended_by)
    ]
    deadlines = [d for d in deadlines if still_shown(deadline_end(d.call), ended_by)]
    calls = [deadline(item) for item in deadlines]
    return [*events, *calls], any(item.timed for item in deadlines)


def in_city(event: Component, schedule: Schedule, department_ids: Iterable[str]) -> Component:
    """`event` made understandable in a calendar that mixes cities: its SUMMARY after the
    city's name ("Leszno: Termin składania ofert: Rozwój sportu") and a LOCATION naming the
    city and the departments ("Leszno, Wydział Kultury i Sportu"; RFC 5545 §3.8.1.7). Applied
    on serving, after the content hash (event_hashes), so it never raises a SEQUENCE."""
    names = [
        department.name
        for department_id in dict.fromkeys(department_ids)
        if (department := schedule.department(department_id)) is not None
    ]
    summary = str(event.pop("SUMMARY"))
    event.add("summary", f"{schedule.city}: {summary}")
    event.add("location", ", ".join([schedule.city, *names]))
    return event


def event_hashes(
    schedule: Schedule, base_url: str | None = None, page_path: str = "/"
) -> dict[str, str]:
    """Every event's UID and a hash of its whole content (unfiltered, without alarm, DTSTAMP,
    LAST-MODIFIED or SEQUENCE) as served with its links to `page_path`: when a hash changes,
    the event's version goes up."""
    out = {}
    with speaking(Voice(POLISH)):  # one version whichever language a feed is asked in
        for selected in select(group_announcements(schedule), EVERYTHING):
            event = _event(schedule, selected, base_url, page_path)
            out[str(event["UID"])] = hashlib.sha256(event.to_ical()).hexdigest()
        for item in deadline_events(schedule, EVERYTHING):
            event = deadline_vevent(schedule, item, base_url, page_path)
            out[str(event["UID"])] = hashlib.sha256(event.to_ical()).hexdigest()
    return out


def event_uids(schedule: Schedule) -> list[str]:
    """The UID of every event of the harmonogram (announcements, then calls' deadlines),
    unfiltered; cheap: nothing is rendered."""
    uids = [s.announcement.uid(schedule) for s in select(group_announcements(schedule), EVERYTHING)]
    return uids + [item.uid(schedule) for item in deadline_events(schedule, EVERYTHING)]


def _with_alarm(event: Component, alarm_days: int | None) -> Component:
    if alarm_days is not None:
        alarm = Component("VALARM")
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-alarm_days))
        alarm.add(
            "description",
            _("Za %(days)s: %(summary)s")
            % {"days": count_days(alarm_days), "summary": event["SUMMARY"]},
        )
        event.add_component(alarm)
    return event


def _event(
    schedule: Schedule, selected: Selected, base_url: str | None, page_path: str = "/"
) -> Component:
    """An announcement's VEVENT without DTSTAMP, LAST-MODIFIED, SEQUENCE and alarm."""
    announcement = selected.announcement
    department = announcement.department
    tasks = selected.matching
    calls = announcement_calls(schedule, selected)

    event = Component("VEVENT")
    event.add("uid", announcement.uid(schedule))
    event.add("dtstart", announcement.start)  # VALUE=DATE: an all-day span, DTEND exclusive
    event.add("dtend", announcement.end)
    event.add("summary", _called(calls, event_summary(selected)))
    event.add("description", event_description(schedule, selected, base_url, calls, page_path))
    event.add("status", "CONFIRMED" if calls else "TENTATIVE")
    event.add("transp", "TRANSPARENT")
    labels = [
        label for slug, label in schedule.topics.items() if any(slug in t.topics for t in tasks)
    ]
    if labels:
        event.add("categories", labels)
    if calls:
        event.add("url", calls[0].url)
    elif base_url:
        event.add("url", f"{base_url.rstrip('/')}{page_path}#{department.id}")
    return event


def _called(calls: Sequence[Call], summary: str) -> str:
    """'Ogłoszono 6 maja 2024 — oferty do 28 maja 2024: Rozwój sportu' once a call is out."""
    return f"{calls[0].headline}: {summary}" if calls else summary


def event_summary(selected: Selected) -> str:
    """The event's title from the tasks' short names (or titles built from the printed ones).

    'Rozwój sportu – II tura', 'Kluby abstynenckie i biuro wolontariatu', three names when they
    fit SUMMARY_LISTED_MAX characters, else 'Kluby abstynenckie, aktywizacja osób uzależnionych
    i jeszcze 4 zadania' – never a printed fragment.
    """
    department = selected.announcement.department
    names = listed_names([department.title_of(task) for task in selected.matching])
    names[1:] = [_mid_sentence(name) for name in names[1:]]
    if len(names) == 1:
        return names[0]
    listed = _("%(names)s i %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    if len(names) == 2 or (len(names) == 3 and len(listed) <= SUMMARY_LISTED_MAX):
        return listed
    more = {"first": names[0], "second": names[1], "more": count_more_tasks(len(names) - 2)}
    return _("%(first)s, %(second)s i %(more)s") % more


def _mid_sentence(name: str) -> str:
    """A name after a comma: its first letter lower-cased unless it starts an acronym (FAS)."""
    first = name.split(" ", 1)[0]
    return name if first[1:2].isupper() or first[1:2].isdigit() else name[:1].lower() + name[1:]


def event_description(
    schedule: Schedule,
    selected: Selected,
    base_url: str | None,
    calls: Sequence[Call] = (),
    page_path: str = "/",
) -> str:
    """The event's DESCRIPTION: the calls out (date, deadline, amount, link, results), the
    department, printed task titles, the window as printed and worded, round, planned
    amounts, mode, links and contacts, and where calls are published."""
    announcement = selected.announcement
    department = announcement.department
    if calls:
        lines = [
            *call_lines(calls),
            _("Ogłoszony otwarty konkurs ofert: %(department)s.") % {"department": department.name},
        ]
    else:
        lines = [
            _("Spodziewane ogłoszenie otwartego konkursu ofert: %(department)s.")
            % {"department": department.name}
        ]
    scope = (department.scope or "").strip()
    lines += ["", scope] if scope else []
    if not scope.endswith(":"):  # a "Zadania w zakresie …:" scope heads the tasks itself
        lines += ["", _("Zadania (%(count)s):") % {"count": len(selected.matching)}]
    for task in selected.matching:
        lines.append(f"• {task.label}")
        lines += [f"  {detail}" for detail in task_details(task)]
    if selected.others:
        lines.append(
            _("Ogłoszenie obejmuje też %(tasks)s spoza wybranych tematów.")
            % {"tasks": count_tasks(selected.others)}
        )
    texts, wording = announcement.period_texts, announcement.wording
    when = f"{', '.join(quoted(text) for text in texts)} ({wording})"
    if len(texts) == 1:  # the printed period and its window, nothing said twice
        when = period_with_wording(texts[0], wording, quote=True)
    rounds = sorted({task.round_label(announcement.window) for task in selected.matching} - {""})
    round_note = "".join(f"; {label}" for label in rounds)
    lines += [
        "",
        _("Termin według harmonogramu: %(when)s.") % {"when": f"{when}{round_note}"},
        _("%(title)s – %(city)s, stan na dzień %(day)s")
        % {"title": schedule.title, "city": schedule.city, "day": format_as_of(schedule.as_of)},
    ]
    if schedule.source:
        lines.append(_("Źródło: %(source)s") % {"source": schedule.source})
    if schedule.announcements_url:
        lines.append(
            _("Ogłoszenia konkursów będą publikowane pod adresem: %(url)s")
            % {"url": schedule.announcements_url}
        )
    if base_url:
        lines.append(
            _("Pełny harmonogram: %(url)s") % {"url": f"{base_url.rstrip('/')}{page_path}"}
        )
    return "\n".join(lines)
