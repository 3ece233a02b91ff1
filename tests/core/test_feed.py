"""The iCalendar feed: one all-day event per announcement, stable bytes, and three parsers agree."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from ical_checks import assert_golden, assert_spans, calendar_properties, check_ics, check_lines

from notifier.core.announcements import EVERYTHING, make_filter
from notifier.core.feed import ALARM_DAYS_RANGE, REFRESH_INTERVAL, calendar_name, render_calendar
from notifier.core.polish import count_tasks, format_as_of, format_date, format_span, plural
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule

D = date
BASE_URL = "https://konkursy.example.org"
LESZNO_UID = "@leszno.harmonogram-konkursow"

# The spans of Leszno 2024 by hand from the printed harmonogram. The UIDs are a contract:
# a subscriber's calendar app keys events by them, so they must never change for these spans.
LESZNO_SPANS = {
    "2024-mopr-20240301-20240401" + LESZNO_UID: (D(2024, 3, 1), D(2024, 4, 1)),  # Marzec 2024
    "2024-rozwoj-20240301-20240501" + LESZNO_UID: (D(2024, 3, 1), D(2024, 5, 1)),  # Marzec/Kwiecień
    "2024-informacja-turystyczna-20240401-20241001" + LESZNO_UID: (D(2024, 4, 1), D(2024, 10, 1)),
    "2024-uzaleznienia-20240501-20240601" + LESZNO_UID: (D(2024, 5, 1), D(2024, 6, 1)),
    "2024-kultura-sport-20240501-20240601" + LESZNO_UID: (D(2024, 5, 1), D(2024, 6, 1)),
    "2024-mopr-20240601-20240701" + LESZNO_UID: (D(2024, 6, 1), D(2024, 7, 1)),  # Czerwiec 2024
    "2024-pelnomocnik-ngo-20240701-20250101" + LESZNO_UID: (D(2024, 7, 1), D(2025, 1, 1)),
    "2024-mopr-20241001-20241101" + LESZNO_UID: (D(2024, 10, 1), D(2024, 11, 1)),  # Październik
}
UZALEZNIENIA = "2024-uzaleznienia-20240501-20240601" + LESZNO_UID
SPORT = "2024-kultura-sport-20240501-20240601" + LESZNO_UID
SENIORS = "2024-mopr-20240601-20240701" + LESZNO_UID
TOURISM = "2024-informacja-turystyczna-20240401-20241001" + LESZNO_UID

ZG_UID = "@zielona-gora.harmonogram-konkursow"
ZIELONA_GORA_SPANS = {  # worked out by hand, see the comment at the top of the .toml
    "2025-kultura-20250101-20250201" + ZG_UID: (D(2025, 1, 1), D(2025, 2, 1)),  # styczeń
    "2025-kultura-20250101-20250401" + ZG_UID: (D(2025, 1, 1), D(2025, 4, 1)),  # I kwartał 2025
    "2025-zdrowie-20250101-20250701" + ZG_UID: (D(2025, 1, 1), D(2025, 7, 1)),  # I półrocze
    "2025-sport-20250101-20260101" + ZG_UID: (D(2025, 1, 1), D(2026, 1, 1)),  # cały rok
    "2025-zdrowie-20250101-20260101" + ZG_UID: (D(2025, 1, 1), D(2026, 1, 1)),  # 2025 + w ciągu
    "2025-sport-20250301-20250501" + ZG_UID: (D(2025, 3, 1), D(2025, 5, 1)),  # przełom III/IV
    "2025-srodowisko-20250401-20250501" + ZG_UID: (D(2025, 4, 1), D(2025, 5, 1)),
    "2025-ngo-20251201-20260201" + ZG_UID: (D(2025, 12, 1), D(2026, 2, 1)),  # grudzień–styczeń
}


def content_lines(data: bytes) -> list[str]:
    """The unfolded content lines of an iCalendar stream."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def edited(schedule_path: Path, old: str, new: str) -> Schedule:
    text = schedule_path.read_text(encoding="utf-8")
    assert old in text
    return parse_schedule(text.replace(old, new), source="edited.toml")


# --- the full Leszno feed ---------------------------------------------------------------------


def test_leszno_feed_has_one_all_day_event_per_announcement_in_every_parser(leszno):
    events = check_ics(render_calendar(leszno))
    assert_spans(events, LESZNO_SPANS)


