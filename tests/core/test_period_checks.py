"""Adjustments of a period once read (notifier.core.period_checks): a day after "tj." that
states the last day of a time limit counted from an event is that deadline, and an end at
midnight is the instant the day before ends (outside testers: "30 dni od dnia ogłoszenia, tj.
15.03.2025" was read as one day; "do 15.03.2025 godz. 0:00" widened the deadline by a day)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier.core.periods import MONTH_NAMES, PeriodError, PeriodKind, parse_period

K = PeriodKind
AS_OF = date(2025, 1, 10)
D = date


def _read(text: str, year: int = 2025) -> tuple[PeriodKind, date, date, str | None]:
    period = parse_period(text, year, AS_OF)
    assert len(period.windows) == 1, text
    return period.kind, period.windows[0].start, period.windows[0].last_day, period.note


@pytest.mark.parametrize(
    "text",
    [
        "30 dni od dnia ogłoszenia, tj. 15.03.2025",
        "30 dni od dnia ogłoszenia, tj. 15.03.2025 r.",
        "21 dni od dnia publikacji ogłoszenia, tj. 15 marca 2025 r.",
        "w terminie 21 dni od dnia ukazania się ogłoszenia, tj. 15.03.2025 r.",
        "w ciągu 21 dni kalendarzowych od daty publikacji ogłoszenia tj. 15 marca 2025",
        "14 dni roboczych od dnia ogłoszenia, tj. 15.03.2025 r. (sobota)",
        "3 tygodnie od dnia ogłoszenia, tj. 2025-03-15",
        "30 dni licząc od dnia ogłoszenia konkursu, tj. 15 III 2025",
        "w ciągu 21 dni od dnia ogłoszenia, tj. do 15 marca 2025 r.",
        "30 dni od dnia ogłoszenia, tj. 15.03.2025 godz. 15:30",
    ],
)
def test_a_day_after_a_time_limit_counted_from_an_event_is_the_deadline(text: str) -> None:
    kind, first, last, note = _read(text)
    assert (kind, first, last) == (K.DEADLINE, AS_OF, D(2025, 3, 15))
    assert note is not None
    assert "od" in note


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("w ciągu 30 dni od ogłoszenia, tj. w dniach 1–30 marca 2025", K.DAYS, 1, 30),
        ("w terminie tj. 15.03.2025", K.DAY, 15, 15),  # no time limit: the day itself
        ("ogłoszenie wyników, tj. 15.03.2025", K.DAY, 15, 15),
    ],
)
def test_a_day_after_tj_without_a_time_limit_keeps_its_own_reading(
    text: str, kind: PeriodKind, first: int, last: int
) -> None:
    assert _read(text)[:3] == (kind, D(2025, 3, first), D(2025, 3, last))


def test_a_day_after_a_lower_bound_counted_from_an_event_is_the_first_day() -> None:
    period = parse_period("Nie wcześniej niż 15 dni od ogłoszenia wyników, tj. 15.03.2025", 2025)
    assert period.kind == K.OPEN_ENDED
    assert period.windows[0].start == D(2025, 3, 15)


@pytest.mark.parametrize(
    "text",
    [
        "po upływie 14 dni od dnia ogłoszenia, tj. 15.03.2025",
        "30 dni po dniu ogłoszenia, tj. 15 marca 2025 r.",
    ],
)
def test_a_day_after_the_lapse_of_a_time_limit_is_refused_naming_both(text: str) -> None:
    with pytest.raises(
        PeriodError, match="ostatni dzień tego okresu czy pierwszy po nim"
    ) as raised:
        parse_period(text, 2025, AS_OF)
    assert "do 15 marca 2025" in str(raised.value)
    assert "od 15 marca 2025" in str(raised.value)


def test_a_time_limit_beside_a_day_without_tj_is_not_taken_for_its_deadline() -> None:
    with pytest.raises(PeriodError):  # "(7 dni od ogłoszenia)": a remark the reader cannot place
        parse_period("1 marca 2025 (7 dni od ogłoszenia)", 2025, AS_OF)


@pytest.mark.parametrize("midnight", ["0:00", "00:00", "0.00", "00.00", "00:00:00"])
@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("do 15.03.2025 godz. {h}", K.DEADLINE, AS_OF, D(2025, 3, 14)),
        ("do 15 marca 2025 r. do godz. {h}", K.DEADLINE, AS_OF, D(2025, 3, 14)),
        ("do dnia 15.03.2025 r. do godziny {h}", K.DEADLINE, AS_OF, D(2025, 3, 14)),
        ("od 01.03.2025 godz. 8:00 do 15.03.2025 godz. {h}", K.DAYS, D(2025, 3, 1), D(2025, 3, 14)),
        ("od 1 marca 2025 r. do 15 marca 2025 r. godz. {h}", K.DAYS, D(2025, 3, 1), D(2025, 3, 14)),
        ("od 14.03.2025 do 15.03.2025 godz. {h}", K.DAY, D(2025, 3, 14), D(2025, 3, 14)),
        ("15.03.2025 godz. {h}", K.DAY, D(2025, 3, 15), D(2025, 3, 15)),  # a day from its start
        ("od 15.03.2025 godz. {h}", K.OPEN_ENDED, D(2025, 3, 15), D(2025, 12, 31)),  # a start
    ],
)
def test_an_end_at_midnight_is_the_end_of_the_day_before(
    text: str, midnight: str, kind: PeriodKind, first: date, last: date
) -> None:
    printed = text.format(h=midnight)
    got = _read(printed)
    assert got[:3] == (kind, first, last), printed
    assert got[3] is not None
    assert "0:00" in got[3]


@pytest.mark.parametrize(
    "text",
    [
        "do 15.03.2025 godz. 24:00",
        "do 15.03.2025 r. do godz. 24.00",
        "do 15 marca 2025 r. do północy",
        "do 15 marca 2025 r. godz. 23:59",
        "do 15.03.2025 do godziny 23:59:59",
    ],
)
def test_an_end_at_the_end_of_the_day_keeps_that_day(text: str) -> None:
    assert _read(text)[:3] == (K.DEADLINE, AS_OF, D(2025, 3, 15))


@given(
    start=st.dates(D(2025, 2, 1), D(2026, 12, 1)),
    length=st.integers(1, 60),
    words=st.booleans(),
    zeros=st.sampled_from(["0:00", "00:00", "00.00"]),
)
def test_any_window_ending_at_midnight_ends_the_day_before(
    start: date, length: int, words: bool, zeros: str
) -> None:
    end = start + timedelta(days=length)

    def shown(day: date) -> str:
        if words:
            return f"{day.day} {MONTH_NAMES[day.month - 1][1]} {day.year} r."
        return f"{day.day:02d}.{day.month:02d}.{day.year}"

    days = parse_period(f"od {shown(start)} do {shown(end)} godz. {zeros}", 2025, AS_OF)
    assert (days.windows[0].start, days.windows[0].last_day) == (start, end - timedelta(days=1))
    deadline = parse_period(f"do {shown(end)} godz. {zeros}", 2025, AS_OF)
    assert deadline.kind == K.DEADLINE
    assert deadline.windows[0].last_day == end - timedelta(days=1)


@pytest.mark.parametrize(
    "text",
    ["15.03.2025 r. (do godz. 0:00)", "15.03.2025 do godz. 00:00", "15 marca 2025 do godziny 0.00"],
)
def test_a_single_day_until_midnight_is_refused_naming_both_days(text: str) -> None:
    with pytest.raises(PeriodError, match="koniec dnia poprzedniego") as raised:
        parse_period(text, 2025, AS_OF)
    assert "14 marca 2025" in str(raised.value)
    assert "15 marca 2025" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("od 14.03.2025 godz. 24:00 do 20.03.2025", K.DAYS, D(2025, 3, 15), D(2025, 3, 20)),
        ("14.03.2025 24:00 20.03.2025 23:59", K.DAYS, D(2025, 3, 15), D(2025, 3, 20)),
        ("od 14.03.2025 godz. 24:00", K.OPEN_ENDED, D(2025, 3, 15), D(2025, 12, 31)),
        (
            "od 14.03.2025 godz. 24:00 do 15.03.2025 godz. 24:00",
            K.DAY,
            D(2025, 3, 15),
            D(2025, 3, 15),
        ),
        ("15.03.2025 godz. 24:00", K.DAY, D(2025, 3, 15), D(2025, 3, 15)),  # an end: that day
    ],
)
def test_a_start_at_24_00_is_the_first_instant_of_the_next_day(
    text: str, kind: PeriodKind, first: date, last: date
) -> None:
    assert _read(text)[:3] == (kind, first, last)


def test_a_start_at_24_00_on_the_last_day_of_the_year_leaves_nothing_and_is_refused() -> None:
    with pytest.raises(PeriodError, match="o północy po 31 grudnia 2025"):
        parse_period("od 31.12.2025 godz. 24:00", 2025, AS_OF)
