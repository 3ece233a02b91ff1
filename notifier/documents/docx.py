"""DOCX (Word, LibreOffice) via python-docx: the body's tables in order, with merged cells,
and the paragraphs around them (the title, "stan na dzień")."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import qn

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_reader import Cell, Row, Table
from notifier.documents.safety import safe_zip


def docx_tables(data: bytes, name: str) -> tuple[list[Table], str]:
    """The document's tables (rows of cells: None under a vertically merged cell, one Cell
    repeated across a horizontal merge) and the text of its paragraphs outside tables."""
    try:
        document = docx.Document(io.BytesIO(safe_zip(data, name)))
    except DocumentError:
        raise
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise DocumentError(f"Plik {name} nie jest poprawnym dokumentem DOCX.") from None
    texts = [p.text for p in document.paragraphs]
    tables: list[Table] = []
    row_number = 0
    for table in _all_tables(document.tables):
        rows: list[Row] = []
        for tr in table._tbl.tr_lst:
            row_number += 1
            cells: list[Cell | None] = []
            for tc in tr.tc_lst:
                span = tc.grid_span
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


def _all_tables(tables: list[Any]) -> list[Any]:
    """Tables and the tables nested in their cells, in document order."""
    out = []
    for table in tables:
        out.append(table)
        for row in table.rows:
            for cell in row.cells:
                out += _all_tables(cell.tables)
    return out
