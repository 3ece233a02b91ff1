"""A date printed after the last year in its cell takes that year, not the harmonogram's
(periods2's report: "od 3 marca 2025 do 24 marca" in a 2026 harmonogram read as 3 March 2025 –
24 March 2026, a window of a year and three weeks)."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.periods import PeriodError, parse_period

D = date


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        ("od 3 marca 2025 do 24 marca", [(D(2025, 3, 3), D(2025, 3, 24))]),
        ("od 1 marca 2025 do 31 maja", [(D(2025, 3, 1), D(2025, 5, 31))]),
        ("od 1.03.2025 do 31 maja", [(D(2025, 3, 1), D(2025, 5, 31))]),
        ("marzec 2025 – maj", [(D(2025, 3, 1), D(2025, 5, 31))]),
        ("15 marca 2025 – kwiecień", [(D(2025, 3, 15), D(2025, 4, 30))]),
        ("od marca 2027 do maja", [(D(2027, 3, 1), D(2027, 5, 31))]),
        # going back in the calendar: the date keeps the harmonogram's year
        ("grudzień 2025 – styczeń", [(D(2025, 12, 1), D(2026, 1, 31))]),
        ("od 1 grudnia 2025 do 15 stycznia", [(D(2025, 12, 1), D(2026, 1, 15))]),
        # rounds: the second without a year is in the first's year
        (
            "styczeń 2025 (I nabór), wrzesień (II nabór)",
            [(D(2025, 1, 1), D(2025, 1, 31)), (D(2025, 9, 1), D(2025, 9, 30))],
        ),
        (
            "marzec 2025, wrzesień",
            [(D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 9, 1), D(2025, 9, 30))],
        ),
        # a year printed after still wins, and no printed year means the harmonogram's
        ("marzec – maj 2025", [(D(2025, 3, 1), D(2025, 5, 31))]),
        ("marzec – maj", [(D(2026, 3, 1), D(2026, 5, 31))]),
    ],
)
def test_a_date_after_the_last_printed_year_takes_that_year(
    text: str, windows: list[tuple[date, date]]
) -> None:
    period = parse_period(text, 2026, date(2026, 1, 1))
    assert [(w.start, w.last_day) for w in period.windows] == windows


@pytest.mark.parametrize(
    "text",
    [
        "do 15.04.2026 12.03",
        "15.04.2026 12.03",
        "30.04.2026 r. 10.04",
        "od 01.03.2026 do 31.03.2026 12.03",
    ],
)
def test_a_date_that_would_go_back_is_not_moved_to_the_next_year(text: str) -> None:
    """An hour printed without "godz." ("12.03") reads as a day; it is refused as out of
    order, never read as 12 March of the next year (trial21b)."""
    with pytest.raises(PeriodError, match=r"odwrotnej kolejności|godzina albo dzień i miesiąc"):
        parse_period(text, 2026, date(2025, 11, 30))


# Two years side by side are both read or refused, never one dropped (outside testers: "2025
# 2026" was read as 2025 alone).
@pytest.mark.parametrize(
    "text",
    [
        "2025 2026",
        "2025 r. 2026 r.",
        "2025, 2026",
        "2025-2026",
        "2025 – 2026",
        "lata 2025–2026",
        "w latach 2025 2026",
        "w latach 2025/2026",
        "2025 i 2026",
    ],
)
def test_two_years_printed_together_are_the_span_of_both(text: str) -> None:
    period = parse_period(text, 2025)
    assert (period.windows[0].start, period.windows[-1].last_day) == (
        D(2025, 1, 1),
        D(2026, 12, 31),
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2025 2027", "w latach 2025–2027"),
        ("2025/2026", "lata 2025–2026"),
        ("2025 2024", "2025"),
        ("marzec 2025 2026", "2026"),
    ],
)
def test_two_years_that_allow_two_readings_are_refused(text: str, said: str) -> None:
    with pytest.raises(PeriodError, match=said):
        parse_period(text, 2025)
