"""Read a table copied cell by cell into plain text (each cell on its own line, as copying a
table from a PDF viewer or from Word gives) back into rows of cells for the table reader.

The header's cells come first, one a line ("Lp.", "Komórka organizacyjna", "Rodzaj zadania",
"Planowany termin ogłoszenia konkursu", "Uwagi"): they give the columns and their order. The
body repeats that order row by row; a merged cell (a department or a period printed once for
several rows) is copied in its first row only and an empty cell not at all. Each line is told
by its kind — a row's number ("1."), a period, an amount, a department heading in capitals or
a "Zadania w zakresie …" scope spanning the table, else text — and goes to the next column of
its kind; a line that fits no later column starts a new row. Of a row's texts fewer than its
text columns, the department (merged over the rows) is the one missing, never the task. A
line in small letters right after a text continues that cell (a wrapped line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from notifier.core.importing.cell_runs import (
    department_lines,
    names_unit,
    repeated_lines,
    small_tasks,
)
from notifier.core.importing.cells import LP_RE, NUMBER_RE, SCOPE_RE, is_heading, join_lines
from notifier.core.importing.cells import period_or_none as _period
from notifier.core.importing.document_dates import as_of_footer
from notifier.core.importing.document_place import place_and_date
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.month_marks import month_columns
from notifier.core.importing.quoting import printed
from notifier.core.importing.table_cells import Cell, Columns, Row, Table
from notifier.core.importing.table_reader import header_columns, header_role
from notifier.core.periods import DatedPeriod, PeriodError, parse_period

CELL_LINES_NOTE = (
    "tabelę odczytano z tekstu skopiowanego komórka po komórce (każda komórka w osobnym "
    "wierszu): kolumny według nagłówka, komórka scalona dla kilku wierszy przypisana każdemu "
    "z nich; proszę porównać z dokumentem"
)
_AMOUNT_LINE_RE = re.compile(r"^\d{1,3}(?:[  .]\d{3})*(?:,\d\d)?\s*(zł|PLN)?$", re.IGNORECASE)


@dataclass
class _Item:
    text: str
    line: int
    kind: str  # number, period, amount, heading, text
    after_gap: bool = False  # a blank line above it


@dataclass
class _Row:
    cells: dict[int, list[_Item]] = field(default_factory=dict)
    spanning: _Item | None = None


def _kind(text: str, year: int) -> str:
    if LP_RE.fullmatch(text):
        return "number"
    if _period(text, year):
        return "period"
    if _AMOUNT_LINE_RE.match(text):
        return "amount"
    if SCOPE_RE.match(text) or is_heading(text):
        return "heading"
    return "text"


def _header(items: Sequence[_Item]) -> tuple[int, int, list[str]] | None:
    """Where the header's cells start and end among `items`, and their texts: two or more
    lines in a row each naming a column's role (a line in small letters continues the one
    above: "Planowany termin" / "ogłoszenia konkursu")."""
    for start in range(min(len(items), 20)):
        cells: list[str] = []
        end = start
        for item in items[start : start + 16]:
            if cells and item.after_gap:
                break
            short = len(item.text.split()) <= 3 and not re.search(r"\d", item.text)
            if cells and item.text[:1].islower() and short:
                cells[-1] = f"{cells[-1]} {item.text}"
            elif _header_like(item.text) and _new_role(header_role(item.text), cells):
                cells.append(item.text)
            else:
                break
            end += 1
        row = [Cell(t, Where(0, 0)) for t in cells]
        if len(cells) >= 2 and header_columns(row) is not None:
            return start, end, cells
    return None


def _new_role(role: str | None, cells: list[str]) -> bool:
    """Does a line of this `role` go on with the header `cells`? Not a second department
    or number: the first row's department under a header without a number column
    ("Jednostka odpowiedzialna" / "Działanie" / "Kwartał" / "Referat Oświaty")."""
    if role is None:
        return False
    return role not in ("department", "number") or all(header_role(c) != role for c in cells)


def _header_like(text: str) -> bool:
    """A column's heading, not the document's title ("Harmonogram … na rok 2025") nor a
    department's name right under the header ("Wydział Kultury i Sportu": a unit, then a
    name in capitals, where a heading says "Wydział" or "Komórka organizacyjna")."""
    words = text.split()
    named = names_unit(text, frozenset()) and any(w[:1].isupper() for w in words[1:])
    return len(text) <= 100 and "harmonogram" not in text.lower() and not named


def cell_lines_table(text: str, year: int) -> tuple[list[Table], str] | None:
    """The table of a text copied cell by cell (rows of cells, header first) and the text
    around it, or None when `text` has no header printed a cell a line."""
    items: list[_Item] = []
    gap = False
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            items.append(_Item(line.strip(), n, _kind(line.strip(), year), gap))
        gap = not line.strip()
    if sum(i.after_gap for i in items) * 5 > len(items):
        return None  # cells as paragraphs (a PDF's text extraction), not a copied table
    found = _header(items)
    if found is None:
        return None
    start, end, header = found
    if month_columns([i.text for i in items[end : end + 12]]):
        raise DocumentError(
            f"W wierszu tekstu {items[end].line} zaczynają się kolumny miesięcy: w tekście "
            "skopiowanym komórka po komórce puste komórki znikają, więc nie wiadomo, które "
            "miesiące są zaznaczone. Proszę zaimportować sam dokument (PDF, DOCX, XLSX)."
        )
    columns = header_columns([Cell(t, Where(0, 0)) for t in header])
    assert columns is not None
    around = [i.text for i in items[:start]]
    rows = _rows(items[end:], header, columns, around, year)
    _departments_told(rows, header, columns)
    width = len(header)
    table: list[Row] = [[Cell(t, Where(0, items[start].line)) for t in header]]
    table += _cells(rows, width, columns)
    return [table], "\n".join(around)


def _departments_told(rows: Sequence[_Row], header: list[str], columns: Columns) -> None:
    """DocumentError when the header names a department column the copy never filled: its
    names were not told from the tasks beside them (a name of no office's unit, printed once,
    above a task in small letters), so each title would carry its department glued on."""
    department = columns.department
    if department < 0 or columns.shared or any(row.spanning for row in rows):
        return
    tasks = [row for row in rows if columns.task in row.cells]
    if len(tasks) < 2 or any(department in row.cells for row in rows):
        return
    first = tasks[0].cells[columns.task][0]
    raise DocumentError(
        f"Nagłówek ma kolumnę komórek ({printed(header[department])}), ale w tekście skopiowanym "
        "komórka po komórce żadnego wiersza nie udało się podzielić na komórkę i zadanie "
        f"(wiersz tekstu {first.line}: {printed(first.text, 60)}). Import nie zgaduje, gdzie kończy "
        "się nazwa komórki. Proszę zaimportować sam dokument (PDF, DOCX, XLSX)."
    )


def _kinds(columns: Columns, width: int) -> list[str]:
    roles = {columns.number: "number", columns.period: "period", columns.amount: "amount"}
    return [roles.get(c, "text") for c in range(width)]


def _rows(
    items: Sequence[_Item], header: list[str], columns: Columns, around: list[str], year: int
) -> list[_Row]:
    width = len(header)
    kinds = _kinds(columns, width)
    rows: list[_Row] = []
    row = _Row()
    pos = 0
    numbered = any(x.kind == "number" or NUMBER_RE.match(x.text) for x in items)
    repeated = repeated_lines([x.text for x in items if x.kind == "text"])
    small = small_tasks(_text_runs(items), columns.department < columns.task, repeated)
    last: int | None = None  # the column of the item placed last
    planned: dict[int, int] = {}  # item index -> its column, told for a department and task
    i = 0
    while i < len(items):
        item = items[i]
        if [x.text for x in items[i : i + width]] == header:  # repeated on a new page
            i += width
            continue
        if i not in planned and _enters_pair(row, pos, last, kinds, columns, item):
            planned.update(_pair_cells(items, i, columns, repeated, small))
        if i in planned:
            place = planned.pop(i)
            if place == last and place in row.cells:
                row.cells[place].append(item)
            else:
                row.cells[place] = [item]
            pos, last = place + 1, place
            i += 1
            continue
        if as_of_footer(item.text) or place_and_date(item.text):
            around.append(item.text)
            i += 1
            continue
        if (  # "Wydział Kultury i Sportu" / "1.": a department's row spanning the table
            item.kind == "text"
            and numbered
            and columns.department < 0
            and last != columns.number
            and i + 1 < len(items)
            and items[i + 1].kind == "number"
            and names_unit(item.text, frozenset())
        ):
            item.kind = "heading"
        if item.kind == "heading" and i + 1 < len(items) and items[i + 1].kind == "period":
            item.kind = "text"  # a scope printed as the task itself, its period beside it
        if item.kind == "heading":
            rows += [row] if row.cells else []
            rows.append(_Row(spanning=item))
            row, pos, last = _Row(), 0, None
            i += 1
            continue
        wrapped = item.kind == "text" and item.text[:1].islower() and not NUMBER_RE.match(item.text)
        free = last is not None and last in _free(columns, kinds)
        period_ahead = columns.period > (last or 0) and columns.period not in row.cells
        if free and item.kind not in ("number", "heading") and not item.text[:1].isupper():
            # a remark's, an amount's or another column's next line; a period still to come
            # in this row is that period
            wrapped = not (item.kind == "period" and period_ahead)
        if (  # a numbered task's next paragraph ("1. Osiedlowy Dom Kultury" / "„Osiedlowy …")
            numbered
            and last == columns.task
            and item.kind == "text"
            and not NUMBER_RE.match(item.text)
            and columns.period not in row.cells
        ):
            wrapped = True
        if last is not None and wrapped and _continues(row.cells[last], item, kinds[last], year):
            row.cells[last].append(item)
            i += 1
            continue
        column = _fit(kinds, columns, pos, item, items[i:])
        if column is None:  # no later column of its kind: the next row begins
            rows += [row] if row.cells else []
            row, pos = _Row(), 0
            told = _enters_pair(row, pos, None, kinds, columns, item)
            planned.update(_pair_cells(items, i, columns, repeated, small) if told else {})
            if i in planned:
                continue
            column = _fit(kinds, columns, 0, item, items[i:])
            if column is None:
                raise DocumentError(
                    f"W wierszu tekstu {item.line} jest {printed(item.text, 60)}, a tabela nie ma "
                    "na to kolumny. Proszę zaimportować sam dokument."
                )
        row.cells[column] = [item]
        pos = column + 1
        last = column
        i += 1
    rows += [row] if row.cells else []
    return rows


def _enters_pair(
    row: _Row, pos: int, last: int | None, kinds: list[str], columns: Columns, item: _Item
) -> bool:
    """Is `item` the first text of a row's department and task columns side by side?"""
    pair = sorted((columns.department, columns.task))
    if pair[0] < 0 or pair[1] - pair[0] != 1 or item.kind != "text":
        return False
    if any(c in row.cells for c in pair) or pos > pair[0]:
        return False
    between = range(pos, pair[0])  # columns still to come before the pair: none takes text
    text_last = last is not None and kinds[last] == "text"
    return not text_last and all(kinds[c] != "text" for c in between)


