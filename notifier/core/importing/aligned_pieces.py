"""A table of aligned text, line by line and column by column: each printed line's text in
each column, and the columns' roles as far as the lines show them (the title column, the
period column, a number column), for notifier.core.importing.aligned_gapless. Pure."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from notifier.core.importing.aligned_layout import Gutters, Line, Word, column_of, text_of
from notifier.core.importing.cells import LP_RE, period_or_none, year_assumed
from notifier.core.periods import DatedPeriod, PeriodError, parse_period

__all__ = [
    "LP_RE",
    "Piece",
    "column_pieces",
    "dated",
    "ends_sentence",
    "gives_year",
    "in_column",
    "new_period",
    "number_column",
    "period_column",
    "word_space",
]


@dataclass(frozen=True)
class Piece:
    """One line's text in one column: its words' extent and its first word's width."""

    text: str
    top: float
    bottom: float
    x1: float
    first: float


def in_column(grid: Sequence[Sequence[Piece | None]], column: int) -> list[Piece]:
    return [p for g in grid if (p := g[column]) is not None]


def column_pieces(line: Line, gutters: Gutters, width: int) -> list[Piece | None]:
    by_column: dict[int, list[Word]] = {}
    for word in line.words:
        by_column.setdefault(column_of((word.x0 + word.x1) / 2, gutters), []).append(word)
    out: list[Piece | None] = [None] * width
    for column, words in by_column.items():
        out[column] = Piece(
            text_of(words),
            min(w.top for w in words),
            max(w.bottom for w in words),
            max(w.x1 for w in words),
            words[0].x1 - words[0].x0,
        )
    return out


def word_space(lines: Sequence[Line]) -> float:
    gaps = [
        b.x0 - a.x1
        for line in lines
        for chunk in line.chunks()
        for a, b in itertools.pairwise(chunk)
    ]
    return statistics.median(gaps) if gaps else 2.0


def period_column(grid: list[list[Piece | None]], width: int, title: int, year: int) -> int:
    reads = [
        sum(1 for p in in_column(grid, c) if period_or_none(p.text, year)) if c != title else -1
        for c in range(width)
    ]
    best = max(range(width), key=reads.__getitem__)
    return best if reads[best] > 0 else -1


def number_column(grid: list[list[Piece | None]], width: int, title: int) -> int:
    for c in range(width):
        # "1" / "." in a column too narrow for "1.": the stop is no text of its own
        texts = [p.text for p in in_column(grid, c) if c != title and p.text not in ".)"]
        numbers = [t for t in texts if LP_RE.fullmatch(t)]
        if len(numbers) >= 2 and all(len(t) <= 4 for t in texts if t not in numbers):
            return c  # numbers, and a heading such as "Lp.", "L." / "p."
    return -1


_ENDS_SENTENCE_RE = re.compile(r"[.;!?]$")
# a full stop that ends no sentence: "przy ul." / "Pomorskiej 11", "pn." / "„Owca plus”"
_ABBREVIATION_RE = re.compile(
    r"(\b(ul|al|pl|os|pn|np|nr|tj|tzw|ds|im|św|ks|dr|prof|m\.in|r|ok|godz|poz|art|ust|pkt)"
    r"|\b\w)\.$",
    re.IGNORECASE,
)


def new_period(so_far: str, text: str, year: int) -> bool:
    """A period complete by itself under a complete one that joined reads as none (a
    phrase such as "Tryb ustawy o pomocy społecznej" reads whatever follows it: joined
    with a dated period, it is read as none)."""
    if not (period_or_none(so_far, year) and period_or_none(text, year)):
        return False
    joined = f"{so_far} {text}"
    if gives_year(so_far, text, year) and period_or_none(joined, year):
        return False  # "nie wcześniej niż 1 marca" / "2027 r.": one period, its year below
    if not dated(so_far, year) and dated(text, year):
        return True
    return period_or_none(joined, year) is None


def gives_year(so_far: str, text: str, year: int) -> bool:
    """Does the line `text` give the period `so_far` above it its year ("do 15 marca" /
    "2027 r.")?"""
    return year_assumed(so_far, year) and not year_assumed(f"{so_far} {text}", year)


def ends_sentence(above: str, text: str) -> bool:
    """Does `above` end a sentence ("ul." is no end) before `text` in a capital?"""
    return bool(
        _ENDS_SENTENCE_RE.search(above)
        and not _ABBREVIATION_RE.search(above)
        and text[:1].isupper()
    )


def dated(text: str, year: int) -> bool:
    try:
        return isinstance(parse_period(text, year), DatedPeriod)
    except PeriodError:
        return False
