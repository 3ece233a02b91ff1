"""A task's period from TOML: the printed `period`, and the clerk's `window` beside a vague one.

The printed words stay as printed. When they name no window a reader can be sure of ("na
początku marca", "po podaniu terminu przez Ministerstwo"), the file may add
`window = "1–10 marca 2025"` (any readable form): pages, feeds and emails then show the printed
words with the window's dates, and `notifier check` lists every task that needed one. A window
beside a period that reads by itself is refused, so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from notifier.core.echo import ECHO_CHARS, cut
from notifier.core.period_clock import period_clock_problem
from notifier.core.period_hints import cell_example
from notifier.core.periods import DatedPeriod, Period, PeriodError, parse_period, too_long
from notifier.core.polish import format_span

Problem = Callable[[str, str], None]
_MISSING = object()


def read_period(
    table: dict[str, Any],
    where: str,
    year: int | None,
    as_of: date | None,
    problem: Problem,
    window_problem: Problem | None = None,
) -> Period | None:
    """The period of one [[departments.tasks]] table, its `window` applied; None after a
    problem (each goes to `problem`, in Polish; a problem of the window to `window_problem`,
    naming its line). Without the harmonogram's year (reported elsewhere) nothing is read.
    An hour the clocks skip on a day the period names is refused (core.period_clock)."""
    period = _read_period(table, where, year, as_of, problem, window_problem)
    skipped = period_clock_problem(period) if isinstance(period, DatedPeriod) else None
    if skipped is not None:
        problem(where, f"okres: {skipped}")
        return None
    return period


def _read_period(
    table: dict[str, Any],
    where: str,
    year: int | None,
    as_of: date | None,
    problem: Problem,
    window_problem: Problem | None = None,
) -> Period | None:
    text = table.get("period", _MISSING)
    if text is _MISSING:
        problem(where, "brak pola 'period' (dla zadania bez terminu prosimy wpisać period = \"-\")")
        return None
    if not isinstance(text, str):
        problem(where, 'period musi być tekstem w cudzysłowie, np. period = "Maj 2024"')
        return None
    window_text = table.get("window", _MISSING)
    if year is None:
        return None
    try:
        printed: Period | None = parse_period(text, year, as_of)
        refusal = None
    except PeriodError as exc:
        printed, refusal = None, exc
    if window_text is not _MISSING and refusal is not None and not too_long(text):
        hard = no_window_for(str(refusal))
        if hard is not None:  # a day not in the calendar, an invisible character: no window
            (window_problem or problem)(where, hard)
            return None
    if window_text is _MISSING or too_long(text):  # a window never keeps a 96 kB period
        if refusal is not None:
            asks = is_vague(str(refusal)) and "obok window" not in str(refusal)  # once only
            hint = f"; {window_hint(text, year)}" if asks else ""
            problem(where, f"{refusal}{hint}")
        return printed
    return _with_window(text, printed, window_text, where, year, as_of, window_problem or problem)


def is_vague(refusal: str) -> bool:
    """Whether a refusal is of a vague cell ("na początku marca", "po 15 marca", "ok. marca",
    "do 30 listopada lub do wyczerpania środków"): its dates
    are for a person to decide, so the printed words stay and a window goes beside them."""
    return any(
        w in refusal
        for w in ("nieprecyzyjny", "zmienia termin", "przybliżony", "przed datą z druku")
    )


# A refusal no window can stand beside: the print names a day the calendar does not have
# ("29 lutego 2027", "31.04.2027", "0 stycznia") or holds a character nobody sees (U+200B
# after a copy, a soft hyphen): a window would put dates in every calendar beside a print
# the reader itself refuses. The period reader's own words say which (notifier.core.periods).
_NO_DAY_RE = re.compile(r"nie ma dnia .{1,40}? w kalendarzu")
_INVISIBLE_RE = re.compile(r"nieznany znak U\+[0-9A-F]{4,6}(?: \([^)]*\))?")


def no_window_for(refusal: str) -> str | None:
    """Why a printed period refused with `refusal` (the period reader's message) cannot take
    a `window` (Polish, naming the day or the character), or None when a window may go
    beside it (a vague or unreadable print)."""
    day = _NO_DAY_RE.search(refusal)
    if day is not None:
        return (
            f"{day[0]} — druk podaje dzień, którego nie ma, więc window go nie zastąpi: "
            "proszę poprawić period (np. na dzień podany przez urząd)"
        )
    char = _INVISIBLE_RE.search(refusal)
    if char is not None:
        return (
            f"okres zawiera niewidoczny {char[0].removeprefix('nieznany ')} — proszę go usunąć "
            "z period (window go nie zastąpi)"
        )
    return None


def window_example(text: str, year: int) -> str:
    """A window to suggest beside `text`, in the cell's own month (and day: after "po 15
    marca") and year when it names them ("na początku kwietnia 2026" → "1–10 kwietnia 2026"),
    else March of `year` (notifier.core.period_hints)."""
    return cell_example(text, year)[0]


def window_hint(text: str, year: int) -> str:
    """The sentence (Polish) asking for a window beside a printed period that does not read."""
    return (
        f"jeśli urząd poda dni, proszę zostawić druk („{' '.join(text.split())}”) i dopisać "
        f'obok window = "{window_example(text, year)}"'
    )


def _with_window(
    text: str,
    printed: Period | None,
    window_text: object,
    where: str,
    year: int,
    as_of: date | None,
    problem: Problem,
) -> Period | None:
    if not isinstance(window_text, str) or not window_text.strip():
        problem(where, f'window musi być tekstem z datami, np. window = "1–10 marca {year}"')
        return None
    if printed is not None and printed.dated:
        dates = "; ".join(format_span(w.start, w.end) for w in printed.windows)
        problem(
            where,
            f"okres „{cut(text.strip(), ECHO_CHARS)}” czyta się sam ({dates}) — pole window jest tylko dla "
            "okresu nieprecyzyjnego lub nieczytelnego; proszę je usunąć",
        )
        return None
    try:
        window = parse_period(window_text, year, as_of)
    except PeriodError as exc:
        problem(where, f"window: {exc}")
        return None
    if not isinstance(window, DatedPeriod):
        problem(
            where,
            f'window „{cut(window_text.strip(), ECHO_CHARS)}” nie podaje dat, np. "1–10 marca {year}"',
        )
        return None
    return replace(window, text=text.strip(), window=" ".join(window_text.split()))