def _text_runs(items: Sequence[_Item]) -> list[list[str]]:
    """The texts of each run of text lines (a row's cells between its number and period)."""
    runs: list[list[str]] = [[]]
    for item in items:
        if item.kind == "text":
            runs[-1].append(item.text)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _pair_cells(
    items: Sequence[_Item],
    start: int,
    columns: Columns,
    repeated: frozenset[str],
    small: bool,
) -> dict[int, int]:
    """The columns of the text lines from `start` on (up to the next number, period or
    heading) when they show a department's name (notifier.core.importing.cell_runs)."""
    end = start
    while end < len(items) and items[end].kind == "text":
        end += 1
    texts = [x.text for x in items[start:end]]
    first = columns.department < columns.task
    count = department_lines(texts, first, repeated, small)
    if count is None:
        return {}
    split = count if first else len(texts) - count
    before, after = (
        (columns.department, columns.task) if first else (columns.task, columns.department)
    )
    return {start + k: before if k < split else after for k in range(len(texts))}


def _free(columns: Columns, kinds: list[str]) -> set[int]:
    """Columns taking any text: remarks, amounts and columns of no role ("Termin realizacji")."""
    named = {columns.number, columns.task, columns.period, columns.department}
    return {c for c in range(len(kinds)) if c not in named}


