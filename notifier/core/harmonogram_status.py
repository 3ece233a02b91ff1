"""Where a harmonogram stands on a given day: is any window still ahead, and what to read instead.

Pure: `today` (a Warsaw calendar day) is passed in by the adapter that read the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from notifier.core.harmonogram_years import current_year, year_over
from notifier.core.language import gettext as _
from notifier.core.polish import format_date
from notifier.core.schedule import Schedule


@dataclass(frozen=True)
class NewerHarmonogram:
    """Another harmonogram of the same city: its title, its year and where people read it
    (a page's URL, or a file's path for `notifier check`). The city's current one
    (core.harmonogram_years.current_year), when later than the harmonogram at hand, is
    pointed to."""

    title: str
    year: int
    url: str


@dataclass(frozen=True)
class HarmonogramStatus:
    """The harmonogram as of `today`.

    `last_day` is the last day of its latest dated window (None when nothing is dated);
    `all_past` says every window has ended (with nothing dated: the harmonogram's year is
    over); `newest` is the city's current harmonogram when it is a later one (None when this
    one is current, or no later one is known); `past_year` says the harmonogram's year is over.
    """

    today: date
    year: int
    last_day: date | None
    all_past: bool
    newest: NewerHarmonogram | None
    past_year: bool = False

    @property
    def is_over(self) -> bool:
        """Whether people should be told the harmonogram is over: every window has passed,
        or its year has and a later harmonogram is current."""
        return self.all_past or (self.past_year and self.newest is not None)

    def notice(self, *, with_url: bool = True) -> str | None:
        """One Polish paragraph for people when the harmonogram is over (is_over), else None;
        it names the current later harmonogram and, `with_url`, its address (a page shows
        the link itself)."""
        if not self.is_over:
            return None
        if self.all_past and self.last_day:
            text = _(
                "Wszystkie terminy z harmonogramu na %(year)s rok już minęły – ostatni upłynął "
                "%(day)s r."
            ) % {"year": self.year, "day": format_date(self.last_day)}
        elif self.all_past:
            text = _("Wszystkie terminy z harmonogramu na %(year)s rok już minęły.") % {
                "year": self.year
            }
        else:
            text = _("Rok %(year)s, na który jest ten harmonogram, już się skończył.") % {
                "year": self.year
            }
        if self.newest is None:
            return f"{text} " + _(
                "Nowszego harmonogramu jeszcze tu nie ma – o konkursach ogłaszanych teraz "
                "informuje urząd w Biuletynie Informacji Publicznej."
            )
        if not with_url:
            return f"{text} " + _("Jest już nowszy harmonogram – na %(year)s rok.") % {
                "year": self.newest.year
            }
        return f"{text} " + _("Aktualny jest „%(title)s”: %(url)s") % {
            "title": self.newest.title,
            "url": self.newest.url,
        }


def harmonogram_status(
    schedule: Schedule, today: date, others: Iterable[NewerHarmonogram] = ()
) -> HarmonogramStatus:
    """The status of `schedule` on `today`; `others` are the city's other harmonograms.

    A window [start, end) has passed when `today >= end`. The city's current harmonogram
    among `schedule` and `others` (core.harmonogram_years.current_year: 2027 on 6 December
    2026 among 2024, 2025 and 2027) is pointed to when it is later than `schedule`.
    """
    ends = [w.end for t in schedule.tasks() for w in t.windows]
    if ends:
        after = max(ends)
        last_day: date | None = after - timedelta(days=1)
    else:
        after, last_day = date(schedule.year + 1, 1, 1), None
    by_year = {o.year: o for o in others if o.year != schedule.year}
    year = current_year([schedule.year, *by_year], today)
    newest = by_year.get(year) if year is not None and year > schedule.year else None
    past = year_over(schedule.year, today)
    return HarmonogramStatus(today, schedule.year, last_day, today >= after, newest, past)