def test_leszno_feed_raw_dates_are_exclusive_all_day_spans(leszno):
    lines = content_lines(render_calendar(leszno))
    for start, end in [
        ("20240501", "20240601"),
        ("20240401", "20241001"),
        ("20240701", "20250101"),
    ]:
        index = lines.index(f"DTSTART;VALUE=DATE:{start}")
        assert lines[index + 1] == f"DTEND;VALUE=DATE:{end}"


def test_six_may_tasks_of_the_addiction_office_are_one_event_listing_each(leszno):
    event = check_ics(render_calendar(leszno))[UZALEZNIENIA]
    assert event.summary == "Kluby abstynenckie, aktywizacja osób uzależnionych i jeszcze 4 zadania"
    department = leszno.department("uzaleznienia")
    assert len(department.tasks) == 6
    for task in department.tasks:
        assert f"• {task.label}\n" in event.description + "\n"
    # The department's "Zadania w zakresie …:" introduces the list itself: no second heading.
    assert f"{department.scope}\n• {department.tasks[0].label}" in event.description
    assert "Zadania (" not in event.description


def test_single_task_event_is_titled_by_its_short_name_and_describes_the_printed_title(leszno):
    event = check_ics(render_calendar(leszno))[SPORT]
    assert event.summary == "Rozwój sportu – II tura"
    assert "• rozwój sportu na terenie Miasta Leszna – II tura 2024" in event.description
    assert "Wydział Kultury i Sportu" in event.description


def test_every_leszno_title_is_readable_never_a_printed_fragment(leszno):
    for event in check_ics(render_calendar(leszno)).values():
        assert event.summary[:1].isupper(), event.summary
        assert not event.summary.endswith((";", ",", ":")), event.summary
        assert "zadań" not in event.summary.split(":")[0], event.summary


def test_undated_tasks_make_no_event(leszno):
    data = render_calendar(leszno)
    events = check_ics(data)
    undated = [t for t in leszno.tasks() if not t.period.dated]
    assert len(undated) == 5
    text = "\n".join(e.description for e in events.values())
    for task in undated:
        assert task.title not in text
    assert "ochrona-srodowiska" not in data.decode()
    assert "zarzadzanie-kryzysowe" not in data.decode()


def test_description_gives_lead_in_numbered_tasks_period_as_printed_as_of_and_source(leszno):
    event = check_ics(render_calendar(leszno))[TOURISM]
    description = event.description
    assert description.startswith(
        "Spodziewane ogłoszenie otwartego konkursu ofert: Centrum Informacji Turystycznej."
    )
    assert leszno.department("informacja-turystyczna").scope in description
    assert "• 1) odnawianie, znakowanie szlaków i obiektów turystycznych w mieście" in description
    assert "• 5) działania na rzecz rozwoju turystyki wśród mieszkańców Leszna" in description
    assert "„II, III kwartał roku 2024” (1 kwietnia – 30 września 2024)" in description
    assert "stan na dzień 10.01.2024 r." in description
    assert f"Źródło: {leszno.source}" in description


def test_categories_are_the_topic_labels_of_the_events_tasks(leszno):
    events = check_ics(render_calendar(leszno))
    assert events[SPORT].categories == ("Sport i kultura fizyczna",)
    assert events[SENIORS].categories == ("Pomoc społeczna", "Seniorzy")
    assert events[TOURISM].categories == (
        "Turystyka i rekreacja",
        "Społeczność lokalna i organizacje pozarządowe",
    )


def test_url_only_when_a_base_url_is_configured(leszno):
    without = check_ics(render_calendar(leszno))
    assert all(e.url is None for e in without.values())
    assert "Pełny harmonogram" not in without[SPORT].description
    with_url = check_ics(render_calendar(leszno, base_url=BASE_URL + "/"))
    assert with_url[SPORT].url == f"{BASE_URL}/#kultura-sport"
    assert f"Pełny harmonogram: {BASE_URL}/" in with_url[SPORT].description


def test_every_event_is_transparent_and_stamped_from_as_of(leszno):
    lines = content_lines(render_calendar(leszno))
    assert lines.count("BEGIN:VEVENT") == 8
    assert lines.count("TRANSP:TRANSPARENT") == 8
    assert lines.count("DTSTAMP:20240110T000000Z") == 8
    assert lines.count("LAST-MODIFIED:20240110T000000Z") == 8


