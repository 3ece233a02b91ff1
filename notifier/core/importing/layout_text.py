"""Read text whose table columns are printed side by side, aligned with spaces (as
`pdftotext -layout` gives a table whose cells sit at the top of their rows, as word processors
print them), by the columns' character positions.

1. The header line names the columns ("Lp.  Komórka organizacyjna  Zadanie  Termin"): each
   header cell's first character starts a column; each word of a line goes to the column it
   starts in (a line whose words run on across a column's start is a heading spanning the
   table: a department in capitals, a "Zadania w zakresie …" scope). Lines in small letters
   right under the header continue its cells; the header repeated on a new page is skipped.
2. A row begins at a line with a number in the number column, a task starting with its
   number ("2) …"), a new period in the period column, or a second amount; in a table
   without numbers also at a task starting with a capital letter after a blank line. Other
   lines continue the row: a wrapped title goes on in its column below. A task's line
   without a number whose first word would have fit on the line above (by printed widths,
   layout_doubts.unforced_break) did not wrap: a new task under a period printed once for
   several rows, or a line broken in the cell; nothing tells which, so it is refused. Cells
   printed in the middle of their rows (a number beside a title's second line, a period on
   a line of no task, the first task under a heading without its period) are refused: there
   a period printed once for several rows cannot be told to its rows.
3. A department or remarks cell runs over the lines below it while they are filled (a
   department merged over several rows wraps into them); a row without its own department or
   period has the one above (a merged cell), marked covered as the other readers mark it.
The table ends at two blank lines, a "stan na dzień" (its date read or not) or a place-and-date
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from notifier.core.importing.cells import (
    NUMBER_RE,
    SCOPE_RE,
    is_heading,
    join_lines,
)
from notifier.core.importing.document_dates import as_of_footer
from notifier.core.importing.document_place import place_and_date
from notifier.core.importing.layout_doubts import (
    NUMBER_CELL_RE,
    begins_unit,
    merged_period,
    new_period,
    off_column,
    spilled_cells,
    top_aligned,
    touching_cells,
    unforced_break,
    width,
)
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Columns, Row, Table
from notifier.core.importing.table_reader import header_columns, header_role
from notifier.core.periods import MIN_YEAR

LAYOUT_NOTE = (
    "tekst z kolumnami obok siebie (jak z „pdftotext -layout”): kolumny odczytano z położenia "
    "tekstu w wierszach, komórkę scaloną dla kilku wierszy przypisano każdemu z nich; proszę "
    "porównać z dokumentem podział na zadania i terminy"
)
_CHUNK_RE = re.compile(r"\S+(?: \S+)*")  # words one space apart: one cell's text on a line
_WORD_RE = re.compile(r"\S+")
_AMOUNT_RE = re.compile(r"^\d{1,3}(?:[  .]\d{3})*(?:,\d\d)?\s*(zł|PLN)?$", re.IGNORECASE)


@dataclass
class _Line:
    page: int
    row: int  # the line's number on its page
    text: str
    after_blank: bool = False  # a blank line (or the header) right above it
    starts: list[int] = field(default_factory=list)  # the column starts of its page

    @property
    def where(self) -> Where:
        return Where(self.page, self.row)


@dataclass
class _Row:
    first: _Line
    cells: dict[int, list[str]] = field(default_factory=dict)
    starts: set[int] = field(default_factory=set)  # columns whose cell starts in this row
    spanning: str | None = None
    top: set[int] = field(default_factory=set)  # columns with text on the row's first line


def layout_tables(text: str, year: int | None) -> tuple[list[Table], str]:
    """(tables, text around them) of a text printed with columns side by side; no table
    without a header line naming a task and a period column."""
    known = year or MIN_YEAR
    lines = [
        _Line(page, n, raw.expandtabs(8).rstrip())
        for page, body in enumerate(text.split("\f"), start=1)
        for n, raw in enumerate(body.splitlines(), start=1)
    ]
    found = _header(lines)
    if found is None:
        return [], text
    index, taken, starts, header, columns = found
    around = [x.text.strip() for x in lines[:index] if x.text.strip()]
    body, end = _body(lines[index + taken :], starts, header)
    around += [x.text.strip() for x in lines[index + taken + end :] if x.text.strip()]
    rows = _rows(body, columns, known)
    head: Row = [Cell(h, lines[index].where) for h in header]
    return [[head, *_cells(rows, len(starts), columns)]], "\n".join(around)


def _header(lines: list[_Line]) -> tuple[int, int, list[int], list[str], Columns] | None:
    """The header line's index, how many lines it takes (with the lines in small letters
    under it that continue its cells), its cells' starts and texts, and their columns."""
    for index, line in enumerate(lines[:80]):
        chunks = _split(line.text)
        if len(chunks) < 2 or not all(header_role(t) or len(t) <= 12 for _, t in chunks):
            continue
        starts = [s for s, _ in chunks]
        texts, taken = _continued(starts, [t for _, t in chunks], lines[index + 1 : index + 4])
        columns = header_columns([Cell(t, line.where) for t in texts])
        if columns is not None:
            return index, 1 + taken, starts, texts, columns
    return None


