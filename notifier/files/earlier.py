"""The city's earlier harmonogram in NOTIFIER_SCHEDULE, for an import to keep its ids.

An import of a city's document for a year takes the ids of the newest earlier year of the
same city (notifier.core.importing.carry_over); this finds that file among the harmonograms
the service reads (a directory, or the one file). Files that do not validate are left out.
"""

from __future__ import annotations

from pathlib import Path

from notifier.core.importing.carry_over import Previous
from notifier.core.schedule import ascii_slug
from notifier.files.one_shot import read_catalog


def earlier_harmonogram(root: Path, city: str, year: int) -> Previous | None:
    """The newest harmonogram of `city` (by name or id) for a year before `year` under `root`,
    or None when there is none (or `root` does not exist)."""
    if not root.exists():
        return None
    wanted = ascii_slug(city)
    entries, _ = read_catalog(root)
    earlier = [
        e
        for e in entries
        if wanted in (e.schedule.city_id, ascii_slug(e.schedule.city)) and e.schedule.year < year
    ]
    if not earlier:
        return None
    newest = max(earlier, key=lambda e: e.schedule.year)
    return Previous(newest.schedule, newest.source)
