"""A plan whose period is one column per month (or per quarter), the task's months marked.

Many harmonogramy print the announcement period not as a text but as a row of month columns
("I II III … XII", "styczeń luty …", "sty lut …", "I kw. II kw. …") under one heading such as
"Planowany termin ogłoszenia konkursu", a task's month marked "X" (or "x", "+", "✓", "•").
A run of marked columns is that span of months, written with the columns' month names
("kwiecień–czerwiec"; two runs: "styczeń, kwiecień–maj"; quarters: "II kwartał",
"II–III kwartał"), so the period reader reads it in the harmonogram's year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from notifier.core.importing.cells import normalise
from notifier.core.period_words import MONTH_NAMES

MONTHS = tuple(forms[0] for forms in MONTH_NAMES)  # "styczeń", …, "grudzień"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_QUARTER_RE = re.compile(r"^(I{1,3}|IV)\s*(kw\.?|kwartał)$", re.IGNORECASE)
_UNMARKED = ("", "-", "–", "—", "0")
MIN_COLUMNS = 3  # fewer month-like cells in a row are no month columns


# a month column headed by its number ("4") or by a date Excel shows for it ("01.04.2027",
# "2027-04-01 00:00:00"): read only in a run of at least six consecutive months
_NUMBERED_RE = re.compile(
    r"^(\d{1,2})$|^0?1[./-](\d{1,2})[./-]\d{4}$|^\d{4}-(\d{1,2})-0?1(?: 0?0:00(?::00)?)?$"
)
MIN_NUMBERED = 6


def _numbered(label: str) -> int | None:
    found = _NUMBERED_RE.match(normalise(label).rstrip("."))
    number = int(next((g for g in found.groups() if g), "0")) if found else 0
    return number if 1 <= number <= 12 else None


def month_of(label: str) -> tuple[str, int] | None:
    """("month", 1..12) or ("quarter", 1..4) for a month column's heading ("IV", "kwiecień",
    "kwi", "kwiec.", "4", "II kw."), else None."""
    text = normalise(label).rstrip(".").strip()
    if len(text) <= 6:  # a heading broken inside its word in a narrow column: "VII\nI"
        text = "".join(text.split())
    quarter = _QUARTER_RE.match(text)
    if quarter:
        return "quarter", ("I", "II", "III", "IV").index(quarter.group(1).upper()) + 1
    if text in _ROMAN:
        return "month", _ROMAN.index(text) + 1
    low = text.lower()
    if len(low) >= 3 and low.isalpha():
        found = [
            n for n, forms in enumerate(MONTH_NAMES, 1) if any(f.startswith(low) for f in forms)
        ]
        if len(found) == 1:
            return "month", found[0]
    return None


def month_columns(texts: Sequence[str]) -> tuple[tuple[int, str, int], ...]:
    """The row's month columns as (column, "month" or "quarter", number), in order: at least
    MIN_COLUMNS cells of one kind with increasing numbers, else ()."""
    found = [(i, *m) for i, t in enumerate(texts) if (m := month_of(t))]
    numbered = [(i, "month", n) for i, t in enumerate(texts) if (n := _numbered(t))]
    steps = [b[2] - a[2] for a, b in pairwise(numbered)]
    if not found and len(numbered) >= MIN_NUMBERED and set(steps) == {1}:
        return tuple(numbered)  # "1 … 12", "01.01.2027 … 01.12.2027"
    kinds = {kind for _, kind, _ in found}
    if len(found) < MIN_COLUMNS or len(kinds) != 1:
        return ()
    numbers = [n for _, _, n in found]
    if numbers != sorted(set(numbers)):
        return ()
    return tuple(found)


def is_marked(text: str) -> bool:
    """Does a month cell mark the task (any text but a dash, a question mark or nothing)?"""
    return normalise(text) not in _UNMARKED and not _DOUBT_RE.match(normalise(text))


_DOUBT_RE = re.compile(r"^\(?\s*[xX]?\s*\?+\s*\)?$")  # "?", "x?", "(?)": not a mark


def doubtful_marks(columns: Sequence[tuple[int, str, int]], texts: Sequence[str]) -> str | None:
    """The review's words (Polish) for month cells holding a doubt ("?") instead of a mark:
    they are not read as the task's months; the task keeps the months marked for sure."""
    doubted = [
        (kind, n, normalise(texts[i]))
        for i, kind, n in columns
        if i < len(texts) and normalise(texts[i]) and _DOUBT_RE.match(normalise(texts[i]))
    ]
    if not doubted:
        return None
    shown = ", ".join(
        f"„{text}” w kolumnie {MONTHS[n - 1] if kind == 'month' else f'{n}. kwartał'}"
        for kind, n, text in doubted
    )
    return f"niepewny znacznik {shown} — nie przyjęty jako termin: proszę sprawdzić"


def marked_period(columns: Sequence[tuple[int, str, int]], texts: Sequence[str]) -> str | None:
    """The months (or quarters) marked in a row, as the period reader reads them: runs of
    consecutive columns as "first–last", runs joined by ", "; None when nothing is marked."""
    marked = [(kind, n) for i, kind, n in columns if i < len(texts) and is_marked(texts[i])]
    if not marked:
        return None
    runs: list[list[int]] = []
    for _, n in marked:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    if marked[0][0] == "quarter":
        roman = ("I", "II", "III", "IV")
        parts = [
            roman[r[0] - 1] if len(r) == 1 else f"{roman[r[0] - 1]}–{roman[r[-1] - 1]}"
            for r in runs
        ]
        return f"{', '.join(parts)} kwartał"
    names = [
        MONTHS[r[0] - 1] if len(r) == 1 else f"{MONTHS[r[0] - 1]}–{MONTHS[r[-1] - 1]}" for r in runs
    ]
    return ", ".join(names)
