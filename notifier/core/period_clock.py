"""The hours a printed period names ("do 28 marca 2027 r. godz. 2:30") on the Warsaw wall
clock: one rule for every local time the service takes (core.time) — an hour the clocks skip
in spring names no moment and is refused; an autumn hour that happens twice is read as the
first (summer time, UTC+2) and said in a warning.

A period keeps its hours in its note ("godz. 2:30"), its windows whole days: each hour is
looked at on the days the print names (a deadline's last day; a day's or a range's first and
last), the only days an hour of the print can belong to; as many hours as such days are
paired in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time

from notifier.core.spans import DatedPeriod, PeriodKind
from notifier.core.time import ambiguous_hour_note, wall_clock_problem

_HOUR_RE = re.compile(r"godz\. ([0-9]{1,2}):([0-9]{2})(?:–([0-9]{1,2}):([0-9]{2}))?")


def _moments(period: DatedPeriod) -> Iterator[tuple[date, time]]:
    hours = []
    for found in _HOUR_RE.finditer(period.note or ""):
        for h, m in ((found[1], found[2]), (found[3], found[4])):
            if h is not None and int(h) < 24 and int(m) < 60:
                hours.append(time(int(h), int(m)))
    days: list[date] = []
    for window in period.windows:
        if period.kind is not PeriodKind.DEADLINE:
            days.append(window.start)
        days.append(window.last_day)
    days = list(dict.fromkeys(days))
    if len(hours) == len(days):  # "od 25.10 godz. 8:00 do 30.10 godz. 2:30": in order
        yield from zip(days, hours, strict=True)
        return
    for day in days:
        for hour in dict.fromkeys(hours):
            yield day, hour


def period_clock_problem(period: DatedPeriod) -> str | None:
    """Why the period is refused for an hour the clocks skip on a day it names (Polish,
    core.time.wall_clock_problem), or None."""
    return next(filter(None, (wall_clock_problem(d, h) for d, h in _moments(period))), None)


def period_clock_notes(period: DatedPeriod) -> list[str]:
    """A warning (Polish) per hour of the period that happens twice on a day it names
    (core.time.ambiguous_hour_note)."""
    return [n for d, h in _moments(period) if (n := ambiguous_hour_note(d, h)) is not None]