def _continued(starts: list[int], texts: list[str], below: list[_Line]) -> tuple[list[str], int]:
    """A header's cells with the lines in small letters under it, and how many those are."""
    texts = list(texts)
    taken = 0
    for line in below:
        more = _split(line.text)
        if not more or not all(
            t[:1].islower() and len(t.split()) <= 3 and not re.search(r"\d", t) for _, t in more
        ):
            break  # a header's words go on in small letters; a task's row is longer
        for start, word in more:
            column = _column(starts, start)
            texts[column] = f"{texts[column]} {word}"
        taken += 1
    return texts, taken


def _split(text: str) -> list[tuple[int, str]]:
    """A line's cells: runs of words at most one space apart."""
    return [(m.start(), m.group()) for m in _CHUNK_RE.finditer(text)]


def _column(starts: list[int], position: int) -> int:
    """The column a word at `position` is in: the last whose start is at most two characters
    right of it (a column's text may begin a little left of its header)."""
    column = 0
    for c, start in enumerate(starts):
        if start <= position + 2:
            column = c
    return column


def _body(lines: list[_Line], starts: list[int], header: list[str]) -> tuple[list[_Line], int]:
    """The table's lines, each with its column starts (the header printed again on a later
    page, skipped, may sit a little aside), and how many lines they take."""
    out: list[_Line] = []
    blank = 1
    skip = 0
    roles = [header_role(t) for t in header]
    for n, line in enumerate(lines):
        words = line.text.strip()
        if not words:
            blank += 1
            continue
        line.after_blank, blank = blank > 0, 0
        if as_of_footer(words) or place_and_date(words):
            return out, n
        if skip and all(t[:1].islower() for _, t in _split(line.text)):
            skip -= 1
            continue
        skip = 0
        chunks = _split(line.text)
        if len(chunks) == len(header) and [header_role(t) for _, t in chunks] == roles:
            starts = [s for s, _ in chunks]  # the header again, on a new page
            skip, blank = 3, 1
            continue
        line.starts = starts
        out.append(line)
    return out, len(lines)


def _rows(lines: list[_Line], columns: Columns, year: int) -> list[_Row]:
    numbered = any(_starts_numbered(x, x.starts, columns) for x in lines)
    widest: dict[int, int] = {}  # each column's longest line: a wrapped line's limit
    broad: dict[int, int] = {}  # and its widest, as printed (layout_doubts.width)
    for line in lines:
        texts, spanning = _by_column(line)
        for column, text in texts.items() if not spanning else ():
            widest[column] = max(widest.get(column, 0), len(text))
            if not (is_heading(text) or SCOPE_RE.match(text)):  # no heading in capitals
                broad[column] = max(broad.get(column, 0), width(text))
    rows: list[_Row] = []
    row: _Row | None = None
    open_cells: dict[int, list[str]] = {}  # department and remarks cells still running
    first_unnumbered = False  # the line above began a task cell, with no number beside it
    fresh = True  # no row yet under the header or a heading: the next one's first line
    for line in lines:
        texts, spanning = _by_column(line)
        words = line.text.strip()
        alone = (
            texts.get(0, "") if len(texts) == 1 and line.text[: line.starts[0] + 3].strip() else ""
        )
        heading = row is not None and row.spanning is not None
        if heading and words[:1].islower() and (spanning or len(texts) == 1):
            row.spanning = f"{row.spanning} {words}"  # type: ignore[union-attr]
            continue  # a heading's (a scope's) wrapped line
        if spanning and _starts_numbered(line, line.starts, columns):
            # a numbered row's cell wider than its column: no heading
            texts = spilled_cells(_split(line.text), partial(_column, line.starts), line.where)
            spanning = False
        if spanning or is_heading(alone) or SCOPE_RE.match(alone):
            row = _Row(line, spanning=words)
            rows.append(row)
            open_cells = {}
            fresh = True
            continue
        _aligned(line, line.starts)
        above = row.cells.get(columns.period, []) if row and row.spanning is None else []
        top_aligned(line.where, texts, above, columns, year, (first_unnumbered, fresh))
        fresh = fresh and not texts.get(columns.task)
        first_unnumbered = (
            bool(texts.get(columns.task))
            and line.after_blank
            and not _starts_numbered(line, line.starts, columns)
        )
        if (
            row is None
            or row.spanning is not None
            or _begins(line, texts, row, columns, numbered, year)
        ):
            row = _Row(line, top=set(texts))
            rows.append(row)
        elif (task := texts.get(columns.task)) and (cell := row.cells.get(columns.task)):
            # without a number, a line that did not have to wrap may begin another task
            unforced = unforced_break(cell[-1], task, broad[columns.task], line.where)
            if unforced and not NUMBER_RE.match(cell[0]):
                raise DocumentError(unforced)
        _place(row, line, texts, open_cells, columns, widest)
    return rows


