"""Where a harmonogram stands on a given day: is any window still ahead, and what to read instead.

Pure: `today` (a Warsaw calendar day) is passed in by the adapter that read the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from notifier.core.polish import format_date
from notifier.core.schedule import Schedule


@dataclass(frozen=True)
class NewerHarmonogram:
    """Another harmonogram the service knows of: its title, its year and where people read it.

    The service serves one harmonogram today, so callers pass none; a service that keeps
    several years passes the others and the newest later one is pointed to.
    """

    title: str
    year: int
    url: str


@dataclass(frozen=True)
class HarmonogramStatus:
    """The harmonogram as of `today`.

    `last_day` is the last day of its latest dated window (None when nothing is dated);
    `all_past` says every window has ended (with nothing dated: the harmonogram's year is
    over); `newest` is the newest later harmonogram known, if any.
    """

    today: date
    year: int
    last_day: date | None
    all_past: bool
    newest: NewerHarmonogram | None

    def notice(self) -> str | None:
        """One Polish paragraph for people when every window has passed, else None."""
        if not self.all_past:
            return None
        ended = f" – ostatni upłynął {format_date(self.last_day)} r." if self.last_day else "."
        text = f"Wszystkie terminy z harmonogramu na {self.year} rok już minęły{ended}"
        if self.newest is None:
            return (
                f"{text} Nowszego harmonogramu jeszcze tu nie ma – o konkursach ogłaszanych "
                "teraz informuje urząd w Biuletynie Informacji Publicznej."
            )
        return f"{text} Aktualny jest „{self.newest.title}”: {self.newest.url}"


def harmonogram_status(
    schedule: Schedule, today: date, others: Iterable[NewerHarmonogram] = ()
) -> HarmonogramStatus:
    """The status of `schedule` on `today`; `others` are harmonograms the service also knows.

    A window [start, end) has passed when `today >= end`. The newest of `others` whose year
    is later than this harmonogram's is the one pointed to.
    """
    ends = [w.end for t in schedule.tasks() for w in t.windows]
    if ends:
        after = max(ends)
        last_day: date | None = after - timedelta(days=1)
    else:
        after, last_day = date(schedule.year + 1, 1, 1), None
    later = [o for o in others if o.year > schedule.year]
    newest = max(later, key=lambda o: o.year) if later else None
    return HarmonogramStatus(today, schedule.year, last_day, today >= after, newest)
