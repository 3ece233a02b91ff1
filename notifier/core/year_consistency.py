"""What a city's harmonograms of different years say differently about the city itself: its
name, its region, its office's address.

The year in force decides (core.harmonogram_years), so a second year's file may rename a city,
move it to another region or hand its office area to another address; nothing refuses that,
but such a change is rarely meant and easy to miss (a copied file, a typo, someone else's
address). check and the services' reload log warn of each, naming both files and both values.
Pure: entries in, Polish sentences out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from notifier.core.catalog import Entry
from notifier.core.echo import in_quotes
from notifier.core.schedule import Schedule

_FIELDS = (  # what is compared, as a warning names it, and how it is read from a schedule
    ("nazwa miasta", lambda s: s.city),
    ("region", lambda s: s.region or ""),
    ("adres biura ([office] email)", lambda s: s.office.email),
)


@dataclass(frozen=True)
class YearDifference:
    """One difference between two years' files of a city: the files (`sources`, earlier
    year first) and the sentence saying it (Polish)."""

    sources: tuple[str, str]
    text: str


def year_differences(entries: Iterable[Entry]) -> list[YearDifference]:
    """Each name, region or office address that differs between a city's consecutive years'
    files (by city id, years ascending), in the order of cities' ids."""
    by_city: dict[str, list[Entry]] = {}
    for entry in entries:
        by_city.setdefault(entry.schedule.city_id, []).append(entry)
    out = []
    for city_id in sorted(by_city):
        years = sorted(by_city[city_id], key=lambda e: e.schedule.year)
        for earlier, later in pairwise(years):
            out += _differences(city_id, earlier, later)
    return out


def _differences(city_id: str, earlier: Entry, later: Entry) -> list[YearDifference]:
    out = []
    for what, read in _FIELDS:
        before, after = read(earlier.schedule), read(later.schedule)
        if before and after and before != after:  # a region given for the first time is no slip
            out.append(
                YearDifference(
                    (earlier.source, later.source),
                    f"miasto {city_id}: {what} różni się między latami – "
                    f"{_year(earlier.schedule)} ({earlier.source}): {in_quotes(before)}, "
                    f"{_year(later.schedule)} ({later.source}): {in_quotes(after)}; obowiązuje "
                    "plik roku w mocy – prosimy sprawdzić, czy to zamierzona zmiana",
                )
            )
    return out


def _year(schedule: Schedule) -> str:
    return f"rok {schedule.year}"
