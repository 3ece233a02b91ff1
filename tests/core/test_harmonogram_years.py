"""core.harmonogram_years: the one rule of which harmonogram is current, and of past years."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier.core.harmonogram_years import current_year, next_year_wanted, year_over

DECEMBER_2026 = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("years", "today", "current"),
    [
        ((2024, 2027), DECEMBER_2026, 2027),  # a gap: the next one, not the expired 2024
        ((2024, 2026, 2027), DECEMBER_2026, 2026),  # the one covering today
        ((2024,), DECEMBER_2026, 2024),  # none current or ahead: the latest there is
        ((2024, 2025), date(2025, 3, 1), 2025),
        ((2025,), date(2024, 12, 20), 2025),  # adopted ahead of its year
        ((), DECEMBER_2026, None),
    ],
)
def test_current_year(years: tuple[int, ...], today: date, current: int | None) -> None:
    assert current_year(years, today) == current


@given(st.sets(st.integers(2000, 2100), min_size=1), st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_the_current_year_covers_today_else_is_the_nearest_ahead(
    years: set[int], today: date
) -> None:
    current = current_year(years, today)
    assert current in years
    if today.year in years:
        assert current == today.year
    elif any(y > today.year for y in years):
        assert current == min(y for y in years if y > today.year)
    else:
        assert current == max(years)


def test_a_year_is_over_once_the_next_has_begun() -> None:
    assert year_over(2024, DECEMBER_2026)
    assert year_over(2025, date(2026, 1, 1))
    assert not year_over(2026, DECEMBER_2026)
    assert not year_over(2027, DECEMBER_2026)


@pytest.mark.parametrize(
    ("year", "today", "wanted"),
    [
        (2024, DECEMBER_2026, 2027),
        (2025, DECEMBER_2026, 2027),
        (2024, date(2025, 3, 1), 2025),
        (2026, date(2026, 11, 30), 2027),
        (2024, date(2026, 11, 30), 2026),
    ],
)
def test_the_next_year_wanted_is_never_one_already_ending(
    year: int, today: date, wanted: int
) -> None:
    assert next_year_wanted(year, today) == wanted
