"""Time in one place: the Europe/Warsaw zone, the daily run moment, clock types.

Every moment the core takes is timezone-aware; calendar days are Warsaw days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Warsaw")
"""The zone of every calendar day in the service: the harmonogram's days are Warsaw days."""
REMINDER_TIME = time(8, 0)
"""When reminders become due and the daily run happens by default: 08:00 Warsaw wall clock."""

Clock = Callable[[], datetime]
"""A source of aware "now" moments (UTC); adapters pass one in, tests pass a fixed one."""


def require_aware(now: datetime) -> datetime:
    """The same instant in Europe/Warsaw time.

    ValueError if `now` is naive: a moment without an offset has no place in time.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"`now` must be timezone-aware, got naive {now.isoformat()}")
    return now.astimezone(TIMEZONE)


def warsaw_day(moment: datetime) -> date:
    """The calendar day of `moment` in Europe/Warsaw: "today" for every rule of the service.

    ValueError if `moment` is naive (require_aware).
    """
    return require_aware(moment).date()


def wall_clock_problem(day: date, hour: time) -> str | None:
    """Why `hour` on `day` names no moment of the Warsaw wall clock (Polish), or None.

    On the last Sunday of March the clocks go from 02:00 to 03:00 (summer time): 02:00–02:59
    does not happen that night and is refused (blind round three, m9). On the last Sunday of
    October 02:00–02:59 happens twice; it is read as the first time, still in summer time
    (UTC+2, `fold` 0): a deadline then never ends later than either reading of it."""
    naive = datetime.combine(day, hour)
    there = naive.replace(tzinfo=TIMEZONE).astimezone(UTC).astimezone(TIMEZONE)
    if there.replace(tzinfo=None) == naive:
        return None
    return (
        f"godzina {hour:%H:%M} nie istnieje {day:%d.%m.%Y} w Polsce: tej nocy zegary "
        "przestawia się z 2:00 na 3:00 (czas letni) – proszę podać np. 03:00"
    )


def ambiguous_hour_note(day: date, hour: time) -> str | None:
    """What to say (Polish) of `hour` on `day` when the Warsaw wall clock shows it twice (the
    last Sunday of October, 02:00–02:59): it is read as the first time, in summer time (UTC+2,
    see wall_clock_problem); None for any other hour, a skipped one included."""
    first = datetime.combine(day, hour, tzinfo=TIMEZONE)
    if wall_clock_problem(day, hour) is not None:
        return None
    if first.utcoffset() == first.replace(fold=1).utcoffset():
        return None
    return (
        f"godzina {hour:%H:%M} {day:%d.%m.%Y} jest w Polsce dwa razy (tej nocy zegary cofa się "
        "z 3:00 na 2:00) – przyjęto pierwszą, w czasie letnim (UTC+2); jeśli chodzi o drugą, "
        "proszę podać np. 03:00"
    )


# The nights the Warsaw clocks change (the last Sundays of March and October, at 2–3 am): a
# reference year, since the rule is the same every year (EU summer time).
_CLOCK_CHANGES = (date(2027, 3, 28), date(2027, 10, 31))


def daily_time_problem(hour: time) -> str | None:
    """Why `hour` cannot be the Warsaw wall-clock time of a daily run (Polish), or None.

    02:00–02:59 does not happen on the last Sunday of March and happens twice on the last
    Sunday of October: a run set then (NOTIFIER_REMIND_TIME=02:30) would run at 03:30 that
    March night (the scheduler reads the missing 02:30 with the winter offset) and twice that
    October night, so such a time is refused, as a deadline in the skipped hour is."""
    if not any(wall_clock_problem(d, hour) or ambiguous_hour_note(d, hour) for d in _CLOCK_CHANGES):
        return None
    return (
        f"godzina {hour:%H:%M} nie istnieje w Polsce w ostatnią niedzielę marca (zegary "
        "przestawia się z 2:00 na 3:00), a w ostatnią niedzielę października jest dwa razy – "
        "proszę podać godzinę przed 2:00 albo od 3:00, np. 03:00"
    )


def run_moment(day: date, reminder_time: time = REMINDER_TIME) -> datetime:
    """The moment a run "as of" `day` stands for: `reminder_time` (08:00 by default) Warsaw
    wall clock on that day, aware. 08:00 exists on every Warsaw day (DST changes at 2–3 am).
    """
    return datetime.combine(day, reminder_time, tzinfo=TIMEZONE)


def claim_clock(now: datetime, wall: Clock) -> datetime:
    """The time claims are stamped with and judged stale by: the wall clock, or `now` if later.

    Both aware; the result is whichever is later, in its own zone.

    `notifier remind --as-of` decides as if it were another day, but its claims must look
    fresh to a worker running at the real time, or that worker's retry job would take them
    over mid-send and the reminder would go out twice.
    """
    return max(now, wall())