def _by_column(line: _Line) -> tuple[dict[int, str], bool]:
    """A line's text by column, and whether one run of words crosses a column's start (a
    heading spanning the table)."""
    by_column: dict[int, list[str]] = {}
    spanning = False
    previous_end, previous_column = -10, -1
    for found in _WORD_RE.finditer(line.text):
        column = _column(line.starts, found.start())
        if column != previous_column >= 0 and found.start() - previous_end == 1:
            spanning = True
        by_column.setdefault(column, []).append(found.group())
        previous_end, previous_column = found.end(), column
    return {c: " ".join(ws) for c, ws in by_column.items()}, spanning


def _place(
    row: _Row,
    line: _Line,
    texts: dict[int, str],
    open_cells: dict[int, list[str]],
    columns: Columns,
    widest: dict[int, int],
) -> None:
    """Put a line's texts into `row`; a department or remarks cell still running takes its
    column's text while it wraps (into the row below, too: it breaks off mid-phrase, the
    next line begins in small letters, or its first word would not fit on the line above,
    "Organizacji" / "Pozarządowych", and is no office's unit)."""
    for column, text in texts.items():
        running = column in (columns.department, columns.remarks)
        above = open_cells.get(column, [""])[-1]
        wrapped = len(above) + 1 + len(text.split()[0]) > widest.get(column, 0)
        wraps = (
            row.first is not line
            or _goes_on(above, text)
            or (wrapped and not begins_unit(text) and not text[:1].isdigit())
        )
        if running and column in open_cells and column not in row.starts and wraps:
            open_cells[column].append(text)
            continue
        if running and column in open_cells and column not in row.starts and not begins_unit(text):
            raise DocumentError(touching_cells(open_cells[column][-1], text, line.where))
        row.cells.setdefault(column, []).append(text)
        if column not in row.starts:
            row.starts.add(column)
            if running:
                open_cells[column] = row.cells[column]
    for column in list(open_cells):
        if column not in texts:
            del open_cells[column]  # an empty line in its column ends a running cell


_DANGLING_RE = re.compile(r"(\s(w|i|o|z|na|do|dla|oraz|ds\.)|[,-])$", re.IGNORECASE)


def _goes_on(above: str, text: str) -> bool:
    """Does `text`, on a row's first line, continue the cell `above` (a merged cell's wrapped
    line) rather than start the next one: it begins in small letters, or `above` breaks off."""
    return text[:1].islower() or bool(_DANGLING_RE.search(above))


def _aligned(line: _Line, starts: list[int]) -> None:
    """Refuse a line with a cell starting where the header has no column: the header line
    does not name every column (a header printed over several lines, centred)."""
    for start, text in _split(line.text):
        if start > 0 and all(abs(start - s) > 2 for s in starts) and len(_split(line.text)) > 1:
            raise DocumentError(off_column(text, line.where))


def _starts_numbered(line: _Line, starts: list[int], columns: Columns) -> bool:
    cells = {_column(starts, s): t for s, t in _split(line.text)}
    number = cells.get(columns.number, "") if columns.number >= 0 else ""
    return bool(NUMBER_CELL_RE.fullmatch(number.split(" ")[0] if number else "")) or bool(
        NUMBER_RE.match(cells.get(columns.task, ""))
    )


def _begins(
    line: _Line, texts: dict[int, str], row: _Row, columns: Columns, numbered: bool, year: int
) -> bool:
    """Does `line` begin a new row after `row`?"""
    if _starts_numbered(line, line.starts, columns):
        return True
    if new_period(texts.get(columns.period, ""), row.cells.get(columns.period, []), year):
        return True
    if (
        columns.amount >= 0
        and row.cells.get(columns.amount)
        and _AMOUNT_RE.match(texts.get(columns.amount, ""))
    ):
        return True  # each task's own amount: a second one begins the next row
    task = texts.get(columns.task, "")
    # without numbers or a period, a task in capitals after a blank line (rows apart)
    first = bool(task) and task[:1].isupper() and line.after_blank
    return first and not numbered and columns.task in row.cells


def _cells(rows: list[_Row], width: int, columns: Columns) -> list[list[Cell | None]]:
    out: list[list[Cell | None]] = []
    above = False
    holder: _Row | None = None
    for row in rows:
        where = row.first.where
        if row.spanning is not None:
            cell = Cell(row.spanning, where)
            out.append([cell] * width)
            above = False
            continue
        if row.cells.get(columns.period):
            holder = row
        elif above and holder is not None and not _shows_top(rows, columns):
            raise DocumentError(
                merged_period(
                    " ".join(holder.cells[columns.period]), holder.first.where, row.first.where
                )
            )
        cells: list[Cell | None] = []
        for c in range(width):
            texts = row.cells.get(c)
            if texts:
                cells.append(Cell(join_lines(texts), where))  # a wrapped cell is one text
            elif above and c in (columns.period, columns.department):
                cells.append(None)  # printed once above, for this row too (a merged cell)
            else:
                cells.append(Cell("", where))
        out.append(cells)
        above = True
    return out


def _shows_top(rows: list[_Row], columns: Columns) -> bool:
    """Does the table show its cells printed at the top of their rows: a row taller than its
    period cell with the period on the row's first line?"""
    return any(
        row.spanning is None
        and columns.period in row.top
        and len(row.cells.get(columns.task, [])) > len(row.cells.get(columns.period, []))
        for row in rows
    )
