"""Calls in the iCalendar feed: CONFIRMED events with the call's dates, deadline events (all-day
or timed with a VTIMEZONE), and SEQUENCE / LAST-MODIFIED from the versions passed in."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
from ical_checks import check_ics
from schedule_text import SPORT_CALL, with_calls

from notifier.core.announcements import make_filter
from notifier.core.feed import EventVersion, event_hashes, event_uids, render_calendar
from notifier.core.schedule_toml import parse_schedule

LESZNO = "@leszno.harmonogram-konkursow"
SPORT_EVENT = "2024-kultura-sport-20240501-20240601" + LESZNO
SENIORS_EVENT = "2024-mopr-20240601-20240701" + LESZNO
BASE_URL = "https://konkursy.example.org"


def _deadline_uid(events: dict) -> str:  # type: ignore[type-arg]
    (uid,) = [u for u in events if "-termin-" in u]
    return uid


def test_a_called_event_is_confirmed_with_the_calls_dates_amount_and_link(seed_schedule_path):
    schedule = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    data = render_calendar(schedule, base_url=BASE_URL)
    events = check_ics(data)
    sport = events[SPORT_EVENT]
    assert sport.summary == (
        "Ogłoszono 6 maja 2024 — oferty do 28 maja 2024, godz. 15:30: Rozwój sportu – II tura"
    )
    assert sport.description.startswith(
        "Ogłoszono 6 maja 2024 — oferty do 28 maja 2024, godz. 15:30\n"
        "Nazwa ogłoszenia: Otwarty konkurs ofert – sport 2024\n"
        "Kwota: 150\u00a0000 zł\n"
        "Ogłoszenie: https://bip.example.org/ogloszenie-123\n"
        "Wyniki ogłoszono 20 czerwca 2024: https://bip.example.org/wyniki-123\n"
    )
    assert sport.url == "https://bip.example.org/ogloszenie-123"
    cal = icalendar.Calendar.from_ical(data)
    status = {str(e["UID"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}
    assert status[SPORT_EVENT] == "CONFIRMED"
    assert status[SENIORS_EVENT] == "TENTATIVE"  # still a forecast


def test_a_timed_deadline_is_a_warsaw_event_with_a_vtimezone(seed_schedule_path):
    schedule = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    data = render_calendar(schedule)
    events = check_ics(data)  # the TZID must name a VTIMEZONE in the feed
    deadline = events[_deadline_uid(events)]
    assert deadline.summary == "Termin składania ofert: Rozwój sportu – II tura"
    assert deadline.end == datetime(2024, 5, 28, 13, 30, tzinfo=UTC)  # 15:30 CEST
    assert deadline.start == datetime(2024, 5, 28, 12, 30, tzinfo=UTC)
    assert b"DTEND;TZID=Europe/Warsaw:20240528T153000" in data
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw" in data
    assert deadline.url == "https://bip.example.org/ogloszenie-123"


def test_a_deadline_day_is_an_all_day_event_and_no_vtimezone_is_needed(seed_schedule_path):
    call = SPORT_CALL.replace("2024-05-28T15:30:00", "2024-05-28")
    data = render_calendar(parse_schedule(with_calls(seed_schedule_path, call)))
    events = check_ics(data)
    deadline = events[_deadline_uid(events)]
    assert (deadline.start, deadline.end) == (date(2024, 5, 28), date(2024, 5, 29))
    assert b"VTIMEZONE" not in data


def test_the_deadline_uid_survives_a_corrected_deadline(seed_schedule_path):
    first = check_ics(render_calendar(parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))))
    moved = SPORT_CALL.replace("2024-05-28T15:30:00", "2024-06-04")
    second = check_ics(render_calendar(parse_schedule(with_calls(seed_schedule_path, moved))))
    assert _deadline_uid(first) == _deadline_uid(second)


def test_a_deadline_follows_the_filter(seed_schedule_path):
    schedule = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    sport = check_ics(render_calendar(schedule, make_filter(schedule, ["sport"])))
    seniors = check_ics(render_calendar(schedule, make_filter(schedule, ["seniorzy"])))
    assert any("-termin-" in uid for uid in sport)
    assert not any("-termin-" in uid for uid in seniors)


def test_sequence_and_last_modified_come_from_the_versions(seed_schedule_path):
    schedule = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    edited = datetime(2024, 5, 7, 9, 15, tzinfo=UTC)
    data = render_calendar(schedule, versions={SPORT_EVENT: EventVersion(3, edited)})
    cal = icalendar.Calendar.from_ical(data)
    by_uid = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert int(by_uid[SPORT_EVENT]["SEQUENCE"]) == 3
    assert by_uid[SPORT_EVENT]["LAST-MODIFIED"].dt == edited
    assert int(by_uid[SENIORS_EVENT]["SEQUENCE"]) == 0  # not in the mapping: the first version
    assert by_uid[SENIORS_EVENT]["LAST-MODIFIED"].dt == datetime(2024, 1, 10, tzinfo=UTC)


def test_an_events_hash_changes_with_its_content_only(seed_schedule_path):
    plain = parse_schedule(seed_schedule_path.read_text(encoding="utf-8"))
    called = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    before, after = event_hashes(plain), event_hashes(called)
    changed = {uid for uid in after if before.get(uid) != after[uid]}
    assert changed == {SPORT_EVENT, _deadline_uid(dict.fromkeys(after))}
    assert event_hashes(called, BASE_URL)[SENIORS_EVENT] != after[SENIORS_EVENT]  # links differ
    assert event_hashes(called, BASE_URL, "/leszno/2024/") != event_hashes(called, BASE_URL)
    assert event_hashes(called) == event_hashes(
        parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    )
    assert event_uids(called) == list(after)  # the same events, listed without rendering