def _continues(cell: list[_Item], item: _Item, kind: str, year: int) -> bool:
    """Does `item` (a line in small letters) continue `cell` (a wrapped line)? A text cell's,
    always; a period cell's, when a few words that still read as its period ("… luty 2006" /
    "roku"), not the next cell's text."""
    if kind == "number":  # "1." and its row's first text in small letters
        return False
    if kind == "amount":  # "120 000,00" / "zł"; a remark beside it is the next cell
        return bool(re.fullmatch(r"(zł|pln)\.?", item.text, re.IGNORECASE))
    if kind != "period":
        return True
    joined = join_lines([x.text for x in [*cell, item]])
    if _dated(join_lines([x.text for x in cell]), year) and not _YEAR_WORDS_RE.match(item.text):
        return False  # "II kwartał 2027" / "konkurs wieloletni": the remark beside it
    return kind == "period" and len(item.text.split()) <= 3 and bool(_period(joined, year))


_YEAR_WORDS_RE = re.compile(r"^(roku|rok|r\.?)$|.*\d", re.IGNORECASE)  # "… luty 2006" / "roku"


def _dated(text: str, year: int) -> bool:
    try:
        return isinstance(parse_period(text, year), DatedPeriod)
    except PeriodError:
        return False


def _fit(
    kinds: list[str], columns: Columns, pos: int, item: _Item, ahead: Sequence[_Item]
) -> int | None:
    """The column at or after `pos` for `item`: the next of its kind (remarks, amounts and
    columns of no role take any text); of a run of text columns, as many as the texts
    ahead, skipping non-task ones."""
    free = _free(columns, kinds)
    for c in range(pos, len(kinds)):
        if c in free and item.kind in ("text", "period", "amount"):
            return c
        if kinds[c] != item.kind:
            continue
        if item.kind != "text":
            return c
        run = [c]
        while run[-1] + 1 < len(kinds) and kinds[run[-1] + 1] == "text":
            run.append(run[-1] + 1)
        texts = 0
        for x in ahead:
            if x.kind != "text":
                break
            texts += not (x.text[:1].islower() and texts)
        missing = len(run) - texts
        for candidate in run:
            if missing <= 0 or candidate == columns.task:
                return candidate
            missing -= 1
        return c
    return None


def _cells(rows: list[_Row], width: int, columns: Columns) -> list[list[Cell | None]]:
    out: list[list[Cell | None]] = []
    above = False  # a task row above in the same department: a missing merged cell is its
    for row in rows:
        if row.spanning is not None:
            cell = Cell(row.spanning.text, Where(0, row.spanning.line))
            out.append([cell] * width)
            above = False
            continue
        line = min(x.line for xs in row.cells.values() for x in xs)
        cells: list[Cell | None] = []
        for c in range(width):
            items = row.cells.get(c)
            if items:
                cells.append(Cell(join_lines([x.text for x in items]), Where(0, items[0].line)))
            elif above and c in (columns.period, columns.department):
                cells.append(None)  # printed once above, for this row too (a merged cell)
            else:
                cells.append(Cell("", Where(0, line)))
        out.append(cells)
        above = True
    return out
