"""Structural checks of an iCalendar feed, shared by the feed, CLI and web tests.

`check_ics(data)` asserts what every feed we serve must satisfy (RFC 5545 line rules, unique
UIDs, DTSTAMP, all-day DATE spans or — for a deadline with an hour — DATE-TIME spans with a
TZID whose VTIMEZONE the feed carries) and parses the bytes with three independent readers —
icalendar, the strict `ical` package and vobject (with validate) — which must agree on every
event. It returns the events by UID so a test can go on to check dates and text.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class CheckedEvent:
    """One VEVENT as all three parsers read it."""

    uid: str
    start: date  # a date, or an aware datetime for a timed event
    end: date  # exclusive
    summary: str
    description: str
    categories: tuple[str, ...]
    url: str | None
    alarm_triggers: tuple[timedelta, ...]


def check_lines(data: bytes) -> None:
    """CRLF everywhere, every physical line at most 75 octets and valid UTF-8 on its own."""
    assert data.startswith(b"BEGIN:VCALENDAR\r\n"), data[:40]
    assert data.endswith(b"END:VCALENDAR\r\n"), data[-40:]
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, start=1):
        assert b"\r" not in line, f"line {number}: bare CR in {line!r}"
        assert b"\n" not in line, f"line {number}: bare LF in {line!r}"
        assert len(line) <= MAX_LINE_OCTETS, f"line {number}: {len(line)} octets: {line!r}"
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AssertionError(f"line {number} is not valid UTF-8 on its own: {line!r}") from exc
        assert line, f"line {number} is empty"


def _as_date(value: object, what: str) -> date:
    """A DATE (all-day), or an aware DATE-TIME (a timed deadline)."""
    if isinstance(value, datetime):
        assert value.utcoffset() is not None, f"{what}: a floating time, no TZID"
        return value
    assert type(value) is date, f"{what} must be a DATE (all-day), got {value!r}"
    return value


def _icalendar_categories(event: icalendar.Event) -> tuple[str, ...]:
    props = event.get("CATEGORIES", [])
    props = props if isinstance(props, list) else [props]
    return tuple(str(category) for prop in props for category in prop.cats)


def _icalendar_events(data: bytes) -> dict[str, CheckedEvent]:
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"])
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    events: dict[str, CheckedEvent] = {}
    for event in cal.walk("VEVENT"):
        assert "UID" in event, "VEVENT without UID"
        uid = str(event["UID"])
        assert uid not in events, f"duplicate UID {uid}"
        assert "DTSTAMP" in event, f"{uid}: no DTSTAMP"
        stamp = event["DTSTAMP"].dt
        assert isinstance(stamp, datetime), f"{uid}: DTSTAMP must be a date-time"
        assert stamp.utcoffset() == timedelta(0), f"{uid}: DTSTAMP must be in UTC"
        start_prop, end_prop = event["DTSTART"], event["DTEND"]
        assert type(start_prop.dt) is type(end_prop.dt), f"{uid}: DTSTART/DTEND types differ"
        for prop in (start_prop, end_prop):
            if isinstance(prop.dt, datetime):
                assert prop.params.get("TZID") in zones, f"{uid}: TZID without a VTIMEZONE"
            else:
                assert prop.params.get("VALUE") == "DATE", f"{uid}: {prop.to_ical()!r} not DATE"
        start = _as_date(start_prop.dt, f"{uid} DTSTART")
        end = _as_date(end_prop.dt, f"{uid} DTEND")
        assert end > start, f"{uid}: DTEND {end} is not after DTSTART {start}"
        triggers = tuple(alarm["TRIGGER"].dt for alarm in event.walk("VALARM"))
        events[uid] = CheckedEvent(
            uid=uid,
            start=start,
            end=end,
            summary=str(event["SUMMARY"]),
            description=str(event.get("DESCRIPTION", "")),
            categories=_icalendar_categories(event),
            url=str(event["URL"]) if "URL" in event else None,
            alarm_triggers=triggers,
        )
    return events


def _ical_events(text: str) -> dict[str, CheckedEvent]:
    cal = IcsCalendarStream.calendar_from_ics(text)
    events = {}
    for event in cal.events:
        assert event.uid, "VEVENT without UID (ical)"
        assert event.dtstamp is not None
        events[event.uid] = CheckedEvent(
            uid=event.uid,
            start=_as_date(event.dtstart, f"{event.uid} DTSTART (ical)"),
            end=_as_date(event.dtend, f"{event.uid} DTEND (ical)"),
            summary=event.summary or "",
            description=event.description or "",
            categories=tuple(event.categories),
            url=event.url,
            alarm_triggers=tuple(alarm.trigger for alarm in event.alarm),
        )
    assert len(events) == len(cal.events), "duplicate UID (ical)"
    return events


def _vobject_events(text: str) -> dict[str, CheckedEvent]:
    cal = vobject.readOne(text)
    cal.validate(raiseException=True)
    events = {}
    for event in cal.contents.get("vevent", []):
        uid = event.uid.value
        events[uid] = CheckedEvent(
            uid=uid,
            start=_as_date(event.dtstart.value, f"{uid} DTSTART (vobject)"),
            end=_as_date(event.dtend.value, f"{uid} DTEND (vobject)"),
            summary=event.summary.value,
            description=event.description.value if "description" in event.contents else "",
            categories=tuple(
                c for prop in event.contents.get("categories", []) for c in prop.value
            ),
            url=event.url.value if "url" in event.contents else None,
            alarm_triggers=tuple(a.trigger.value for a in event.contents.get("valarm", [])),
        )
    assert len(events) == len(cal.contents.get("vevent", [])), "duplicate UID (vobject)"
    return events


def check_ics(data: bytes) -> dict[str, CheckedEvent]:
    """Every structural check on a feed; the events by UID, identical in all three parsers."""
    check_lines(data)
    text = data.decode("utf-8")
    by_icalendar = _icalendar_events(data)
    by_ical = _ical_events(text)
    by_vobject = _vobject_events(text)
    assert by_ical == by_icalendar, "ical and icalendar read the events differently"
    assert by_vobject == by_icalendar, "vobject and icalendar read the events differently"
    return by_icalendar


def calendar_properties(data: bytes) -> dict[str, str]:
    """The VCALENDAR's own properties, unescaped as vobject reads them (name -> value)."""
    cal = vobject.readOne(data.decode("utf-8"))
    return {
        name.upper(): str(props[0].value)
        for name, props in cal.contents.items()
        if name not in ("vevent", "vtimezone", "vtodo", "vjournal")
    }


def assert_spans(events: Mapping[str, CheckedEvent], expected: Mapping[str, tuple[date, date]]):
    """The events are exactly `expected` (UID -> [start, end)), in every parser."""
    assert {uid: (e.start, e.end) for uid, e in events.items()} == dict(expected)


def assert_golden(path: Path, data: bytes) -> None:
    """Byte-for-byte against a stored file; UPDATE_GOLDEN=1 rewrites it."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
    assert path.is_file(), f"{path} is missing: run with UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if data != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            data.decode("utf-8", "replace").splitlines(),
            str(path),
            "rendered",
            lineterm="",
        )
        pytest.fail("feed differs from the golden file:\n" + "\n".join(list(diff)[:60]))
