"""The examples in a period's messages, in the cell's own month, day and year.

A refusal suggests what to write instead ("proszę podać dni (np. "1–10 marca 2026")"). The
messages are written with March ("1–10 marca {YEAR}", "do 10 marca {YEAR}", "w I połowie
marca"); `in_cell` rewrites them into the month the cell names ("na początku maja" →
"1–10 maja 2026"), the first month of a quarter or half it names ("w III kwartale" → July),
and for "po 15 marca" / "przed 15 marca" into days after / before the printed day, so an
example never contradicts the print. `printed_bounds` is the span the printed words name (their
months, quarters, halves and years) for the warning about a `window` outside it.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from itertools import pairwise

from notifier.core.echo import in_quotes
from notifier.core.period_words import MAX_YEAR, MIN_YEAR, MONTH_NAMES, Invalid, Tok, fold, tokenize
from notifier.core.polish import format_span
from notifier.core.spans import DatedPeriod, PeriodKind


def _tokens(text: str) -> list[Tok]:
    try:
        return tokenize(text)
    except Invalid:
        return []


def _unit_months(tokens: list[Tok]) -> list[int]:
    """First and last months of the quarters and halves named ("II kwartał" → 4, 6)."""
    months: list[int] = []
    monthly = any(t.kind == "month" for t in tokens)  # "w I połowie marca": March's half
    for before, tok in pairwise(tokens):
        if before.kind == "num" and tok.kind == "quarter" and 1 <= before.value <= 4:
            months += [3 * before.value - 2, 3 * before.value]
        elif before.kind == "num" and tok.kind == "half" and 1 <= before.value <= 2 and not monthly:
            months += [6 * before.value - 5, 6 * before.value]
    return months


def _years(tokens: list[Tok]) -> list[int]:
    years = [t.value for t in tokens if t.kind == "year"]
    years += [t.year for t in tokens if t.kind == "month" and t.year is not None]
    years += [t.day.year for t in tokens if t.kind == "day" and t.day is not None]
    return [y for y in years if MIN_YEAR <= y <= MAX_YEAR]


def _span(first: date, last: date) -> str:
    """ "16–25 marca 2026", "26 marca – 4 kwietnia 2026" (a form the reader reads back)."""
    gen = MONTH_NAMES[first.month - 1][1]
    if first == last:
        return f"{first.day} {gen} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {gen} {first.year}"
    head = f"{first.day} {gen}" + (f" {first.year}" if first.year != last.year else "")
    return f"{head} – {last.day} {MONTH_NAMES[last.month - 1][1]} {last.year}"


def cell_example(text: str, year: int) -> tuple[str, date]:
    """A window to suggest for `text` and its last day: ten days of the cell's month (March of
    `year` when it names none), after or before its day for "po …" / "przed …"."""
    tokens = _tokens(text)
    years = _years(tokens)
    in_year = years[0] if years else year
    month, anchor = 3, None
    for n, tok in enumerate(tokens):
        if tok.kind == "day" and tok.day is not None:
            month, anchor = tok.day.month, tok.day
            break
        if tok.kind == "month":
            month = tok.value
            before = tokens[n - 1] if n else None
            if before is not None and before.kind == "num" and not before.roman:
                day = min(before.value, monthrange(in_year, month)[1])
                anchor = date(in_year, month, max(day, 1))
            break
    else:
        units = _unit_months(tokens)
        month = units[0] if units else month
    words = {fold(t.raw) for t in tokens}
    named = any(t.kind in ("month", "day") for t in tokens)
    first = date(in_year, month, 1)
    if anchor is not None and "po" in words:
        first = anchor + timedelta(days=1)
    elif anchor is not None and "przed" in words:
        first = max(anchor - timedelta(days=10), date(anchor.year, 1, 1))
    elif named and words & {"polowie", "polowa", "polowy"} and not _unit_months(tokens):
        first = date(in_year, month, 11)  # "w połowie maja": the middle ten days
    elif named and any(t.kind == "end" for t in tokens):  # "pod koniec marca": the last ones
        first = date(in_year, month, monthrange(in_year, month)[1] - 9)
    last = min(
        first + timedelta(days=9),
        date(first.year, first.month, monthrange(first.year, first.month)[1]),
    )
    return _span(first, last), last


def in_cell(detail: object, year: int, text: str) -> str:
    """A message's examples in the cell's month and the harmonogram's year ("{YEAR}", "{NEXT}"
    in the text: `year`, the next one)."""
    message = str(detail)
    if "marca {YEAR}" in message or "połowie marca" in message:
        window, last = cell_example(text, year)
        gen = MONTH_NAMES[last.month - 1][1]
        message = message.replace("1–10 marca {YEAR}", window)
        message = message.replace("do 10 marca {YEAR}", f"do {last.day} {gen} {last.year}")
        message = message.replace("w I połowie marca", f"w I połowie {gen}")
    return message.replace("{YEAR}", str(year)).replace("{NEXT}", str(year + 1))


def printed_bounds(text: str, year: int) -> tuple[date, date] | None:
    """First and last day of what the printed words name (months, quarters, halves, years; a
    printed year alone or "roku" alone is the whole year), or None when they name no date."""
    tokens = _tokens(text)
    months = [t.value for t in tokens if t.kind == "month" and 1 <= t.value <= 12]
    months += [t.day.month for t in tokens if t.kind == "day" and t.day is not None]
    months += _unit_months(tokens)
    years = _years(tokens) or [year]
    if not months and not any(t.kind in ("year", "yearword", "relyear") for t in tokens):
        return None
    first_month, last_month = (min(months), max(months)) if months else (1, 12)
    last_year = max(years)
    first = date(min(years), first_month, 1)
    last = date(last_year, last_month, monthrange(last_year, last_month)[1])
    words = {fold(t.raw) for t in tokens}
    if words & {"po", "od", "pozniej"}:  # "po 15 marca", "w marcu lub później": no end printed
        last = date(last_year, 12, 31)
    if words & {"przed", "do", "wczesniej"}:
        first = date(min(years), 1, 1)
    return first, last


def window_outside(period: DatedPeriod, year: int) -> str | None:
    """The warning (Polish) for a clerk's `window` whose days lie outside what the printed
    words name ("na początku marca" with window "1–10 października 2026"): a slip in the window
    would silently put a wrong date in every calendar. None without a window, or when the print
    names no month, quarter, half or year, or the window lies within it."""
    if period.window is None:
        return None
    bounds = printed_bounds(period.text, year)
    if bounds is None:
        return None
    first, last = bounds
    deadline = period.kind == PeriodKind.DEADLINE  # starts on "stan na dzień": its end counts
    if all((deadline or first <= w.start) and w.last_day <= last for w in period.windows):
        return None
    days = "; ".join(format_span(w.start, w.end) for w in period.windows)
    return (
        f"window {in_quotes(period.window)} ({days}) wypada poza tym, co podaje druk "
        f"{in_quotes(period.text)} "
        f"({format_span(first, last + timedelta(days=1))}) — proszę sprawdzić, czy w window "
        "nie ma pomyłki w miesiącu lub roku"
    )
