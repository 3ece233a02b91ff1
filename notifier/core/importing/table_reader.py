"""Read a harmonogram from tables (DOCX, ODT, XLSX, ODS, HTML, a PDF's ruled tables).

An adapter gives each table as rows of cells: `None` for a cell covered by a merged cell
above it, the same Cell object repeated for a cell merged across columns. Columns are found by their role, not by one city's words: the header
row's words ("Termin", "Planowany termin ogłoszenia konkursu", "Działanie", "Rodzaj zadania",
"Komórka organizacyjna", "Lp.", "Uwagi", …), else by content (the column whose cells read as
periods, the one with the longest texts). Each row then becomes one or more lines with a role
(department, scope, task, continuation, period) for the assembler the text reader uses, so a
merged period cell reaches every task it covers in one place (notifier.core.importing.assembler).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notifier.core.importing.assembler import Line, assemble
from notifier.core.importing.cells import (
    NUMBER_RE,
    SCOPE_RE,
    is_heading,
    is_prose,
    normalise,
    period_or_none,
)
from notifier.core.importing.document_dates import as_of_footer, year_phrase
from notifier.core.importing.document_place import place_and_date
from notifier.core.importing.model import DocumentError, ImportedSchedule, Where
from notifier.core.importing.month_marks import doubtful_marks, marked_period, month_columns
from notifier.core.importing.table_cells import Columns, Row, Table
from notifier.core.importing.table_cells import cell_at as _at
from notifier.core.importing.table_cells import cell_text as _text
from notifier.core.importing.table_choice import (
    Headed,
    harmonogram_header,
    one_year_of,
    other_header_note,
    other_stage,
    same_header,
)
from notifier.core.importing.table_kinds import (
    DATED_LIST,
    beside,
    dated_list,
    is_key_value,
    odd_kind,
    skipped_note,
    words_for_periods,
)
from notifier.core.importing.table_roles import (
    SPHERE,
    columns_note,
    department_above,
    own_empty,
    sum_note,
    sum_row,
    task_column,
    task_kind,
    two_level,
    untitled,
    with_unit,
)
from notifier.core.periods import MIN_YEAR

# A header cell's role: the first role with a matching pattern, in this order; when several
# columns share a role, the one matching the earlier pattern of that role wins (then the
# leftmost): "Termin ogłoszenia" beats "Termin realizacji", "Zadanie" beats "Obszar".
_ROLE_WORDS: dict[str, tuple[re.Pattern[str], ...]] = {
    "number": (re.compile(r"^(lp\.?|l\.p\.?|nr|nr\.|poz\.?)$", re.IGNORECASE),),
    "period": (
        re.compile(r"ogłosz|ogłasz", re.IGNORECASE),
        re.compile(r"\btermin|\bkiedy\b|\bmiesiąc|\bkwarta|\bokres\b|\bdata\b", re.IGNORECASE),
    ),
    "department": (
        re.compile(r"komórk|wydział|jednostk|biuro|referat|departament", re.IGNORECASE),
        re.compile(r"realizator|odpowiedzialn|ogłaszając|organizator|dysponent", re.IGNORECASE),
    ),
    "amount": (re.compile(r"^kwot|środk|wysokość|\bbudżet|\bzł\b|\bPLN\b", re.IGNORECASE),),
    "remarks": (re.compile(r"^uwagi|^opis|^forma|^tryb", re.IGNORECASE),),
    "task": (
        re.compile(r"zadani|działani|nazwa|przedmiot|konkurs", re.IGNORECASE),
        re.compile(r"obszar|zakres|sfer|priorytet|tytuł|cel\b", re.IGNORECASE),
    ),
}


def header_role(text: str) -> str | None:
    """The role a header cell's words name ("Termin ogłoszenia" → "period"), or None."""
    text = normalise(text)
    if len(text) <= 6:
        text = "".join(text.split())
    return next((role for role, ps in _ROLE_WORDS.items() if any(p.search(text) for p in ps)), None)


def task_candidates(row: Row) -> list[int]:
    """The header's task-like columns, leftmost first: named as a task, or "Opis zadania"
    (else the remarks) when the others name only the task's sphere."""
    found: list[int] = []
    described: list[int] = []
    for index, cell in enumerate(row):
        text = _text(cell)
        if not text or len(text) > 120 or any(cell is row[i] for i in found):
            continue
        role = header_role(text)
        if role == "task":
            found.append(index)
        elif role == "remarks" and _DESCRIBED_RE.match(text):
            described.append(index)
    if found and all(task_kind(_text(row[i])) == SPHERE for i in found):
        found += described
    return sorted(found)