def test_calendar_properties(leszno):
    data = render_calendar(leszno)
    props = calendar_properties(data)
    assert props["VERSION"] == "2.0"
    assert props["PRODID"].startswith("-//notifier//")
    assert props["CALSCALE"] == "GREGORIAN"
    assert props["METHOD"] == "PUBLISH"
    assert props["NAME"] == props["X-WR-CALNAME"] == "Konkursy ofert Leszno 2024"
    assert props["X-WR-CALDESC"] == (
        "Harmonogram ogłaszania otwartych konkursów ofert w 2024 roku, Leszno "
        "(stan na dzień 10.01.2024 r.). Spodziewane terminy ogłaszania otwartych konkursów "
        "ofert dla organizacji pozarządowych."
    )
    lines = content_lines(data)
    assert timedelta(hours=12) == REFRESH_INTERVAL
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines
    assert "X-PUBLISHED-TTL:PT12H" in lines


def test_output_is_byte_identical_for_identical_input(leszno, seed_schedule_path):
    from notifier.files.reading import load_schedule

    first = render_calendar(leszno, base_url=BASE_URL, alarm_days=7)
    again = render_calendar(load_schedule(seed_schedule_path), base_url=BASE_URL, alarm_days=7)
    assert first == again


def test_dtstamp_follows_as_of_never_the_clock(leszno):
    later = dataclasses.replace(leszno, as_of=D(2024, 3, 5))
    lines = content_lines(render_calendar(later))
    assert lines.count("DTSTAMP:20240305T000000Z") == 8
    assert lines.count("LAST-MODIFIED:20240305T000000Z") == 8


def test_uid_survives_a_title_edit_but_a_moved_window_is_a_new_event(seed_schedule_path):
    retitled = edited(
        seed_schedule_path,
        'title = "rozwój sportu na terenie Miasta Leszna – II tura 2024"',
        'title = "rozwój sportu w Lesznie (II tura)"',
    )
    events = check_ics(render_calendar(retitled))
    assert set(events) == set(LESZNO_SPANS)
    assert events[SPORT].summary == "Rozwój sportu – II tura"
    assert "rozwój sportu w Lesznie (II tura)" in events[SPORT].description

    moved = edited(seed_schedule_path, 'period = "Październik 2024"', 'period = "Listopad 2024"')
    events = check_ics(render_calendar(moved))
    assert "2024-mopr-20241001-20241101" + LESZNO_UID not in events
    assert events["2024-mopr-20241101-20241201" + LESZNO_UID].start == D(2024, 11, 1)
    assert len(events) == 8


# --- filtered feeds ---------------------------------------------------------------------------


def test_sport_feed_holds_the_sports_task_and_nothing_else(leszno):
    data = render_calendar(leszno, make_filter(leszno, ["sport"]))
    events = check_ics(data)
    assert list(events) == [SPORT]
    assert (
        calendar_properties(data)["NAME"] == "Konkursy ofert Leszno 2024 – Sport i kultura fizyczna"
    )


def test_repeated_topics_mean_any_of_them(leszno):
    events = check_ics(render_calendar(leszno, make_filter(leszno, ["sport", "seniorzy"])))
    assert set(events) == {SPORT, SENIORS}
    assert events[SENIORS].summary == "Wsparcie seniorów"


def test_repeated_departments_mean_any_of_them(leszno):
    task_filter = make_filter(leszno, departments=["mopr", "rozwoj"])
    events = check_ics(render_calendar(leszno, task_filter))
    assert {uid.split("-")[1] for uid in events} == {"mopr", "rozwoj"}
    assert len(events) == 4


def test_filtered_event_lists_matching_tasks_and_counts_the_others(leszno):
    events = check_ics(render_calendar(leszno, make_filter(leszno, ["przemoc"])))
    assert list(events) == [UZALEZNIENIA]
    event = events[UZALEZNIENIA]
    assert event.summary == "Pomoc ofiarom przemocy domowej"
    assert "• pomoc ofiarom przemocy domowej" in event.description
    assert "prowadzenie klubów abstynenckich" not in event.description
    assert "Ogłoszenie obejmuje też 5 zadań spoza wybranych tematów." in event.description
    assert event.categories == ("Pomoc społeczna", "Rodzina", "Przeciwdziałanie przemocy")


