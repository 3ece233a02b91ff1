"""Read a table whose columns are only aligned text (a PDF without ruling lines) into rows of
cells for the table reader (notifier.core.importing.table_reader).

Input: each page's words with their boxes in points (pdfplumber's `extract_words`). Steps:
1. words → printed lines (words whose tops agree); a line's *chunks* are its runs of words
   closer than a gutter;
2. columns: the x-ranges no multi-chunk line covers (allowing a tenth of them to cross, for
   rows spanning the table) are the gutters; a line with one chunk across a gutter is a row
   spanning the table (a department heading, a "Zadania w zakresie …" scope);
3. per column, pieces of text one line step apart form a *block* (one cell's text); a block
   also ends before "2) …", a heading in capitals or a second period;
4. the column with the most blocks drives the rows (the task or "Lp." column); every other
   block joins the row it overlaps most;
5. a column printed once for several rows (the period or department cell of a merged cell,
   placed at the top, middle or bottom of the rows it covers — the alignment is read from the
   rows with one period each) is spread: its text goes to the first row it covers and the
   others are marked covered (None), exactly as the adapters of ruled tables mark merged cells.
A row at the top of a page that continues the task cell of the page before (no number, a small
letter, no period) keeps an empty period cell, so the reader joins it to that task.
Rows without space between them that step 4 cannot cut (no numbers, a merged cell crossing
them) are read as cells at the top of their rows, or refused (notifier...aligned_gapless).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from notifier.core.importing.aligned_doubts import (
    Piece,
    broken_word,
    crossed_cells,
    rows_apart,
    undivided_rows,
)
from notifier.core.importing.aligned_fit import gapless_rows
from notifier.core.importing.aligned_headings import headings_over_pages
from notifier.core.importing.aligned_layout import (
    BREAKS_OFF_RE,
    Gutters,
    Line,
    Word,
    column_of,
    gutters_of,
    line_step,
    month_gutters,
    new_heading,
    page_lines,
    repeated_header,
    spanning_lines,
    table_lines,
    text_of,
)
from notifier.core.importing.aligned_merges import (
    TextBlock,
    TextRow,
    alignment,
    refuse_ambiguous,
    spread_of,
)
from notifier.core.importing.cells import (
    LP_RE,
    NUMBER_RE,
    SCOPE_RE,
    is_heading,
    period_or_none,
)
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Columns, Row, Table
from notifier.core.importing.table_reader import content_columns, header_columns
from notifier.core.periods import MIN_YEAR

__all__ = ["ALIGNED_NOTE", "Word", "aligned_tables"]

ALIGNED_NOTE = (
    "tabela bez linii siatki: kolumny i wiersze odczytano z położenia tekstu na stronach; "
    "proszę porównać z dokumentem podział na zadania i terminy wspólne dla kilku wierszy"
)


_Block = TextBlock
_Row = TextRow
# a sub-task's number broken by an "Lp." column too narrow for it: "9." / "1", "9" / "a"
_NUMBER_HEAD_RE = re.compile(r"\d{1,3}(?:\.\d{1,2})*\.|\d{1,3}")
_NUMBER_TAIL_RE = re.compile(r"\d{1,2}\.?|[a-z][.)]?")


def _number_tail(previous: str, text: str) -> bool:
    """Is `text`, right under the number `previous` in a row of its own, that number's
    end ("9." / "1" is "9.1", "9" / "a" is "9a"), not a number of its own?"""
    head, tail = _NUMBER_HEAD_RE.fullmatch(previous), _NUMBER_TAIL_RE.fullmatch(text)
    if not head or not tail:
        return False
    return previous.endswith(".") != text[:1].isalpha()


def _new_block(block: _Block, text: str, top: float, step: float, year: int) -> bool:
    if top - block.tops[-1] > step + max(1.5, 0.12 * step):
        return True
    if NUMBER_RE.match(text) or LP_RE.fullmatch(text):
        return True
    if is_heading(text) != is_heading(block.texts[-1]):
        return True
    previous = block.texts[-1]
    return bool(
        (text[:1].isupper() or text[:1].isdigit())
        and period_or_none(previous, year)
        and period_or_none(text, year)
        and period_or_none(f"{previous} {text}", year) is None
    )


def _blocks(
    lines: list[Line], gutters: Gutters, step: float, year: int, apart: bool = False
) -> list[_Block]:
    """Each column's cells: its pieces of text one line step apart (see _new_block); a row
    spanning the table and a header row repeated on a page close every open cell. With
    space between rows (`apart`), a number's end under it in its cell joins it."""
    blocks: list[_Block] = []
    open_: dict[int, _Block] = {}
    spanning = spanning_lines(lines, gutters, step)
    repeated = repeated_header(lines, step)
    for index, line in enumerate(lines):
        if index in spanning or (index in repeated) != (index - 1 in repeated):
            open_.clear()
        if index in spanning:
            continue
        by_column: dict[int, list[Word]] = {}
        for word in line.words:
            by_column.setdefault(column_of((word.x0 + word.x1) / 2, gutters), []).append(word)
        for column, words in by_column.items():
            text = text_of(words)
            top, bottom = min(w.top for w in words), max(w.bottom for w in words)
            block = open_.get(column)
            if (
                apart
                and block is not None
                and block.page == line.page
                and top - block.tops[-1] <= step + max(1.5, 0.12 * step)
                and _number_tail(block.texts[-1], text)
            ):
                block.texts[-1] += text
                block.bottom = bottom
                continue
            if block is None or block.page != line.page or _new_block(block, text, top, step, year):
                block = _Block(line.page, column, [], top, bottom)
                blocks.append(block)
                open_[column] = block
            block.texts.append(text)
            block.tops.append(top)
            block.bottom = bottom
    return blocks


