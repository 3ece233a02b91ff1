"""XLSX via openpyxl: every sheet as a table, merged ranges as merged cells."""

from __future__ import annotations

import io

import openpyxl

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_reader import Cell, Row, Table
from notifier.documents.safety import safe_zip

MAX_CELLS = 200_000  # rows × columns of one sheet: a harmonogram has a few hundred


def xlsx_tables(data: bytes, name: str) -> tuple[list[Table], str]:
    """Each sheet's used range as a table; text outside tables is none (the title, if any,
    is a row of the sheet)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(safe_zip(data, name)), data_only=True)
    except DocumentError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken workbook
        raise DocumentError(f"Plik {name} nie jest poprawnym arkuszem XLSX.") from None
    tables: list[Table] = []
    for page, sheet in enumerate(book.worksheets, start=1):
        if sheet.max_row * sheet.max_column > MAX_CELLS:
            raise DocumentError(f"Arkusz {sheet.title} w pliku {name} jest zbyt duży.")
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
