"""The rows of a table of aligned text printed without space between rows (a PDF without ruling
lines; for notifier.core.importing.aligned_reader): cells at the top are read by
notifier...aligned_gapless; where it refuses, the cells may sit in the middle or at the bottom
of their rows, and notifier...aligned_bands cuts each stretch into rows in every alignment.
Such a reading is taken only when one alignment fits the whole table (the top giving no other
rows) and one cut of each stretch is best, and when each page's first row cannot be the end of
a row the page before broke off. Pure: lines in, blocks or a Polish refusal out.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from notifier.core.importing.aligned_bands import (
    MODES,
    SPLIT,
    Reading,
    Roles,
    Stretch,
    solve,
    stretch,
)
from notifier.core.importing.aligned_gapless import (
    DOUBT,
    gapless_blocks,
    goes_on,
    is_number,
    segments,
    shown,
)
from notifier.core.importing.aligned_layout import Gutters, Line
from notifier.core.importing.aligned_merges import TextBlock
from notifier.core.importing.aligned_pieces import (
    Piece,
    column_pieces,
    in_column,
    number_column,
    period_column,
    word_space,
)
from notifier.core.importing.cells import SCOPE_RE, is_heading
from notifier.core.importing.model import DocumentError
from notifier.core.importing.table_reader import header_role

__all__ = ["banded_blocks", "gapless_rows"]

_Part = tuple[Stretch, bool, bool]  # the stretch, a repeated header, under a spanning row


def gapless_rows(
    lines: Sequence[Line],
    gutters: Gutters,
    skipped: set[int],
    repeated: set[int],
    year: int,
    step: float,
) -> tuple[list[TextBlock], int, bool]:
    """(each column's cells, the title column, whether a row begins where its cells do) of a
    table without space between rows; raises DocumentError naming the line in doubt."""
    found = gapless_blocks(lines, gutters, skipped, repeated, year)
    if not isinstance(found, str):
        return found[0], found[1], True
    banded = banded_blocks(lines, gutters, skipped, repeated, year, step)
    if banded is None:
        raise DocumentError(found)
    if isinstance(banded, str):
        raise DocumentError(banded)
    return banded[0], banded[1], False


def banded_blocks(
    lines: Sequence[Line],
    gutters: Gutters,
    skipped: set[int],
    repeated: set[int],
    year: int,
    step: float,
) -> tuple[list[TextBlock], int] | str | None:
    """Each column's cells as blocks (a title cell as tall as its row) and the title column,
    a Polish refusal naming the line where readings part, or None when no alignment but the
    top fits (aligned_gapless's refusal stands)."""
    roles = roles_of(lines, gutters, skipped, year)
    width = len(gutters) + 1
    parts: list[_Part] = []
    first = True
    for indexes in segments(lines, skipped, repeated):
        rows = [column_pieces(lines[i], gutters, width) for i in indexes]
        page = lines[indexes[0]].page
        is_repeated = indexes[0] in repeated
        header = is_repeated or (first and any(header_role(p.text) for p in rows[0] if p))
        first = first and is_repeated
        part = stretch(rows, page, step, roles, header)
        if part is None or roles.title not in part.slots:
            return None
        under = indexes[0] - 1 in skipped and lines[indexes[0] - 1].page == page
        part.open_top = (
            not (is_repeated or under)
            and any(p.page < page for p, _, _ in parts)
            and all(p.page != page or r for p, r, _ in parts)
        )
        parts.append((part, is_repeated, under))
    return _read(parts, roles)


def _read(parts: list[_Part], roles: Roles) -> tuple[list[TextBlock], int] | str | None:
    found: dict[str, list[list[Reading]]] = {}
    for mode in MODES:
        readings: list[list[Reading]] = []
        for part, repeated, _ in parts:
            if repeated:
                readings.append([Reading(0, (0, part.size), frozenset(), ())])
                continue
            best = solve(part, mode, roles)
            if best == []:
                break
            readings.append(best or [])  # None: too many ways, a doubt at its first line
        else:
            found[mode] = readings
    if not found or set(found) == {"top"}:
        return None
    # the alignment whose best cut keeps most word wraps and breaks fewest lines
    cost = {m: sum(best[0].cost if best else 1 << 20 for best in found[m]) for m in found}
    chosen = min((m for m in found if m != "top"), key=lambda m: (cost[m], MODES.index(m)))
    for mode, readings in found.items():
        for (part, _, _), mine, theirs in zip(parts, readings, found[chosen], strict=True):
            if cost[mode] <= cost[chosen] and {r.key for r in mine} != {r.key for r in theirs}:
                return None if mode == "top" else _doubt(part, [*mine[:1], *theirs[:1]], roles)
    for (part, _, _), best in zip(parts, found[chosen], strict=True):
        if len(best) != 1:
            return _doubt(part, best, roles)
    chosen_readings = [best[0] for best in found[chosen]]
    blocks: list[TextBlock] = []
    last_title: Piece | None = None
    closed = True  # the last stretch's last row has a period printed beside it or over it
    pages = {parts[0][0].page}
    for (part, repeated, under), reading in zip(parts, chosen_readings, strict=True):
        if not repeated and part.page not in pages:
            pages.add(part.page)
            if not under and (refusal := _over_page(part, reading, last_title, roles)):
                return refusal
        if not repeated:
            if part.open_top and not closed and _uncovered(reading):
                return _doubt(part, [], roles)
            last_title = part.slots[roles.title][-1][1]
            closed = bool(reading.cover) and reading.cover[-1][1] == len(reading.bands) - 1
        blocks += _blocks(part, reading, roles)
    return blocks, roles.title


def _uncovered(reading: Reading) -> bool:
    """Has the stretch rows before its first period (taken from the page before)?"""
    return not reading.cover or reading.cover[0][0] > 0


def _over_page(part: Stretch, reading: Reading, above: Piece | None, roles: Roles) -> str | None:
    """The refusal when the first row on a page may be the rest of the row the page before
    broke off: its title line goes on from the last one above (mid-phrase, or a word the line
    above could not hold), or in small letters without a period of its own it would be taken
    for that rest."""
    end = reading.bands[1]
    title = [p for at, p in part.slots[roles.title] if at < end]
    piece = title[0]
    if is_number(piece.text) or is_heading(piece.text) or SCOPE_RE.match(piece.text):
        return None
    own_period = any(at < end for at, _ in part.slots.get(roles.period, []))
    fits = above is not None and (
        above.x1 + roles.space + piece.first <= roles.limits[roles.title] - 0.5
    )
    if (
        above is None
        or goes_on(above.text, piece.text)
        or not fits
        or (piece.text[:1].islower() and not own_period)
    ):
        return DOUBT.format(page=part.page, text=shown(piece.text))
    return None


def _blocks(part: Stretch, reading: Reading, roles: Roles) -> list[TextBlock]:
    """The cells of a stretch as read: the title cell of each band as tall as the band, the
    other columns' cells as printed (a merged one over the bands it covers)."""
    out: list[TextBlock] = []
    bands = reading.bands
    for a, b in itertools.pairwise(bands):
        pieces = [p for at, p in part.slots[roles.title] if a <= at < b]
        top, bottom = part.top + a * part.half, part.top + b * part.half - 0.1
        block = TextBlock(part.page, roles.title, [p.text for p in pieces], top, bottom)
        block.tops = [p.top for p in pieces]
        out.append(block)
    for c, column in sorted(part.slots.items()):
        if c == roles.title:
            continue
        cells: list[list[tuple[int, Piece]]] = []
        for at, piece in column:
            joined = (
                cells
                and cells[-1][-1][0] + 2 == at
                and part.marks.get((c, at)) != SPLIT
                and (c, at) not in reading.cuts
            )
            if joined:
                cells[-1].append((at, piece))
            else:
                cells.append([(at, piece)])
        for cell in cells:
            pieces = [p for _, p in cell]
            block = TextBlock(
                part.page, c, [p.text for p in pieces], pieces[0].top, pieces[-1].bottom
            )
            block.tops = [p.top for p in pieces]
            out.append(block)
    return out


def _doubt(part: Stretch, readings: Sequence[Reading], roles: Roles) -> str:
    """The refusal naming the first line where two readings of a stretch part."""
    at = 0
    if len(readings) > 1:
        a, b = readings[0], readings[1]
        differ = (set(a.bands) ^ set(b.bands)) or {x for _, x in a.cuts ^ b.cuts}
        differ = differ or {a.bands[x] for x, _ in set(a.cover) ^ set(b.cover)}
        at = min(differ, default=0)
    # the title line where they part, else the first line there
    title = [p for x, p in part.slots[roles.title] if x >= at]
    if not title:
        title = [p for column in part.slots.values() for x, p in column if x >= at - 1]
    text = min(title, key=lambda p: p.top).text if title else ""
    return DOUBT.format(page=part.page, text=shown(text))


def roles_of(lines: Sequence[Line], gutters: Gutters, skipped: set[int], year: int) -> Roles:
    width = len(gutters) + 1
    grid = [column_pieces(line, gutters, width) for line in lines]
    chars = [sum(len(p.text) for p in in_column(grid, c)) for c in range(width)]
    title = max(range(width), key=chars.__getitem__)
    kept = [g for i, g in enumerate(grid) if i not in skipped]
    limits = tuple(max((p.x1 for p in in_column(kept, c)), default=0.0) for c in range(width))
    return Roles(
        title,
        period_column(grid, width, title, year),
        number_column(kept, width, title),  # a department's name is no "Lp." cell
        limits,
        word_space(lines),
        year,
    )
