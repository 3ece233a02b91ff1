"""XLSX via openpyxl: every sheet as a table, merged ranges as merged cells.

A cell is read as Excel shows it: a date cell as a Polish date ("15.03.2027"; "marzec 2027"
when its format shows no day), never as Python writes a datetime ("2027-03-15 00:00:00"). A
date before 1 March 1900 is refused (Excel's calendar counts a 29 February 1900 that never
was: serial 60), and so is a formula whose value the file does not hold (a file written by a
program that never calculated it): read as empty, it would take the row above's period as a
merged cell's.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.cell.rich_text import CellRichText

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.quoting import printed
from notifier.core.importing.table_cells import Cell, HeadedTable, Table
from notifier.core.input_rules import escaped_forbidden_chars
from notifier.core.polish import MONTHS_NOMINATIVE
from notifier.documents.safety import CellBudget, safe_zip
from notifier.documents.unseen import Skipped, Unseen, hidden_named, without_hidden
from notifier.documents.xlsx_seen import (
    first_cells,
    hidden_lines,
    hidden_sheet,
    rich_text,
    unseen_cell,
)

MAX_CELLS = 200_000  # rows × columns of one sheet: a harmonogram has a few hundred


def xlsx_tables(data: bytes, name: str) -> tuple[list[Table], str, list[Unseen]]:
    """Each visible sheet's used range as a table (without its hidden rows and columns and
    the text struck through: notifier.documents.xlsx_seen), no text outside tables (the
    title, if any, is a row of the sheet), and what Excel does not show, skipped."""
    checked = safe_zip(data, name)
    _declared_merges(checked, name)
    try:
        formulas = _sized_formulas(checked, name)
        book = openpyxl.load_workbook(io.BytesIO(checked), data_only=True, rich_text=True)
    except DocumentError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise DocumentError(f"Plik {name} nie jest poprawnym arkuszem XLSX.") from None
    tables: list[Table] = []
    unseen: list[Unseen] = []
    for page, sheet in enumerate(book.worksheets, start=1):
        if hidden_sheet(sheet):  # an old plan kept in the workbook: not read, named
            what = f"tabelę w ukrytym arkuszu {printed(sheet.title, 40)}"
            unseen.append(Unseen(f"arkusz {page}", what, first_cells(sheet)))
            continue
        written = formulas[page - 1] if page <= len(formulas) else {}
        hidden_rows, hidden_columns = hidden_lines(sheet)
        grid: list[list[Cell | None]] = []
        for r, cells in enumerate(sheet.iter_rows(), start=1):
            row: list[Cell | None] = []
            for cell in cells:
                skipped = Skipped()
                where = Where(page, r, "arkusz")
                text = _shown(cell, written, page, name, skipped)
                if r - 1 not in hidden_rows and cell.column - 1 not in hidden_columns:
                    unseen += skipped.found(f"{where}, komórka {cell.coordinate}", text)
                row.append(Cell(text, where))
            grid.append(row)
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top if r == merged.min_row else None
        unseen += hidden_named(grid, hidden_rows, hidden_columns, page)
        tables.append(HeadedTable(without_hidden(grid, hidden_rows, hidden_columns), sheet.title))
    return tables, "", unseen


EXCEL_CALENDAR_FIXED = date(1900, 3, 1)  # the first day Excel's serials count right


# <row r="12" …> and <c r="XFD1048576" …> of a sheet's XML (any namespace prefix), and the
# value of an r attribute (either quote): a row's number as openpyxl reads it (an int, or a
# float that is one: "1e11"), a cell's reference (openpyxl's own pattern, any row number)
_ROW_OR_CELL_RE = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)")
_R_RE = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CELL_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_TOO_MANY = 10**12  # a row number or column past any sheet (its digits beyond this: cut)


def _sized_formulas(checked: bytes, name: str) -> list[dict[str, str]]:
    """Each sheet's formulas by cell ("B4": "=A1"), read streaming (openpyxl's read-only
    mode) after each sheet's size is checked in its XML: openpyxl makes an object for every
    cell as it loads a sheet, so a sheet of millions of cells (or one cell at XFD1048576,
    which makes max_row × max_column huge) is refused before any full parse."""
    book = openpyxl.load_workbook(io.BytesIO(checked), read_only=True, data_only=False)
    try:
        with zipfile.ZipFile(io.BytesIO(checked)) as archive:
            for sheet in book.worksheets:
                path = getattr(sheet, "_worksheet_path", "")
                if path in archive.namelist():
                    _check_size(archive.read(path), sheet.title, name)
                sheet.reset_dimensions()  # its declared <dimension> pads every row read
        return [
            {
                cell.coordinate: cell.value
                for row in sheet.iter_rows()
                for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=")
            }
            for sheet in book.worksheets
        ]
    finally:
        book.close()


def _check_size(xml: bytes, title: str, name: str) -> None:
    """DocumentError when the sheet `xml` holds more than MAX_CELLS cells or its rows and
    cells reach beyond MAX_CELLS rows × columns (what openpyxl would lay out or walk: it
    yields every row up to a row's number, so one `<row r="99999999999">` in 2 kB kept it
    busy to the time limit, blind round 9a); named, stopped at the first row or cell past
    either, and never trusting the sheet's declared <dimension>."""
    last_row = last_column = count = row = column = 0
    for element in _ROW_OR_CELL_RE.finditer(xml):
        found = _R_RE.search(element.group(2))
        value = (found.group(1) or found.group(2) or b"") if found else b""
        text = value.decode("utf-8", "replace").strip()
        if element.group(1) == b"row":  # as openpyxl counts: its number, else the next
            row, column = (_row_number(text) if found else row + 1), 0
            last_row = max(last_row, row)
            where = f"wiersz numer {_cut(text)}" if found else f"wiersz {row}"
        else:
            count += 1
            ref = _CELL_REF_RE.match(text) if found else None
            if ref is not None:
                last_row = max(last_row, _number(ref.group(2)))
            column = _column(ref.group(1).encode()) if ref is not None else column + 1
            last_column = max(last_column, column)
            where = f"komórka {_cut(text)}" if found else f"komórka {column} wiersza {row}"
        if count > MAX_CELLS:
            raise _too_big(title, name, f"ma ponad {_spaced(MAX_CELLS)} komórek")
        if last_row * max(last_column, 1) > MAX_CELLS:
            reach = f"sięga poza {_spaced(MAX_CELLS)} komórek, które import czyta"
            raise _too_big(title, name, f"{where} {reach} (wiersze × kolumny)")