def _split(block: _Block, tops: list[float], step: float) -> list[_Block]:
    """A block cut before each of its pieces printed at one of `tops` (the rows' first lines:
    a table without space between rows, its cells printed at the top), unless the piece
    above breaks off mid-phrase: the cell goes on."""
    out = [_Block(block.page, block.column, [], block.tops[0], block.bottom)]
    for i, (text, top) in enumerate(zip(block.texts, block.tops, strict=True)):
        goes_on = i > 0 and bool(BREAKS_OFF_RE.search(block.texts[i - 1]))
        if i and any(abs(top - t) < 0.25 * step for t in tops) and not goes_on:
            out.append(_Block(block.page, block.column, [], top, block.bottom))
        out[-1].texts.append(text)
        out[-1].tops.append(top)
    for a, b in itertools.pairwise(out):
        a.bottom = b.top - 0.1
    return out


def _rows(lines: list[Line], gutters: Gutters, step: float, year: int) -> list[_Row]:
    spanning_at = spanning_lines(lines, gutters, step)
    repeated = repeated_header(lines, step)
    apart = rows_apart(lines, spanning_at | repeated, step)
    try:
        blocks, driver = _cut(lines, gutters, step, year, apart)
        by_start = False
    except DocumentError:
        if apart:
            raise
        # rows without space between them: read by where their cells sit, or refused
        blocks, driver, by_start = gapless_rows(lines, gutters, spanning_at, repeated, year, step)
        if refusal := broken_word([(b.page, b.texts) for b in blocks]):
            raise DocumentError(refusal) from None
    rows = [_Row(b.page, b.top, b.bottom, {driver: [b]}) for b in blocks if b.column == driver]
    spanning: list[_Row] = []
    previous = -2
    for index in sorted(spanning_lines(lines, gutters, step)):
        line = lines[index]
        last = spanning[-1] if spanning else None
        if (
            last
            and index == previous + 1  # a heading's next line: no row printed between
            and last.page == line.page
            and line.top - last.bottom < 1.3 * step
            and not new_heading(last.spanning or "", text_of(line))
        ):
            last.spanning = f"{last.spanning}\n{text_of(line)}"
            last.bottom = line.bottom
        else:
            spanning.append(_Row(line.page, line.top, line.bottom, spanning=text_of(line)))
        previous = index
    for block in blocks:
        if block.column == driver:
            continue
        same_page = [r for r in rows if r.page == block.page]
        if not same_page:
            rows.append(_Row(block.page, block.top, block.bottom, {block.column: [block]}))
            continue
        starting = [r for r in same_page if abs(r.top - block.top) < 0.25 * step]
        if by_start and starting:
            starting[0].cells.setdefault(block.column, []).append(block)
            continue
        row = max(
            same_page,
            key=lambda r: (
                min(r.bottom, block.bottom) - max(r.top, block.top),
                -abs((r.top + r.bottom) / 2 - block.centre),
            ),
        )
        row.cells.setdefault(block.column, []).append(block)
    for row in rows:
        texts = [row.text(c) for c in row.cells if row.text(c)]
        if len(texts) == 1 and (is_heading(texts[0]) or SCOPE_RE.match(texts[0])):
            row.spanning = texts[0]  # a heading printed in one column: it heads what follows
    return headings_over_pages(sorted([*rows, *spanning], key=lambda r: (r.page, r.top)))


def _cut(
    lines: list[Line], gutters: Gutters, step: float, year: int, apart: bool
) -> tuple[list[_Block], int]:
    """Each column's cells and the column driving the rows (the one with the most cells);
    rows without space between them are cut where the driver's cells begin, and refused
    when its cells are not numbered or a column printed in some rows crosses them."""
    blocks = _blocks(lines, gutters, step, year, apart)
    counts = [0] * (len(gutters) + 1)
    chars = [0] * (len(gutters) + 1)
    for block in blocks:
        counts[block.column] += 1
        chars[block.column] += sum(len(t) for t in block.texts)
    driver = max(range(len(counts)), key=lambda c: (counts[c], chars[c]))
    first = [b.texts[0] for b in blocks if b.column == driver]
    if not apart and (refusal := undivided_rows(lines[0].page, first)):
        raise DocumentError(refusal)
    starts: dict[int, list[float]] = {}
    for b in blocks:
        if b.column == driver:
            starts.setdefault(b.page, []).append(b.top)
    blocks = [
        part
        for b in blocks
        for part in (
            _split(b, starts.get(b.page, []), step) if b.column != driver and not apart else [b]
        )
    ]
    if refusal := broken_word([(b.page, b.texts) for b in blocks]):
        raise DocumentError(refusal)
    pieces = [Piece(b.page, b.column, tuple(b.tops), b.bottom) for b in blocks]
    if not apart and (refusal := crossed_cells(pieces, driver, starts, step)):
        raise DocumentError(refusal)
    return blocks, driver