def test_filtered_calendar_name_keeps_its_comma_in_every_parser(leszno):
    # NAME and X-WR-CALNAME are TEXT: an unescaped comma splits the value for strict readers.
    task_filter = make_filter(leszno, ["rodzina", "sport"])
    data = render_calendar(leszno, task_filter)
    expected = "Konkursy ofert Leszno 2024 – Rodzina, Sport i kultura fizyczna"
    assert calendar_name(leszno, task_filter) == expected
    props = calendar_properties(data)
    assert props["NAME"] == props["X-WR-CALNAME"] == expected
    assert "NAME:Konkursy ofert Leszno 2024 – Rodzina\\, Sport i kultura fizyczna" in (
        content_lines(data)
    )


def test_a_topic_with_only_undated_tasks_gives_an_empty_but_valid_calendar(leszno):
    data = render_calendar(leszno, make_filter(leszno, ["ekologia"]))
    assert check_ics(data) == {}
    assert "Ekologia i ochrona zwierząt" in calendar_properties(data)["X-WR-CALNAME"]


# --- alarms -----------------------------------------------------------------------------------


def test_alarm_days_adds_a_valarm_to_each_event_in_every_parser(leszno):
    data = render_calendar(leszno, alarm_days=7)
    events = check_ics(data)
    assert len(events) == 8
    assert all(e.alarm_triggers == (timedelta(days=-7),) for e in events.values())
    lines = content_lines(data)
    assert lines.count("TRIGGER:-P7D") == 8
    assert lines.count("ACTION:DISPLAY") == 8
    assert f"DESCRIPTION:Za 7 dni: {events[SPORT].summary}" in lines


def test_one_day_alarm_speaks_singular(leszno):
    data = render_calendar(leszno, make_filter(leszno, ["sport"]), alarm_days=1)
    assert check_ics(data)[SPORT].alarm_triggers == (timedelta(days=-1),)
    assert any(line.startswith("DESCRIPTION:Za 1 dzień: ") for line in content_lines(data))


def test_no_alarm_unless_asked(leszno):
    assert b"VALARM" not in render_calendar(leszno)


@pytest.mark.parametrize("days", [0, -7, 61, 365])
def test_alarm_days_outside_the_range_is_refused(leszno, days):
    assert days not in ALARM_DAYS_RANGE
    with pytest.raises(ValueError, match="alarm_days"):
        render_calendar(leszno, alarm_days=days)


# --- line folding -----------------------------------------------------------------------------


@pytest.mark.parametrize("shift", range(4))
def test_long_multibyte_titles_fold_at_75_octets_without_splitting_a_character(
    seed_schedule_path, shift
):
    # Two-, three- and four-byte characters at every offset against the fold boundary.
    title = "x" * shift + "Zażółć gęślą jaźń – „cudzysłów” 🌳; ŹDŹBŁO, " * 6
    schedule = edited(
        seed_schedule_path,
        'title = "rozwój sportu na terenie Miasta Leszna – II tura 2024"',
        f'title = "{title}"',
    )
    data = render_calendar(schedule, make_filter(schedule, ["sport"]), alarm_days=3)
    check_lines(data)
    event = check_ics(data)[SPORT]
    assert f"• {' '.join(title.split())}" in event.description


# --- golden files -----------------------------------------------------------------------------


def test_leszno_feed_matches_the_golden_file(leszno, examples_dir):
    data = render_calendar(leszno, EVERYTHING, base_url=BASE_URL)
    check_ics(data)
    assert_golden(examples_dir / "leszno-2024.ics", data)


def test_zielona_gora_feed_matches_the_golden_file(zielona_gora, examples_dir):
    data = render_calendar(zielona_gora, base_url=BASE_URL)
    check_ics(data)
    assert_golden(examples_dir / "zielona-gora-2025.ics", data)


def test_zielona_gora_announcements_are_as_worked_out_by_hand(zielona_gora):
    tasks = list(zielona_gora.tasks())
    assert len(tasks) == 11
    assert len(zielona_gora.departments) == 5
    assert sum(t.period.dated for t in tasks) == 10
    events = check_ics(render_calendar(zielona_gora))
    assert_spans(events, ZIELONA_GORA_SPANS)
    assert list(events) == list(ZIELONA_GORA_SPANS)  # ordered by start, end, department


