"""An XLSX sheet as Excel shows it (blind11 F11): a hidden sheet (`state="hidden"` or
"veryHidden": an old plan kept in the workbook), hidden rows and columns (hidden by hand, by
a filter or a collapsed outline) and text struck through (the cell's font or a run of its rich
text) are no part of the harmonogram the city prints; nor is a cell whose number format
";;;" shows nothing. A run of rich text in superscript after a date is a footnote mark
(notifier.documents.unseen.superscript).
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.worksheet.worksheet import Worksheet

from notifier.documents.unseen import HIDDEN, STRUCK, ShownText, Skipped

MAX_COLUMN = 16384  # Excel's last column (XFD): a hidden range declared beyond it is cut


def hidden_sheet(sheet: Worksheet) -> bool:
    return str(sheet.sheet_state or "visible") != "visible"


def hidden_lines(sheet: Worksheet) -> tuple[set[int], set[int]]:
    """The 0-based indexes of the sheet's hidden rows and hidden columns."""
    rows = {r - 1 for r, d in sheet.row_dimensions.items() if d.hidden and int(r) >= 1}
    columns: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min and dimension.max:
            first, last = max(1, int(dimension.min)), min(int(dimension.max), MAX_COLUMN)
            columns.update(range(first - 1, last))
    return rows, columns


def first_cells(sheet: Worksheet, rows: int = 3) -> str:
    """The texts of a sheet's first rows, for the review naming it ("Harmonogram … | Lp.")."""
    seen = []
    for values in sheet.iter_rows(max_row=rows, values_only=True):
        seen += [" ".join(str(v).split()) for v in values if v is not None and str(v).strip()]
    return " | ".join(seen)


def struck(cell: SheetCell | MergedCell) -> bool:
    font = getattr(cell, "font", None)
    return bool(font is not None and font.strike)


def shows_nothing(cell: SheetCell | MergedCell) -> bool:
    """A number format of three empty sections (";;;"): Excel shows no value, whatever it is."""
    return str(getattr(cell, "number_format", "") or "").replace(" ", "") == ";;;"


def rich_text(value: CellRichText, cell: SheetCell | MergedCell, skipped: Skipped) -> str:
    """A rich text cell's text as Excel shows it: struck runs (their own font, else the
    cell's) skipped into `skipped`, superscript runs kept apart or as footnote marks."""
    shown = ShownText()
    whole = struck(cell)
    for block in value:
        text = block if isinstance(block, str) else block.text
        font = None if isinstance(block, str) else block.font
        strike = font.strike if font is not None and font.strike is not None else whole
        if strike:
            skipped.skip(STRUCK, text)
            continue
        skipped.seen(text)
        shown.add(text, raised=font is not None and font.vertAlign == "superscript")
    return shown.text()


def unseen_cell(cell: SheetCell | MergedCell, text: str, skipped: Skipped) -> str:
    """`text` (the cell as shown by its value) or "" for a cell struck through or shown
    as nothing, what was skipped going into `skipped`."""
    if not text:
        return text
    if shows_nothing(cell):
        skipped.skip(HIDDEN, text)
        return ""
    if struck(cell):
        skipped.skip(STRUCK, text)
        return ""
    return text
