"""Forms clerks print that name a window by its calendar (issue 21): school and academic
years, a start "z dniem …", a quarter with its number after "kw.", numeric and Roman month
runs. Each reads exactly as a Polish reader reads it, or is refused when it has two readings."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.periods import PeriodError, PeriodKind, parse_period

K = PeriodKind


def _read(text: str, year: int = 2025) -> tuple[PeriodKind, date, date]:
    period = parse_period(text, year, date(year, 1, 10))
    assert len(period.windows) == 1, text
    return period.kind, period.windows[0].start, period.windows[0].last_day


@pytest.mark.parametrize("first", [2019, 2024, 2025, 2031])
@pytest.mark.parametrize(
    ("printed", "start_month", "end_month", "end_day"),
    [
        ("rok szkolny {a}/{b}", 9, 8, 31),
        ("w roku szkolnym {a}/{b} r.", 9, 8, 31),
        ("rok szkolny {a}/{bb}", 9, 8, 31),
        ("rok akademicki {a}/{b}", 10, 9, 30),
        ("Rok akademicki {a}-{b}", 10, 9, 30),
    ],
)
def test_school_and_academic_years_run_from_their_statutory_first_day(
    first: int, printed: str, start_month: int, end_month: int, end_day: int
) -> None:
    text = printed.format(a=first, b=first + 1, bb=str(first + 1)[2:])
    assert _read(text) == (
        K.MONTHS,
        date(first, start_month, 1),
        date(first + 1, end_month, end_day),
    )


@pytest.mark.parametrize(
    "text", ["rok szkolny 2025/2027", "rok szkolny 2026/2025", "sezon 2025/2026"]
)
def test_a_school_year_that_is_not_two_following_years_is_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, 2025)


@pytest.mark.parametrize(
    "text", ["z dniem 1 marca 2025 r.", "Z dniem 01.03.2025 r.", "z dniem 1 III 2025"]
)
def test_z_dniem_alone_is_that_day_and_a_start_before_an_end(text: str) -> None:
    """ "Z dniem 31 grudnia 2016 roku" (a real resolution): the day it happens, as a Polish
    reader reads it; no end of the year is invented. Before "do …" it starts the window."""
    assert _read(text) == _read("1 marca 2025 r.") == (K.DAY, date(2025, 3, 1), date(2025, 3, 1))
    ranged = _read(f"{text} do 30 kwietnia 2025 r.")
    assert ranged == (K.DAYS, date(2025, 3, 1), date(2025, 4, 30))


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
@pytest.mark.parametrize(
    "printed", ["kw. {r} 2025", "{r} kw. 2025", "{n} kw. 2025", "kwartał {r} 2025"]
)
def test_a_quarter_reads_whichever_side_its_number_stands(quarter: int, printed: str) -> None:
    roman = ("I", "II", "III", "IV")[quarter - 1]
    text = printed.format(r=roman, n=quarter)
    start = date(2025, 3 * quarter - 2, 1)
    end = date(2026, 1, 1) if quarter == 4 else date(2025, 3 * quarter + 1, 1)
    kind, first, last = _read(text)
    assert (kind, first, last) == (K.QUARTER, start, date.fromordinal(end.toordinal() - 1))


def test_quarters_listed_with_their_numbers_first_are_not_reordered() -> None:
    assert _read("II, III kw. 2025")[1:] == (date(2025, 4, 1), date(2025, 9, 30))


@pytest.mark.parametrize(
    ("text", "start", "last"),
    [
        ("03.2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("XII 2024 – I 2025", date(2024, 12, 1), date(2025, 1, 31)),
        ("XII.2024 – I.2025", date(2024, 12, 1), date(2025, 1, 31)),
        ("XI.2025 - II.2026", date(2025, 11, 1), date(2026, 2, 28)),
        ("V 2025 - VIII 2025", date(2025, 5, 1), date(2025, 8, 31)),
    ],
)
def test_numeric_and_roman_month_runs_are_whole_months(text: str, start: date, last: date) -> None:
    kind, first, end = _read(text)
    assert kind in (K.MONTH, K.MONTHS)
    assert (first, end) == (start, last)


@pytest.mark.parametrize(
    "text",
    [
        "10-12.2025",  # October–December, or 10–12 December
        "III 2024 – I 2025",  # months March–January, or quarters III 2024 – I 2025
        "04-03.2025",  # backwards
        "XII 2025 – I 2025",  # backwards
    ],
)
def test_runs_with_two_readings_or_backwards_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, 2025)
