"""The year of the dates printed after the last printed year in one run of dates.

A Polish reader reads "od 3 marca 2025 do 24 marca" as ending in 2025, the year printed at its
start, not in the harmonogram's year. A date that would then go back in the calendar is not
moved to a later year: "15.04.2026 12.03" is an hour printed without "godz." as often as a
date, so it keeps the year it had (and is refused as out of order) rather than become 12 March
2027. The items are period_runs' resolved items (kind "day", "month", "num" or "year";
`number`, `month`, `year`, `printed_year`), already given their years from the right.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any


def carry_printed_year(items: list[Any]) -> list[Any]:
    """`items` with the days and months after the last one printed with a year given that
    year, as long as the run keeps going forward in the calendar; from the first that would
    go back, the items keep the year they had. Unchanged when no day or month has a printed
    year, or a bare year follows it."""
    printed = [
        i for i, item in enumerate(items) if item.printed_year and item.kind in ("day", "month")
    ]
    if not printed or any(item.kind not in ("day", "month") for item in items[printed[-1] :]):
        return items
    out = items[: printed[-1] + 1]
    year = out[-1].year
    for index in range(printed[-1] + 1, len(items)):
        if _order(items[index]) < _order(out[-1]):
            return out + items[index:]
        out.append(replace(items[index], year=year))
    return out


def _order(item: Any) -> tuple[int, int]:
    """(month, day) of a day, (month, 0) of a month: its place within a year."""
    return (item.number, 0) if item.kind == "month" else (item.month or 0, item.number)