_DESCRIBED_RE = re.compile(r"^opis\s+(zadani|konkurs|działani)", re.IGNORECASE)


def header_columns(
    row: Row, months: tuple[tuple[int, str, int], ...] = (), rows: Sequence[Row] = ()
) -> Columns | None:
    """The columns named by a header row, or None if the row is no header (it must name a
    task column and a period column, or have `months`: its own or the row's below); of task
    columns, the name's (notifier.core.importing.table_roles: by the `rows` if words don't tell)."""
    if len({id(c) for c in row if c is not None and _text(c)}) < 2:
        return None  # a title row above the table ("HARMONOGRAM … 2027") names no columns
    found: dict[str, tuple[int, int]] = {}  # role -> (pattern rank, column)
    if months:
        found["period"] = (-1, months[0][0])
    for index, cell in enumerate(row):
        text = _text(cell)
        if not text or len(text) > 120:  # a header cell, not a task's text
            continue
        if len(text) <= 6:  # a short heading broken inside its word: "L\np."
            text = "".join(text.split())
        for role, patterns in _ROLE_WORDS.items():
            rank = next((r for r, p in enumerate(patterns) if p.search(text)), None)
            if rank is not None:
                if role not in found or rank < found[role][0]:
                    found[role] = (rank, index)
                break
    candidates = task_candidates(row)
    if candidates:
        found["task"] = (0, task_column(row, candidates, rows))
        if found.get("remarks", (0, -1))[1] == found["task"][1]:
            del found["remarks"]  # "Opis zadania" beside a sphere: the task's name
    if "task" not in found and "department" in found:
        found["task"] = found["department"]  # see Columns.shared
    if "task" not in found or "period" not in found:
        return None
    return Columns(**{role: column for role, (_, column) in found.items()}, months=months)


def content_columns(rows: Sequence[Row], year: int) -> Columns | None:
    """Columns guessed from content: the period column reads as periods most often (in most
    of its filled cells: a name or a footer beside one date is no period column), the task
    column has the longest texts, a number column holds only small numbers. A key/value
    table of the document's metadata has none."""
    width = max((len(r) for r in rows), default=0)
    if width < 2 or is_key_value(rows):
        return None
    periods = [0] * width
    filled = [0] * width
    lengths = [0] * width
    numbers = [0] * width
    for row in rows:
        for i, cell in enumerate(row):
            text = _text(cell)
            filled[i] += bool(text) and text != "-"
            if text and text != "-" and period_or_none(text, year):
                periods[i] += 1
            lengths[i] += len(text)
            if re.fullmatch(r"\d{1,3}\.?", text):
                numbers[i] += 1
    period = max(range(width), key=periods.__getitem__)
    if periods[period] == 0 or periods[period] < 0.3 * len(rows):
        return None
    if periods[period] * 2 <= filled[period]:  # "Jan Nowak" beside "30.11.2026"
        return None
    rest = [i for i in range(width) if i != period]
    task = max(rest, key=lengths.__getitem__)
    number = next((i for i in rest if i != task and numbers[i] >= len(rows) / 2), -1)
    return Columns(task=task, period=period, number=number)