def aligned_tables(
    pages: Sequence[Sequence[Word]], year: int | None = None
) -> tuple[list[Table], str]:
    """(tables, text around them) read from pages of words; no table when no page has
    columns of aligned text. One table holds every page's rows (a repeated header row is
    left for the table reader to skip); each cell's Where is its page and row on that page."""
    year = year or MIN_YEAR
    by_page = [page_lines(n, words) for n, words in enumerate(pages, start=1) if words]
    every = [x for lines in by_page for x in lines]
    if not every:
        return [], ""
    gutters = month_gutters(every, gutters_of(every))
    step = line_step(every, gutters)
    inside: list[Line] = []
    around: list[str] = []
    for lines in by_page:
        table, rest = table_lines(lines, gutters, step, bool(inside)) if gutters else ([], lines)
        inside += table
        around += [text_of(x) for x in rest]
    if not gutters or not inside:
        return [], "\n".join(around)
    rows = _rows(inside, gutters, step, year)
    return [_cells(rows, len(gutters) + 1, step, year)], "\n".join(around)


def _cells(rows: list[_Row], width: int, step: float, year: int) -> Table:
    where: list[Where] = []
    number = 0
    for i, row in enumerate(rows):
        number = 1 if i == 0 or rows[i - 1].page != row.page else number + 1
        where.append(Where(row.page, number))
    plain = [_plain(row, width, at) for row, at in zip(rows, where, strict=True)]
    columns = _roles(plain, year)
    if columns is None:
        return plain
    header = next((plain[i] for i in range(min(3, len(plain))) if header_columns(plain[i])), None)
    header_text = [c.text if c else "" for c in header] if header else None
    data = [
        i
        for i, r in enumerate(rows)
        if r.spanning is None and [c.text if c else "" for c in plain[i]] != header_text
    ]
    out: list[list[Cell | None]] = [list(r) for r in plain]
    firsts = {next(i for i in data if rows[i].page == p) for p in {rows[i].page for i in data}}
    kept = [i for i in data if not (i in firsts and _continues(rows[i], columns))]
    # One column of departments and their tasks (Columns.shared): a department's row, numbered
    # and without a period, bounds the merged cells like a row spanning the table.
    heads = {
        i
        for i in kept
        if columns.shared and rows[i].text(columns.number) and not rows[i].text(columns.period)
    }
    kept = [i for i in kept if i not in heads]
    groups: list[list[int]] = []
    for i in kept:
        between = range(groups[-1][-1] + 1, i) if groups else range(0)
        if groups and not any(rows[j].spanning is not None or j in heads for j in between):
            groups[-1].append(i)
        else:
            groups.append([i])
    merged = (columns.period,) if columns.shared else (columns.period, columns.department)
    for i in kept:  # a row's height: its cells but those printed once for several rows
        blocks = [b for c, bs in rows[i].cells.items() if c not in merged for b in bs]
        if blocks:
            rows[i].top, rows[i].bottom = min(b.top for b in blocks), max(b.bottom for b in blocks)
    mode = alignment([rows[i] for i in kept], step)
    for column in merged:
        if column < 0:
            continue
        for group in groups:
            spread = spread_of([rows[i] for i in group], column, mode or "top")
            if not mode:
                refuse_ambiguous(
                    [rows[i] for i in group], column, [where[i] for i in group], spread
                )
            for j, holder in spread.items():
                at, source = group[j], group[holder]
                if j < holder and out[source][column] is not None:
                    out[at][column], out[source][column] = out[source][column], None
                else:
                    out[at][column] = None
    return out


def _continues(row: _Row, columns: Columns) -> bool:
    """The first row of a page continuing the task cell of the page before: no number, a
    small letter first, no period."""
    task = row.text(columns.task)
    return (
        row.page > 1
        and task[:1].islower()
        and not NUMBER_RE.match(task)
        and not (columns.number >= 0 and row.text(columns.number))
        and not row.text(columns.period)
    )


def _plain(row: _Row, width: int, where: Where) -> list[Cell | None]:
    if row.spanning is not None:
        cell = Cell(row.spanning, where)
        return [cell] * width
    return [Cell(row.text(c), where) for c in range(width)]


def _roles(rows: Sequence[Row], year: int) -> Columns | None:
    for row in rows[:3]:
        found = header_columns(row)
        if found:
            return found
    return content_columns(rows, year)