def test_year_worded_two_ways_is_one_announcement(zielona_gora):
    event = check_ics(render_calendar(zielona_gora))["2025-zdrowie-20250101-20260101" + ZG_UID]
    assert event.summary == "Profilaktyka chorób nowotworowych i aktywizacja osób starszych"
    assert "• 1) profilaktyka chorób nowotworowych" in event.description
    assert "• 2) aktywizacja osób starszych, w tym zajęcia ruchowe dla seniorów" in (
        event.description
    )
    assert "„2025”, „w ciągu roku” (1 stycznia – 31 grudnia 2025)" in event.description


def test_cross_year_span_ends_in_the_next_year(zielona_gora):
    data = render_calendar(zielona_gora, make_filter(zielona_gora, departments=["ngo"]))
    events = check_ics(data)
    assert list(events) == ["2025-ngo-20251201-20260201" + ZG_UID]
    assert "DTEND;VALUE=DATE:20260201" in content_lines(data)
    assert (
        "(1 grudnia 2025 – 31 stycznia 2026)"
        in events["2025-ngo-20251201-20260201" + ZG_UID].description
    )
    assert "regranting" not in data.decode()  # the undated note gives no event


# --- Polish wording used by the feed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "word"),
    [(1, "zadanie"), (2, "zadania"), (4, "zadania"), (5, "zadań"), (11, "zadań"), (12, "zadań"),
     (14, "zadań"), (21, "zadań"), (22, "zadania"), (112, "zadań"), (0, "zadań")],
)  # fmt: skip
def test_polish_plural_of_tasks(n, word):
    assert count_tasks(n) == f"{n} {word}"
    assert plural(n, "zadanie", "zadania", "zadań") == word


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2024, 5, 1), D(2024, 6, 1), "1 maja – 31 maja 2024"),
        (D(2024, 5, 7), D(2024, 5, 8), "7 maja 2024"),
        (D(2024, 7, 1), D(2025, 1, 1), "1 lipca – 31 grudnia 2024"),
        (D(2025, 12, 1), D(2026, 2, 1), "1 grudnia 2025 – 31 stycznia 2026"),
        (D(2024, 2, 1), D(2024, 3, 1), "1 lutego – 29 lutego 2024"),
    ],
)
def test_format_span_reads_the_exclusive_end_as_the_last_day(start, end, text):
    assert format_span(start, end) == text


def test_format_date_and_as_of():
    assert format_date(D(2024, 10, 1)) == "1 października 2024"
    assert format_as_of(D(2024, 1, 10)) == "10.01.2024 r."


# --- the checks themselves bite ---------------------------------------------------------------

GOOD_EVENT = (
    "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20240110T000000Z\r\n"
    "DTSTART;VALUE=DATE:{start}\r\nDTEND{end}\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
)


def calendar(*events: str) -> bytes:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//PL\r\n"
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode("utf-8")


def event(uid: str = "a", start: str = "20240501", end: str = ";VALUE=DATE:20240601") -> str:
    return GOOD_EVENT.format(uid=uid, start=start, end=end)


def test_checks_accept_a_minimal_good_calendar():
    assert check_ics(calendar(event())) != {}


@pytest.mark.parametrize(
    "data",
    [
        calendar(event()).replace(b"\r\n", b"\n"),  # LF line ends
        calendar(event()).replace(b"SUMMARY:x", b"SUMMARY:" + b"x" * 70),  # 78 octets
        # a fold inside "ż" (2 octets): each half is invalid UTF-8 on its own
        calendar(event()).replace(b"SUMMARY:x", b"SUMMARY:" + b"x" * 66 + "ż".encode()[:1])
        .replace(b"\r\nEND:VEVENT", "ż".encode()[1:] + b"\r\nEND:VEVENT"),
    ],
)  # fmt: skip
def test_line_checks_reject_bad_physical_lines(data):
    with pytest.raises(AssertionError):
        check_lines(data)


@pytest.mark.parametrize(
    "events",
    [
        (event("a"), event("a", start="20240601", end=";VALUE=DATE:20240701")),  # duplicate UID
        (event(end=";VALUE=DATE:20240501"),),  # DTEND not after DTSTART
        (event(end=":20240601T000000Z"),),  # DATE start, DATE-TIME end
        (event().replace("DTSTAMP:20240110T000000Z\r\n", ""),),  # no DTSTAMP
    ],
)
def test_structure_checks_reject_bad_events(events):
    with pytest.raises(AssertionError):
        check_ics(calendar(*events))