def table_lines(table: Table, columns: Columns, header: Row | None, year: int) -> list[list[Line]]:
    """The table's rows as role-marked paragraphs for the assembler. A number cell merged
    over several rows (like the department cell beside it) numbers the group, not a task.
    A row with a period and an empty task cell is refused (`untitled`), never read as a
    department named "Lipiec 2027" nor dropped; a sentence is left out as prose only above
    or under the table, never a title ending in "." covered by a merged period."""
    out: list[list[Line]] = []
    numbered = False
    last = max((i for i, r in enumerate(table) if any(_text(c) for c in r)), default=0)
    for index, row in enumerate(table):
        texts = [_text(c) for c in row]
        where = next((c.where for c in row if c is not None), Where(0, 0))
        if not any(texts) or (header is not None and texts == [_text(c) for c in header]):
            continue
        if columns.months and month_columns(texts):  # the month headings, repeated on a page
            continue
        filled = {id(c): c for c in row if c is not None and _text(c)}
        if len(filled) == 1:
            (cell,) = filled.values()
            only = _text(cell)
            footer = as_of_footer(only) or place_and_date(only)
            if footer or (not out and _title_like(only)):
                out.append([Line(only, where)])  # a title or "stan na dzień" row of a sheet
                continue
            inside = None in row and index < last  # covered by a merged cell, rows below
            if is_prose(only) and not inside:  # a sentence under (or over) the table
                out.append([Line(only, where, "prose")])
                continue
            spanning = len(row) == 1 or row.count(cell) > 1 or _at(row, columns.task) is not cell
            in_period = cell is _at(row, columns.period) and cell is not _at(row, columns.task)
            if in_period and period_or_none(only, year) is not None:
                pass  # a period is no department's name: the task's name is missing (below)
            elif spanning or is_heading(only) or SCOPE_RE.match(only):
                role = "scope" if SCOPE_RE.match(only) else "department"
                out.append([Line(only, where, role)])
                continue
        task_cell = _at(row, columns.task)
        task = task_cell.text if task_cell is not None else ""
        number = _text(_at(row, columns.number)).rstrip(".") if columns.number >= 0 else ""
        below = table[index + 1] if index + 1 < len(table) else []
        if number and below and _at(below, columns.number) is None and _at(below, columns.task):
            number = ""  # merged over the rows below, not with the task: the group's number
        period_cell = _at(row, columns.period)
        period = _text(period_cell)
        period = with_unit(_text(_at(header, columns.period)), period) if header else period
        if columns.months:  # the marked month columns, written as month names
            period_cell = task_cell
            period = marked_period(columns.months, texts) or ""
        elif (
            task_cell is not None
            and not task.strip()
            and period_cell is not task_cell
            and period
            and period_or_none(period, year) is not None
        ):
            raise DocumentError(untitled(where, period))
        if columns.shared and task.strip() and not period:  # no period of its own
            if number or (columns.number < 0 and period_cell is not None):
                out.append([Line(normalise(task), where, "department")])
                continue
        elif columns.department >= 0 and not columns.shared:
            department = _at(row, columns.department)
            if department is not None and _text(department):
                out.append([Line(_text(department), where, "department")])
        more = False
        if task.strip():
            inline = NUMBER_RE.match(task)
            numbered = numbered or bool(number or inline)
            lines = [x for x in task.splitlines() if x.strip()]
            if number and not inline:
                lines[0] = f"{number}) {lines[0]}"
            more = (
                numbered
                and not (number or inline)
                and period_cell is not None
                and not period
                and lines[0][:1].islower()
            )
            out.append([Line(x, where, "more" if more else "task") for x in lines])
        if period_cell is not None and period and task_cell is None and index > 0:
            out.append([Line(period, where, "round")])  # the task's cell merged over rows
        elif period_cell is not None and period:
            out.append([Line(period, where, "period")])
        elif task.strip() and not (more or columns.shared) and own_empty(period_cell, columns):
            grid = "months" if columns.months else ""
            out.append([Line(grid, where, "no-period")])  # no period, never a neighbour's
        elif period_cell is None and task.strip():
            out.append([Line("", where, "same-period")])  # covered by the period cell above
        if columns.months and (doubt := doubtful_marks(columns.months, texts)):
            out.append([Line(doubt, where, "remark")])  # "?" under a month: no mark
        if columns.remarks >= 0 and _text(_at(row, columns.remarks)):
            out.append([Line(_text(_at(row, columns.remarks)), where, "remark")])
    return out


def _title_like(text: str) -> bool:
    """A sheet's title row above the table: it names the harmonogram or a year ("Wykaz
    konkursów na rok 2027"); a department's name holds no year."""
    return "harmonogram" in text.lower() or year_phrase(text) is not None


def _header_in(
    rows: Sequence[Row], year: int | None
) -> tuple[int, Columns, int, list[str], Row] | None:
    """The header among the first rows of a table: its index, the columns it names, the
    number of rows it takes (two with month headings or sub-headings under it), the texts
    of its period column that are no periods (a header's words over a column of names), and
    the header as read (a two-row header's words joined); None if none."""
    for i, row in enumerate(rows[:3]):
        below = rows[i + 1] if i + 1 < len(rows) else []
        own = month_columns([_text(c) for c in row])
        months = own or month_columns([_text(c) for c in below])
        joined = None if months else two_level(row, below, year or MIN_YEAR)
        found = header_columns(joined or row, months, rows[i + (2 if joined else 1) :])
        if found:
            skip = 2 if (months and not own) or joined else 1
            # month columns hold marks ("X"), not period texts: nothing to check there
            odd = [] if months else words_for_periods(rows[i + skip :], found, year or MIN_YEAR)
            return i, found, skip, odd, joined or row
    return None


