"""core.ical_component writes exactly the bytes icalendar's to_ical() writes for the same
properties (the feed no longer builds icalendar objects: this test is what holds it to them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event, vDuration, vText
from icalendar.cal.component import Component as IcalComponent

from notifier.core.feed import calendar_frame
from notifier.core.feed_timezone import WARSAW_VTIMEZONE
from notifier.core.ical_component import Component, Value

WARSAW = ZoneInfo("Europe/Warsaw")
# Text as a harmonogram prints it: Polish letters, escapes (\ , ; \N), line breaks, carets,
# emoji (4 octets).
TEXT = st.text(
    alphabet=st.sampled_from("aąbcćdeęłńóśźż ĄĘŁŃÓŚŹŻN,;:\\^\"'–—…0123456789xyz🙂€\n\r"),
    max_size=300,
)
URL = st.text(alphabet=st.sampled_from("abc:/.?&=#%,;\\-_0123456789ąé"), min_size=1, max_size=200)
DAY = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
MOMENT = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1))
AWARE = st.one_of(
    MOMENT.map(lambda value: value.replace(tzinfo=UTC)),
    MOMENT.map(lambda value: value.replace(tzinfo=WARSAW)),
)
# icalendar's own escape turns a written backslash-N into a line break; ours keeps it text
# (RFC 5545 §3.3.11, blind round six F5), so the byte comparison leaves that pair out.
ICALENDAR_TEXT = TEXT.filter(lambda text: "\\N" not in text)
TEXT_NAMES = ("SUMMARY", "DESCRIPTION", "LOCATION", "UID", "STATUS", "TRANSP", "X-WR-CALNAME")


@st.composite
def events(draw: st.DrawFn) -> list[tuple[str, Value]]:
    """The properties of an event of the feed, each present or not, in a drawn order."""
    chosen: list[tuple[str, Value]] = [(name, draw(ICALENDAR_TEXT)) for name in TEXT_NAMES if draw(st.booleans())]  # fmt: skip
    chosen += [("DTSTART", draw(st.one_of(DAY, AWARE))), ("DTEND", draw(st.one_of(DAY, AWARE)))]
    chosen += [("DTSTAMP", draw(AWARE)), ("LAST-MODIFIED", draw(AWARE))]
    chosen += [("SEQUENCE", draw(st.integers(0, 10**6)))]
    if draw(st.booleans()):
        chosen.append(
            ("CATEGORIES", draw(st.lists(ICALENDAR_TEXT.filter(bool), min_size=1, max_size=4)))
        )
    if draw(st.booleans()):
        chosen.append(("URL", draw(URL)))
    return draw(st.permutations(chosen))


def _theirs(kind: type[IcalComponent], properties: list[tuple[str, Value]]) -> IcalComponent:
    component = kind()
    for name, value in properties:
        if isinstance(value, str) and name != "URL":
            component.add(name, vText(value))
        else:
            component.add(name, value)
    return component


def _ours(name: str, properties: list[tuple[str, Value]]) -> Component:
    component = Component(name)
    for key, value in properties:
        component.add(key, value)
    return component


@settings(max_examples=80, deadline=None)
@given(properties=events(), alarm=st.none() | st.tuples(st.integers(-400, 400), ICALENDAR_TEXT))
def test_an_event_is_written_as_icalendar_writes_it(
    properties: list[tuple[str, Value]], alarm: tuple[int, str] | None
) -> None:
    ours, theirs = _ours("VEVENT", properties), _theirs(Event, properties)
    if alarm is not None:
        alarm_properties: list[tuple[str, Value]] = [("ACTION", "DISPLAY"), ("TRIGGER", timedelta(days=alarm[0])), ("DESCRIPTION", alarm[1])]  # fmt: skip
        ours.add_component(_ours("VALARM", alarm_properties))
        theirs.add_component(_theirs(Alarm, alarm_properties))
    assert ours.to_ical() == theirs.to_ical()


@settings(max_examples=100, deadline=None)
@given(text=TEXT.map(lambda text: text.replace("\r", "")))
def test_any_text_reads_back_as_written_backslash_n_included(text: str) -> None:
    """What we write, icalendar's parser reads back as the text itself ("A\\N B" too); a
    carriage return is written as a line break (one line ending, as icalendar writes it)."""
    ours = Component("VEVENT")
    ours.add("SUMMARY", text)
    assert str(Event.from_ical(ours.to_ical())["SUMMARY"]) == text


@settings(max_examples=100, deadline=None)
@given(st.timedeltas(min_value=timedelta(days=-1000), max_value=timedelta(days=1000)))
def test_a_duration_is_written_as_icalendar_writes_it(value: timedelta) -> None:
    line = Component("VCALENDAR")
    line.add("x-published-ttl", value)
    line.add("refresh-interval", value, {"VALUE": "DURATION"})
    theirs = Calendar()
    theirs.add("x-published-ttl", vDuration(value))
    theirs.add("refresh-interval", value, parameters={"VALUE": "DURATION"})
    assert line.to_ical() == theirs.to_ical()


@settings(max_examples=60, deadline=None)
@given(name=ICALENDAR_TEXT, description=ICALENDAR_TEXT, timed=st.booleans())
def test_the_calendar_frame_is_icalendars(name: str, description: str, timed: bool) -> None:
    cal = Calendar()
    for key, value in [("prodid", "-//notifier//Harmonogram otwartych konkursów ofert//PL"), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH")]:  # fmt: skip
        cal.add(key, value)
    for key, value in [("name", name), ("x-wr-calname", name), ("x-wr-caldesc", description), ("x-wr-timezone", "Europe/Warsaw")]:  # fmt: skip
        cal.add(key, vText(value))
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(timedelta(hours=12)))
    if timed:
        cal.add_component(WARSAW_VTIMEZONE)
    head, tail = calendar_frame(name, description, timed=timed)
    assert head + tail == cal.to_ical()


def test_a_property_is_set_once_and_odd_values_are_refused() -> None:
    event = Component("VEVENT")
    event.add("summary", "a")
    with pytest.raises(ValueError, match="set already"):
        event.add("SUMMARY", "b")
    assert event.pop("Summary") == "a"
    assert "SUMMARY" not in event
    with pytest.raises(ValueError, match="quoting"):
        event.add("dtstart", date(2024, 1, 1), {"X": "a;b"})
    event.add("x-flag", True)
    with pytest.raises(TypeError):
        event.to_ical()