def _row_number(text: str) -> int:
    """A row's r attribute as openpyxl reads it (0 for one it refuses itself)."""
    if len(text) > 30:  # never converted: thousands of digits cost time of their own
        return _TOO_MANY if text.lstrip("+").isdigit() else 0
    try:
        return min(int(text), _TOO_MANY)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return 0
        return min(int(number), _TOO_MANY) if number.is_integer() else 0


def _number(digits: str) -> int:
    return _TOO_MANY if len(digits) > 12 else int(digits)


def _cut(text: str) -> str:
    """An attribute's value for a message: escaped, at most 24 characters."""
    shown = escaped_forbidden_chars(text[:24])  # never a bidi override on a terminal
    return shown + ("…" if len(text) > 24 else "")


def _spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _too_big(title: str, name: str, what: str) -> DocumentError:
    shown = escaped_forbidden_chars(title)
    return DocumentError(
        f"Arkusz {shown} w pliku {name} jest zbyt duży: {what}, a harmonogram nawet dużego "
        "miasta ma kilkaset komórek. Proszę sprawdzić, czy to właściwy plik."
    )


def _shown(
    cell: SheetCell | MergedCell, written: dict[str, str], page: int, name: str, skipped: Skipped
) -> str:
    """The text of one cell as Excel shows it (what it does not show, or shows struck, going
    into `skipped`); `written` holds its sheet's formulas by cell, to tell a formula without
    a value from an empty cell."""
    value = cell.value
    if isinstance(value, CellRichText):
        return xstring(rich_text(value, cell, skipped)).strip()
    return unseen_cell(cell, _value_shown(cell, written, page, name), skipped)


def _value_shown(
    cell: SheetCell | MergedCell, written: dict[str, str], page: int, name: str
) -> str:
    value = cell.value
    where = f"Komórka {cell.coordinate} arkusza {page} w pliku {name}"
    if value is None:
        formula = written.get(cell.coordinate)
        if isinstance(formula, str) and formula.startswith("="):
            shown = escaped_forbidden_chars(formula[:80])
            raise DocumentError(
                f"{where} ma formułę ({shown}) bez zapisanej wartości — plik zapisał program, "
                "który jej nie obliczył. Proszę otworzyć plik w Excelu lub LibreOffice, zapisać "
                "go ponownie (wartości formuł zostaną zapisane) i zaimportować jeszcze raz."
            )
        return ""
    if isinstance(value, (datetime, date)):
        return _date_shown(value, str(cell.number_format), where)
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, str):
        return xstring(value).strip()
    return str(value).strip()


