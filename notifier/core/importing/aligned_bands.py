"""The rows of a table of aligned text printed without space between rows, its cells in the
middle or at the bottom of their rows (a PDF without ruling lines; for
notifier.core.importing.aligned_reader, where notifier...aligned_gapless, which reads cells at
the top, refuses).

Without space between rows a row is as tall as its tallest cell, so the rows tile the table in
bands of whole lines, and every cell sits in its band as the table aligns cells: centred (half a
line lower for each line it is shorter than the row) or at the bottom. A cell printed once for
several rows (a merged period or department) sits so in the rows it covers together. Between
rows spanning the table, every way to cut the lines into such bands is tried, in each alignment:
- a line may not be cut from the one above where it certainly goes on (mid-phrase), and must
  be where a number, a name in capitals, a second period or a new unit's name begins;
- every band holds one title cell and a cell filling it; every period cell reads as a period
  and covers whole bands, each task's band once;
- of the cuts that fit, the one keeping each word wrap (a line whose first word would not have
  fitted above goes on) and breaking no line that could have held more (one whose first word
  would have fitted above begins a cell) wins.
A table is read only when exactly one alignment fits, it is not the top (aligned_gapless's), and
one cut wins; else it is refused naming the page and the line where the readings part. Pure.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from notifier.core.importing.aligned_cover import Cell, Frame, options
from notifier.core.importing.aligned_gapless import (
    dated,
    ends_sentence,
    goes_on,
    is_number,
    new_period,
)
from notifier.core.importing.aligned_pieces import Piece
from notifier.core.importing.cells import SCOPE_RE, is_heading, period_or_none, year_assumed
from notifier.core.importing.layout_doubts import begins_unit

__all__ = ["MODES", "SPLIT", "Reading", "Roles", "Stretch", "mark", "solve", "stretch"]

MODES = ("top", "middle", "bottom")
BUDGET = 50_000  # bands and covers tried in one stretch and alignment before it is refused
SPLIT, JOIN, FIT, WRAP, EITHER = "split", "join", "fit", "wrap", "either"
Slots = list[tuple[int, Piece]]  # (half-lines below the stretch's top, the piece), top down


@dataclass(frozen=True)
class Roles:
    """The columns' roles, their right edges and a space's width (points), the year."""

    title: int
    period: int
    number: int
    limits: tuple[float, ...]
    space: float
    year: int


@dataclass(frozen=True)
class Reading:
    cost: int  # word wraps cut and lines that could have held more left uncut
    bands: tuple[int, ...]  # the rows' edges in half-lines, 0 … the stretch's height
    cuts: frozenset[tuple[int, int]]  # (column, half-line): a merged column's cell cut there
    cover: tuple[tuple[int, int], ...]  # each period cell's bands (first, last + 1)

    @property
    def key(self) -> tuple[object, ...]:
        """The reading without its cost: its rows and cells."""
        return (self.bands, self.cuts, self.cover)


def mark(column: int, up: Piece, low: Piece, run: str, roles: Roles) -> str:
    """How the line `low` follows `up` right above it in `column` (`run`: the cell's text so
    far): SPLIT (a new cell), JOIN (the same cell), FIT (its first word would have fitted
    above: a new cell, or a line broken by hand), WRAP (it would not: the word wrap, or a new
    cell) or EITHER."""
    if column == roles.period:
        if new_period(run, low.text, roles.year):
            return SPLIT
        if goes_on(up.text, low.text):
            return JOIN
        joined = f"{run} {low.text}"
        # "styczeń" / "2023 r.": the line below gives the period above its year
        year_given = year_assumed(run, roles.year) and not year_assumed(joined, roles.year)
        if year_given and period_or_none(joined, roles.year):
            return JOIN
        # two dated periods, the second not going on from the first ("do …"): two cells
        if not low.text[:1].islower() and dated(run, roles.year) and dated(low.text, roles.year):
            return SPLIT
        # two periods complete by themselves ("do 15 marca 2027 r." / "w trybie ciągłym"),
        # the second's first word fitting on the line above: no word wrap ended that line
        whole = period_or_none(run, roles.year) and period_or_none(low.text, roles.year)
        return FIT if whole and _fits(up, low, column, roles) else EITHER
    if column in (roles.title, roles.number) and is_number(low.text):
        return SPLIT
    if column == roles.number:
        return EITHER
    if column == roles.title:
        if is_heading(low.text) != is_heading(up.text):
            return SPLIT
        if goes_on(up.text, low.text):
            return JOIN
        if up.text.endswith(":"):  # a scope's end: its tasks follow ("…, w tym m.in.:")
            return SPLIT if SCOPE_RE.match(run) else EITHER
        if ends_sentence(up.text, low.text):
            return EITHER
    else:
        if begins_unit(low.text):  # a remark's line may begin with a digit ("2025–2027")
            return SPLIT
        if goes_on(up.text, low.text) or low.text[:1].islower():
            return JOIN
    return FIT if _fits(up, low, column, roles) else WRAP


def _fits(up: Piece, low: Piece, column: int, roles: Roles) -> bool:
    """Would `low`'s first word have fitted on the line `up` (no word wrap ended it)?"""
    return up.x1 + roles.space + low.first <= roles.limits[column] - 0.5


