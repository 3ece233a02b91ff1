"""DOCX (Word, LibreOffice) via python-docx: the body's tables in order, with merged cells,
and the paragraphs around them (the title, "stan na dzień")."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Row, Table
from notifier.documents.broken_package import broken_reason
from notifier.documents.safety import MAX_SPAN, CellBudget, safe_zip


def docx_tables(data: bytes, name: str) -> tuple[list[Table], str]:
    """The document's tables (rows of cells: None under a vertically merged cell, one Cell
    repeated across a horizontal merge) and the text of its paragraphs outside tables."""
    checked = safe_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(checked))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise DocumentError(
            f"Plik {name} nie jest poprawnym dokumentem DOCX: {broken_reason(checked, exc)}. "
            "Proszę otworzyć go w edytorze (Word, LibreOffice), zapisać ponownie jako DOCX albo "
            "PDF i zaimportować jeszcze raz."
        ) from None
    texts = [p.text for p in document.paragraphs]
    tables: list[Table] = []
    row_number = 0
    budget = CellBudget(name)
    # Every w:tbl of the body in document order, nested ones too. Not python-docx's
    # Table.rows/cells: they lay a row out over its grid, so one cell declaring
    # gridSpan="99999999" took minutes and a gigabyte (blind round three, F26).
    for table in document.element.body.iter(qn("w:tbl")):
        rows: list[Row] = []
        for tr in table.tr_lst:
            row_number += 1
            cells: list[Cell | None] = []
            for tc in tr.tc_lst:
                span = min(tc.grid_span, MAX_SPAN)  # no harmonogram spans 100 columns
                budget.take(span)
                if tc.vMerge == "continue":
                    cells += [None] * span
                    continue
                text = "\n".join(
                    "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))
                )
                cell = Cell(text, Where(0, row_number))
                cells += [cell] * span
            rows.append(cells)
        tables.append(rows)
    return tables, "\n".join(texts)