_XSTRING_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xstring(text: str) -> str:
    """A cell's string as Excel shows it: OOXML writes a character XML cannot hold (a
    control character) or a literal "_x…_" as "_xHHHH_", its UTF-16 code unit in hex
    (ECMA-376 Part 1, 22.9.2.19 ST_Xstring: "_x001B_", "_x005F_" for "_"), which openpyxl
    leaves as written (blind10a M8: "Wydział _x001B_[31mKultury_x202E_"). Read left to right
    as Excel does ("_x005F_x0041_" is "_x0041_"), a surrogate pair as one character; what
    is no text among them the importer then removes and names (notifier.core.importing.
    controls)."""
    if "_x" not in text:
        return text
    decoded = _XSTRING_ESCAPE_RE.sub(lambda found: chr(int(found[1], 16)), text)
    return decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _date_shown(value: date, number_format: str, where: str) -> str:
    """A date cell as a Polish date: "15.03.2027", "01.04.2027 godz. 10:30" with a time
    its format shows, "marzec 2027" or "2027" when its format shows no day (or month)."""
    day = value.date() if isinstance(value, datetime) else value
    if day < EXCEL_CALENDAR_FIXED:
        raise DocumentError(
            f"{where} ma datę sprzed 1 marca 1900 r. ({day.day:02d}.{day.month:02d}.{day.year}"
            " albo nieistniejący w kalendarzu 29.02.1900, który Excel liczy jako liczbę 60) — "
            "proszę wpisać w niej właściwą datę."
        )
    shown = re.sub(r'"[^"]*"|\[[^]]*]|\\.', "", number_format.lower())  # no literals, colours
    if "d" not in shown and "m" in shown:
        return _with_literals(f"{MONTHS_NOMINATIVE[day.month - 1]} {day.year}", number_format)
    if "d" not in shown and "y" in shown:
        return _with_literals(str(day.year), number_format)
    text = f"{day.day:02d}.{day.month:02d}.{day.year}"
    if isinstance(value, datetime) and (value.hour or value.minute) and "h" in shown:
        text += f" godz. {value.hour}:{value.minute:02d}"
    return _with_literals(text, number_format)


# a number format's pieces: a quoted literal, an escaped character, a colour or locale, codes
_FORMAT_PIECE_RE = re.compile(r'"([^"]*)"|\\(.)|\[[^]]*]|([^"\\[]+)')


def _with_literals(text: str, number_format: str) -> str:
    """`text` with the words its format prints before and after the date, as Excel shows
    them: `"do "dd.mm.yyyy` is "do 15.03.2027", not the day alone (blind12 m10)."""
    before: list[str] = []
    after: list[str] = []
    seen_code = False
    for piece in _FORMAT_PIECE_RE.finditer(number_format.split(";")[0]):
        literal = piece[1] if piece[1] is not None else piece[2]
        if literal is not None:
            (after if seen_code else before).append(literal)
        elif piece[3] and re.search(r"[dmyhs]", piece[3], re.IGNORECASE):
            seen_code = True
            after.clear()  # words between codes are no suffix
    return " ".join(f"{''.join(before)} {text} {''.join(after)}".split())


# <mergeCell ref="B3:D3"/> (any namespace prefix, either quote): the declared corners
_MERGE_RE = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})"
    rb"(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?[\"']"
)


def _declared_merges(archive: bytes, name: str) -> None:
    """Refuse a workbook whose merged ranges cover more cells than the importer reads, from
    the sizes they declare and before openpyxl sees them: openpyxl makes an object for every
    cell of a merged range as it loads the sheet, so one <mergeCell ref="A1:XFD1048576"/>
    in a 5 kB file took the import to 9.6 GB (blind round four, G5)."""
    budget = CellBudget(name)
    with zipfile.ZipFile(io.BytesIO(archive)) as book:
        for member in book.namelist():
            if not member.endswith(".xml"):
                continue
            for merge in _MERGE_RE.finditer(book.read(member)):
                first_col, first_row, last_col, last_row = merge.groups()
                rows = abs(int(last_row or first_row) - int(first_row)) + 1
                columns = abs(_column(last_col or first_col) - _column(first_col)) + 1
                budget.take(rows * columns)


def _column(letters: bytes) -> int:
    """ "A" -> 1, "XFD" -> 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number
