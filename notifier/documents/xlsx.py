"""XLSX via openpyxl: every sheet as a table, merged ranges as merged cells."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Row, Table
from notifier.core.input_rules import escaped_forbidden_chars
from notifier.documents.safety import CellBudget, safe_zip

MAX_CELLS = 200_000  # rows × columns of one sheet: a harmonogram has a few hundred


def xlsx_tables(data: bytes, name: str) -> tuple[list[Table], str]:
    """Each sheet's used range as a table; text outside tables is none (the title, if any,
    is a row of the sheet)."""
    checked = safe_zip(data, name)
    _declared_merges(checked, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(checked), data_only=True)
    except DocumentError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise DocumentError(f"Plik {name} nie jest poprawnym arkuszem XLSX.") from None
    tables: list[Table] = []
    for page, sheet in enumerate(book.worksheets, start=1):
        if sheet.max_row * sheet.max_column > MAX_CELLS:
            title = escaped_forbidden_chars(sheet.title)  # never a bidi override on a terminal
            raise DocumentError(f"Arkusz {title} w pliku {name} jest zbyt duży.")
        grid: list[list[Cell | None]] = [
            [Cell("" if v is None else str(v).strip(), Where(page, r, "arkusz")) for v in values]
            for r, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top if r == merged.min_row else None
        rows: list[Row] = list(grid)
        tables.append(rows)
    return tables, ""


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