@dataclass
class Stretch:
    """The lines between rows spanning the table (or a page's top) on a half-line grid."""

    page: int
    top: float
    half: float
    size: int
    slots: dict[int, Slots]
    marks: dict[tuple[int, int], str]
    header: bool  # its first band is the table's header row
    open_top: bool = False  # its first rows may take the period merged on the page before


def stretch(
    rows: Sequence[Sequence[Piece | None]], page: int, step: float, roles: Roles, header: bool
) -> Stretch | None:
    """The stretch of `rows` (each line's pieces by column), None when its lines are not one
    line step or half of one apart (no such table)."""
    pieces = [p for row in rows for p in row if p]
    top, half = min(p.top for p in pieces), step / 2
    slots: dict[int, Slots] = {}
    for row in rows:
        for c, piece in enumerate(row):
            if piece is None:
                continue
            at = (piece.top - top) / half
            if abs(at - round(at)) > 0.3 or (slots.get(c) and slots[c][-1][0] >= round(at)):
                return None
            slots.setdefault(c, []).append((round(at), piece))
    size = max(at for column in slots.values() for at, _ in column) + 2
    marks: dict[tuple[int, int], str] = {}
    for c, column in slots.items():
        run = column[0][1].text
        for (a, up), (b, low) in itertools.pairwise(column):
            if b != a + 2:
                run = low.text
                continue
            marks[(c, b)] = mark(c, up, low, run, roles)
            # a period complete by itself under another (FIT) most likely begins a cell
            new = marks[(c, b)] == SPLIT or (c == roles.period and marks[(c, b)] == FIT)
            run = low.text if new else f"{run} {low.text}"
    return Stretch(page, top, half, size + size % 2, slots, marks, header)


def _aligned(mode: str, start: int, end: int, first: int, last: int) -> bool:
    """Does a cell of lines `first` … `last` (half-lines) sit in [start, end) as `mode` says?"""
    if mode == "top":
        return first == start
    if mode == "bottom":
        return last + 2 == end
    return first - start == end - last - 2


