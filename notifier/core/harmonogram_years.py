"""Which year's harmonogram is current for a city on a day, and which years are over.

The one rule every door uses to pick a city's harmonogram (its page at /{city}/, the cities'
index, the office's weekly digest, `notifier check`'s pointer to the newer file) and to decide
whether a window with no call recorded is late. One harmonogram is a catalog of one: a city
with a single year goes through the same rule. Pure: `today` is a Warsaw calendar day passed
in by the adapter that read the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def current_year(years: Iterable[int], today: date) -> int | None:
    """The year of the harmonogram current on `today` among a city's `years`: the one that
    covers today (today's year); when none does, the next one after today (a harmonogram
    adopted ahead of its year, or a gap in the years: 2024 and 2027 on 6 December 2026 give
    2027); when none is ahead either, the latest one (finished, but the newest there is).
    None for no years."""
    years = sorted(set(years))
    if not years:
        return None
    if today.year in years:
        return today.year
    ahead = [y for y in years if y > today.year]
    return ahead[0] if ahead else years[-1]


def year_over(year: int, today: date) -> bool:
    """Whether the harmonogram of `year` is a past year's on `today` (its year has ended).
    Overdue ("opóźniony … brak ogłoszenia") is a statement about a harmonogram whose year is
    still running or ahead; of a past year's windows without a call the service says only
    "nie odnotowano ogłoszenia" (nobody may have recorded calls that did happen)."""
    return today.year > year


def next_year_wanted(year: int, today: date) -> int:
    """The year whose harmonogram a city needs next after the harmonogram of `year`: the year
    after it, but never a year already over; from December on, the year after today's, since
    the council adopts next year's programme of cooperation by 30 November (art. 5a ust. 1 of
    the ustawa o działalności pożytku publicznego i o wolontariacie). 2024 on 6 December 2026
    gives 2027; 2024 on 1 March 2025 gives 2025."""
    running = today.year + 1 if today.month == 12 else today.year
    return max(year + 1, running)


def office_years(today: date) -> tuple[int, int]:
    """The years the office area may add a harmonogram for on `today`: the running one (a city
    starting mid-year) and the next (adopted by 30 November, see next_year_wanted). A file of
    a later year would be adopted by nobody and would be published at once."""
    return today.year, today.year + 1


def office_year_problem(year: int, today: date) -> str | None:
    """Why the office may not import a harmonogram of `year` on `today` (Polish), or None."""
    first, last = office_years(today)
    if first <= year <= last:
        return None
    return (
        f"Harmonogram na rok {year} nie może być dodany w biurze: przyjmujemy rok {first} "
        f"albo {last}; nic nie zapisano."
    )


def deciding_year(years: Iterable[int], today: date) -> int | None:
    """The year whose file says who may sign in to a city's office on `today`: the latest year
    not after today's (the harmonogram in force), else the earliest one (a city whose first
    harmonogram is adopted ahead of its year). A file of a later year never decides while an
    earlier one exists, so nobody can keep access by adding a far-future file. None for no
    years."""
    years = sorted(set(years))
    if not years:
        return None
    running = [y for y in years if y <= today.year]
    return running[-1] if running else years[0]