def _chosen_header(tables: Sequence[Table], year: int | None) -> Row | None:
    """The header of the table most like a harmonogram of those naming a task and a period."""

    def headed_at(index: int, table: Table) -> Headed | None:
        rows = [r for r in table if any(_text(c) for c in r)]
        found = _header_in(rows, year)
        if found is None or found[3]:
            return None
        i, columns, skip, _, header = found
        return Headed(index, header, columns, rows[i + skip :])

    return harmonogram_header(tables, headed_at)


def read_tables(
    tables: Sequence[Table], surrounding: str, year: int | None = None
) -> ImportedSchedule:
    """The harmonogram in `tables` (in document order), with the title and "stan na dzień"
    read from the `surrounding` text. Tables with no task and period columns (a BIP page's
    menus, a contact table) are skipped, and so are headed tables whose header differs from
    the harmonogram's (a sidebar's open calls: notifier.core.importing.table_choice); a
    table without a header continues the columns of the table right before it (a table split
    by a page break)."""
    paragraphs: list[list[Line]] = []
    columns: Columns | None = None
    header: Row | None = None
    notes: list[str] = []
    skipped: list[str] = []  # said last, after what was read
    heads: list[str | None] = []  # tables' headings: a department (None) or the review's note
    headed = _chosen_header(tables, year)
    previous_read = False  # was the table before this one read as the harmonogram's?
    tables, surrounding = one_year_of(tables, headed, surrounding, year, _header_in, notes)
    for table in tables:
        rows = [r for r in table if any(_text(c) for c in r)]
        if not rows:
            continue
        read, previous_read = previous_read, False
        found = _header_in(rows, year)
        if found is not None:
            i, named, skip, odd, top = found
            if odd:  # a header's words, but the "period" column holds names or words
                skipped.append(skipped_note(rows, odd_kind(top, named, odd)))
                continue
            stage = other_stage(top, named)
            if stage is not None:  # a sidebar's calls open now: "Termin składania ofert"
                skipped.append(skipped_note(rows, stage))
                continue
            if headed is not None and not same_header(top, headed):
                skipped.append(skipped_note(rows, other_header_note(top, headed)))
                continue
            if not notes:
                notes.append(columns_note(named, top, top, task_candidates(top)))
            surrounding += "\n" + "\n".join(
                " ".join(_text(c) for c in row) for row in table[: table.index(rows[i])]
            )
            columns, header, rows = named, top, rows[i + skip :]
        else:
            guessed = content_columns(rows, year or MIN_YEAR)
            if guessed is None:  # not a harmonogram's table: a menu, metadata, a signature
                skipped.append(skipped_note(rows))
                continue
            if dated_list(rows, guessed):  # a page's "Aktualności": news dates and headlines
                skipped.append(skipped_note(rows, DATED_LIST))
                continue
            continues = (
                read
                and header is not None
                and columns is not None
                and (len(rows[0]) == len(header) and guessed.period == columns.period)
            )
            if not continues and headed is not None:  # the harmonogram is the headed table
                skipped.append(skipped_note(rows, beside(headed)))
                continue
            if not continues:  # a table split by a page break keeps the header's columns
                columns, header = guessed, None
                notes.append(columns_note(guessed, None, rows[0]))
        if columns is not None:
            own = department_above(table, columns, heads)
            paragraphs += [[Line(name, at, "department")] for name, at in own]
            sums = {id(r): t for r in rows if (t := sum_row(r, columns, year or MIN_YEAR))}
            notes += [sum_note(r, sums[id(r)]) for r in rows if id(r) in sums]
            rows = [r for r in rows if id(r) not in sums]
            paragraphs += table_lines(rows, columns, header, year or MIN_YEAR)
            previous_read = True
    notes += [h for h in heads if h] if None in heads else []  # said beside named ones
    result = assemble(paragraphs, surrounding, year)
    result.notes[:0] = list(dict.fromkeys(notes))
    result.notes += skipped
    return result