class _Solver:
    def __init__(self, part: Stretch, mode: str, roles: Roles) -> None:
        self.part, self.mode, self.roles = part, mode, roles
        self.tried = 0
        self.best: list[Reading] = []
        self.cost = 1 << 30
        self.kinds: dict[tuple[int, int], tuple[str, int] | None] = {}
        self.periods: dict[str, bool] = {}
        self.cells: dict[tuple[int, frozenset[int]], tuple[int, list[Cell]]] = {}
        self.by_column: dict[int, list[tuple[int, str]]] = {}
        self.open: dict[int, set[int]] = {}  # where a column's cell may or may not be cut
        for (c, at), m in part.marks.items():
            self.by_column.setdefault(c, []).append((at, m))
            if m in (EITHER, FIT, WRAP):
                self.open.setdefault(c, set()).add(at)
        # a title line half a line off cannot be cut (a merged cell's text may: it is centred
        # over several rows whatever their edges)
        odd = {at + 1 for at, _ in part.slots.get(roles.title, []) if at % 2}
        title_joins = {at for (c, at), m in part.marks.items() if c == roles.title and m == JOIN}
        self.forbidden = odd | title_joins
        self.required = {at for (_, at), m in part.marks.items() if m == SPLIT}

    def _reads(self, text: str) -> bool:
        """Does `text` read as a period (remembered: reading one takes a while)?"""
        if text not in self.periods:
            self.periods[text] = period_or_none(text, self.roles.year) is not None
        return self.periods[text]

    def solve(self) -> list[Reading] | None:
        if self.required & self.forbidden or any(at % 2 for at in self.required):
            return []
        self._walk(0, [0], 0)
        return None if self.tried > BUDGET else self.best

    def _walk(self, start: int, bounds: list[int], cost: int) -> None:
        size = self.part.size
        for end in range(start + 2, size + 1, 2):
            self.tried += 1
            if self.tried > BUDGET:
                return
            if end < size and end in self.forbidden:
                continue
            band = self._band(start, end)
            if band is not None:
                more = band[1] + int(self.part.marks.get((self.roles.title, end)) == WRAP)
                if cost + more <= self.cost:
                    if end == size:
                        self._finish((*bounds, end), cost + band[1])
                    else:
                        self._walk(end, [*bounds, end], cost + more)
            if end in self.required:
                return

    def _band(self, start: int, end: int) -> tuple[str, int] | None:
        """The band [start, end)'s kind ("header", "apart": a heading or scope alone, "row")
        and its cost, or None when it is no row."""
        if (start, end) not in self.kinds:
            self.kinds[start, end] = self._kind(start, end)
        return self.kinds[start, end]

    def _kind(self, start: int, end: int) -> tuple[str, int] | None:
        part, title = self.part, self.roles.title
        fills = False
        inside: dict[int, Slots] = {}
        for c, column in part.slots.items():
            mine = [(at, p) for at, p in column if start <= at < end]
            if not mine:
                continue
            ats = [at for at, _ in mine]
            if ats != list(range(ats[0], ats[-1] + 1, 2)):
                return None
            if any(part.marks.get((c, at)) == SPLIT for at in ats[1:]):
                return None
            inside[c] = mine
            edges = ats[0] == start and ats[-1] + 2 == end
            if edges and part.marks.get((c, start)) != JOIN and part.marks.get((c, end)) != JOIN:
                fills = True
        own = inside.get(title)
        if not own or not fills:
            return None
        if not _aligned(self.mode, start, end, own[0][0], own[-1][0]):
            return None
        cost = sum(1 for at, _ in own[1:] if part.marks.get((title, at)) == FIT)
        if start == 0 and part.header:
            return "header", cost
        text = " ".join(p.text for _, p in own)
        if len(inside) == 1 and (is_heading(text) or SCOPE_RE.match(text)):
            return "apart", cost
        return "row", cost

    def _finish(self, bands: tuple[int, ...], cost: int) -> None:
        kinds = [self._band(a, b) for a, b in itertools.pairwise(bands)]
        frame = Frame(bands, [k[0] for k in kinds if k])
        choices: list[list[tuple[int, frozenset[tuple[int, int]], tuple[tuple[int, int], ...]]]]
        choices = []
        for c in sorted(self.part.slots):
            if c == self.roles.title:
                continue
            found = self._column(c, frame)
            if not found:
                return
            choices.append(found)
        for combo in itertools.product(*choices):
            total = cost + sum(extra for extra, _, _ in combo)
            cuts = frozenset().union(*(cut for _, cut, _ in combo))
            cover = tuple(pair for _, _, cover in combo for pair in cover)
            reading = Reading(total, bands, cuts, cover)
            if total < self.cost:
                self.cost, self.best = total, [reading]
            elif total == self.cost and reading not in self.best:
                self.best.append(reading)

    def _column(
        self, c: int, frame: Frame
    ) -> list[tuple[int, frozenset[tuple[int, int]], tuple[tuple[int, int], ...]]]:
        """The ways column `c`'s cells fit the bands: (cost, cuts, the period's cover)."""
        open_cut = self.open.get(c, ())
        free = [at for at in frame.bands[1:-1] if at in open_cut]
        if len(free) > 6:
            return []
        out = []
        period = c == self.roles.period
        for chosen in itertools.product((False, True), repeat=len(free)):
            cuts = frozenset(at for at, cut in zip(free, chosen, strict=True) if cut)
            cost, cells = self._cells(c, cuts)
            for cover in self._covers(c, cells, frame):
                out.append((cost, frozenset((c, at) for at in cuts), cover if period else ()))
                if not period:
                    break
        return out

    def _cells(self, c: int, cuts: frozenset[int]) -> tuple[int, list[Cell]]:
        """Column `c`'s cells when cut at `cuts` and what the cuts cost (remembered: the same
        cuts recur under many bands)."""
        if (c, cuts) in self.cells:
            return self.cells[c, cuts]
        part = self.part
        cost = sum(
            1
            for at, m in self.by_column.get(c, ())
            if (m == WRAP and at in cuts) or (m == FIT and at not in cuts)
        )
        runs: list[list[tuple[int, Piece]]] = []
        for at, piece in part.slots[c]:
            joined = runs and runs[-1][-1][0] + 2 == at and part.marks[c, at] != SPLIT
            if joined and at not in cuts:
                runs[-1].append((at, piece))
            else:
                runs.append([(at, piece)])
        cells = [Cell(run[0][0], run[-1][0], " ".join(p.text for _, p in run)) for run in runs]
        self.cells[c, cuts] = cost, cells
        return cost, cells

    def _covers(self, c: int, cells: list[Cell], frame: Frame) -> list[tuple[tuple[int, int], ...]]:
        """Each cell's bands (first, last + 1), up to two ways: a cell sits in the bands it
        covers as the alignment says, a header's or heading's band holds only its own cells,
        and (the period column) every row's band is covered once."""
        period = c == self.roles.period
        ways: list[list[tuple[int, int]]] = []
        for cell in cells:
            key = (c, cell.first, cell.last)
            if key not in frame.options:
                frame.options[key] = options(self.mode, period, self._reads, cell, frame)
            found = frame.options[key]
            if found is None:
                return []
            ways.append(found)
        rows = frame.rows
        out: list[tuple[tuple[int, int], ...]] = []
        open_top = self.part.open_top

        def choose(index: int, start: int, chosen: tuple[tuple[int, int], ...]) -> None:
            self.tried += 1
            if self.tried > BUDGET or len(out) > 1 or (out and not period):
                return
            if index == len(cells):
                if not (period and rows[-1] - rows[start]):
                    out.append(chosen)
                return
            for a, z in ways[index]:
                # a period's rows are covered each once: none left uncovered between cells
                gap = rows[a] > rows[start] and not (open_top and index == 0)
                if a >= start and not (period and gap):
                    choose(index + 1, z, (*chosen, (a, z)))

        choose(0, 0, ())
        return out


def solve(part: Stretch, mode: str, roles: Roles) -> list[Reading] | None:
    """The cheapest readings of a stretch in `mode` ([] when none fits; None when there are
    too many ways to try)."""
    return _Solver(part, mode, roles).solve()
