"""Time in one place: the Europe/Warsaw zone, the daily run moment, clock types.

Every moment the core takes is timezone-aware; calendar days are Warsaw days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Warsaw")
REMINDER_TIME = time(8, 0)

Clock = Callable[[], datetime]
"""A source of aware "now" moments (UTC); adapters pass one in, tests pass a fixed one."""


def require_aware(now: datetime) -> datetime:
    """`now` in Warsaw time; ValueError if it is naive (a naive moment has no place in time)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"`now` must be timezone-aware, got naive {now.isoformat()}")
    return now.astimezone(TIMEZONE)


def run_moment(day: date, reminder_time: time = REMINDER_TIME) -> datetime:
    """The moment a run "as of" `day` stands for: 08:00 (or `reminder_time`) Warsaw that day."""
    return datetime.combine(day, reminder_time, tzinfo=TIMEZONE)


def claim_clock(now: datetime, wall: Clock) -> datetime:
    """The time claims are stamped with and judged stale by: the wall clock, or `now` if later.

    `notifier remind --as-of` decides as if it were another day, but its claims must look
    fresh to a worker running at the real time, or that worker's retry job would take them
    over mid-send and the reminder would go out twice.
    """
    return max(now, wall())
