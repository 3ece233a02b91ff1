"""DOCX (Word, LibreOffice) via python-docx: the body's tables in order, with merged cells,
and the paragraphs around them (the title, "stan na dzień")."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from lxml import etree

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Row, Table
from notifier.documents.broken_package import broken_reason
from notifier.documents.docx_text import (
    Styles,
    TextReader,
    note_marks,
    own_paragraphs,
    unwrapped,
)
from notifier.documents.safety import MAX_SPAN, CellBudget, safe_zip
from notifier.documents.unseen import Skipped, Unseen


def docx_tables(data: bytes, name: str) -> tuple[list[Table], str, list[Unseen]]:
    """The document's tables (rows of cells: None under a vertically merged cell, one Cell
    repeated across a horizontal merge), the text of its paragraphs outside tables, and what
    Word does not show or shows struck, skipped (notifier.documents.docx_text)."""
    checked = safe_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(checked))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise DocumentError(
            f"Plik {name} nie jest poprawnym dokumentem DOCX: {broken_reason(checked, exc)}. "
            "Proszę otworzyć go w edytorze (Word, LibreOffice), zapisać ponownie jako DOCX albo "
            "PDF i zaimportować jeszcze raz."
        ) from None
    body = document.element.body
    reader = TextReader(Styles(document.styles.element), note_marks(body))
    unseen: list[Unseen] = []
    texts = []
    for p in own_paragraphs(body):
        skipped = Skipped()
        texts.append(reader.paragraph_text(p, skipped))
        unseen += skipped.found(str(Where(0, 0)), texts[-1])
    # rows numbered in print order: a nested table's after the row holding it
    numbers = {tr: n for n, tr in enumerate(body.iter(qn("w:tr")), start=1)}
    tables: list[Table] = []
    budget = CellBudget(name)
    # Every w:tbl of the body, a nested one before the table holding it (so the outer table
    # stays right before the next one: a table split by a page break goes on), each cell's
    # text without the nested table's (blind11 M10). Not python-docx's Table.rows/cells: they
    # lay a row out over its grid, so one cell declaring gridSpan="99999999" took minutes and
    # a gigabyte (blind round three, F26).
    for _, table in etree.iterwalk(body, events=("end",), tag=qn("w:tbl")):
        rows: list[Row] = []
        for tr in unwrapped(table, qn("w:tr")):  # rows in content controls too (blind12 N1)
            rows.append(_row(tr, Where(0, numbers.get(tr, 0)), reader, budget, unseen))
        tables.append(rows)
    return tables, "\n".join(texts), unseen


def _row(
    tr: etree._Element, where: Where, reader: TextReader, budget: CellBudget, unseen: list[Unseen]
) -> Row:
    """The row's cells laid out over the table's grid as Word lays them out (blind12 N14): the
    grid columns a row skips before its first cell (`w:gridBefore`) and after its last
    (`w:gridAfter`) are empty cells, a cell spanning `w:gridSpan` columns is one Cell repeated,
    so is a legacy `w:hMerge` continuing the cell before it; None under a vertical merge.
    Cells inside content controls and custom XML are read (blind12 N2)."""
    cells: list[Cell | None] = []
    before, after = _grid_skipped(tr, "gridBefore"), _grid_skipped(tr, "gridAfter")
    budget.take(before + after)
    cells += [Cell("", where) for _ in range(before)]
    for tc in unwrapped(tr, qn("w:tc")):
        span = min(tc.grid_span, MAX_SPAN)  # no harmonogram spans 100 columns
        budget.take(span)
        if tc.vMerge == "continue":
            cells += [None] * span
            continue
        skipped = Skipped()
        text = reader.cell_text(tc, skipped)
        unseen += skipped.found(str(where), text)
        merged = tc.find(f"{qn('w:tcPr')}/{qn('w:hMerge')}")
        if merged is not None and merged.get(qn("w:val")) != "restart" and cells and cells[-1]:
            cells += [cells[-1]] * span  # legacy horizontal merge: the cell before goes on
            continue
        cells += [Cell(text, where)] * span
    cells += [Cell("", where) for _ in range(after)]
    return cells


def _grid_skipped(tr: etree._Element, what: str) -> int:
    """The grid columns a row leaves empty before or after its cells (`w:gridBefore`)."""
    found = tr.find(f"{qn('w:trPr')}/{qn(f'w:{what}')}")
    try:
        return min(max(int(found.get(qn("w:val")) or 0), 0), MAX_SPAN) if found is not None else 0
    except ValueError:
        return 0
