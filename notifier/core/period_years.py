"""The year of the dates printed after the last printed year in one run of dates.

A Polish reader reads "od 3 marca 2025 do 24 marca" as ending in 2025, the year printed at its
start, not in the harmonogram's year. A date that would then go back in the calendar is not
moved to a later year: "15.04.2026 12.03" is an hour printed without "godz." as often as a
date, so it keeps the year it had (and is refused as out of order) rather than become 12 March
2027. The items are period_runs' resolved items (kind "day", "month", "num" or "year";
`number`, `month`, `year`, `printed_year`), already given their years from the right.
Two years printed side by side ("2025 2026", the dash lost) are both read or refused
(`year_pair`), never one dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from notifier.core.period_words import MONTH_NAMES, Invalid


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


def item_name(item: Any) -> str:
    if item.kind == "month":
        return f"{MONTH_NAMES[item.number - 1][0]} {item.year}"
    if item.kind == "day" and item.month is not None:
        return f"{item.number} {MONTH_NAMES[item.month - 1][1]} {item.year}"
    return item.raw


def crosses_new_year(a: Any, b: Any, ranged: bool) -> bool:
    """A range from a later month to an earlier one of the same year, the first printed
    without its year ("listopad – luty 2025", "IX–VI 2025"), or December then January: the
    window may end in that year or start in it. A list out of order ("kwiecień/marzec") is a
    misprint, not a new year."""
    month_a = a.number if a.kind == "month" else a.month
    month_b = b.number if b.kind == "month" else b.month
    if a.year != b.year or month_a is None or month_b is None:
        return False
    return (ranged and month_a > month_b) or (month_a, month_b) == (12, 1)


def two_new_years(a: Any, b: Any) -> Invalid:
    """Name both readings of a run across the new year printed with one year: a clerk prints
    "XI – II 2025" for the season that ends in 2025 and for the one that starts in it."""
    year = a.year or 0
    before = f"{item_name(replace(a, year=year - 1))} – {item_name(b)}"
    after = f"{item_name(a)} – {item_name(replace(b, year=year + 1))}"
    return Invalid(f"na przełomie roku proszę podać rok przy obu miesiącach: {before} czy {after}?")


def year_pair(first: int, second: int) -> str:
    """ "2025 2026": two years with no sign between them. Years that follow one another are
    the span of both whichever sign was lost ("list"); others ("2025 2027") are a span or two
    separate years, so both readings are named."""
    if second == first + 1:
        return "list"
    raise Invalid(
        f"między latami {first} i {second} brakuje znaku: „w latach {first}–{second}” (cały "
        f"okres) czy „{first}, {second}” (dwa osobne lata)? Proszę wpisać myślnik albo przecinek"
    )
