"""A news feed's date follows its own bytes (notifier.core.feed_dates)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.core.feed_dates import RecordedDate, feed_date

NOW = datetime(2026, 12, 7, 22, 40, 35, 123456, tzinfo=UTC)
SHOWN = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)  # the newest entry's day, in UTC

moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


def test_a_feed_first_seen_is_dated_by_the_newest_date_it_shows() -> None:
    assert feed_date(None, "a", SHOWN, NOW) == SHOWN


@given(recorded=moments, shown=moments, now=moments)
@settings(deadline=None)
def test_the_same_bytes_keep_their_date_whatever_the_clock(
    recorded: datetime, shown: datetime, now: datetime
) -> None:
    stored = RecordedDate("a", recorded.replace(microsecond=0))
    assert feed_date(stored, "a", shown, now) == stored.date


@given(recorded=moments, shown=moments, now=moments)
@settings(deadline=None)
def test_changed_bytes_move_the_date_forward_in_whole_seconds(
    recorded: datetime, shown: datetime, now: datetime
) -> None:
    stored = RecordedDate("a", recorded.replace(microsecond=0))
    moved = feed_date(stored, "b", shown, now)
    assert moved > stored.date
    assert moved >= now.replace(microsecond=0)
    assert moved.microsecond == 0
    assert moved >= shown.replace(microsecond=0)
    later = max(now.replace(microsecond=0), shown.replace(microsecond=0))
    assert moved in (later, stored.date + timedelta(seconds=1))
