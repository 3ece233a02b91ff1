"""ODT and ODS (LibreOffice) via odfpy: tables with spanned and covered cells, and the
paragraphs outside them."""

from __future__ import annotations

import io

from odf import opendocument, teletype
from odf.namespaces import TABLENS, TEXTNS

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Row, Table
from notifier.documents.safety import MAX_SPAN, CellBudget, safe_zip

MAX_REPEAT = 200  # a repeated empty row or column ("number-columns-repeated") counts once past this


def odf_tables(data: bytes, name: str) -> tuple[list[Table], str]:
    """Every table:table as a table (a sheet of an ODS, a table of an ODT) and the text of
    the paragraphs outside tables."""
    try:
        document = opendocument.load(io.BytesIO(safe_zip(data, name)))
    except DocumentError:
        raise
    except Exception:  # noqa: BLE001 - odfpy raises many kinds for a broken package
        raise DocumentError(f"Plik {name} nie jest poprawnym dokumentem ODF.") from None
    tables: list[Table] = []
    outside: list[str] = []
    unit = "arkusz" if name.lower().endswith(".ods") else "tabela"  # as a clerk finds it
    _walk(document.body, tables, outside, in_table=False, unit=unit, budget=CellBudget(name))
    return tables, "\n".join(outside)


def _walk(  # type: ignore[no-untyped-def]
    node, tables: list[Table], outside: list[str], *, in_table: bool, unit: str, budget: CellBudget
) -> None:
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (TABLENS, "table"):
            tables.append(_table(child, Where(len(tables) + 1, 0, unit), budget))
        elif qname in ((TEXTNS, "p"), (TEXTNS, "h")) and not in_table:
            outside.append(teletype.extractText(child))
        elif qname is not None:
            _walk(child, tables, outside, in_table=in_table, unit=unit, budget=budget)


def _count(cell, attribute: str, most: int) -> int:  # type: ignore[no-untyped-def]
    """A repeat or span attribute as a count of 1 to `most`: a larger one is cut before it
    is read as a number (10^11, 5,000 digits), one that is no number ("abc") is 1."""
    value = str(cell.getAttrNS(TABLENS, attribute) or 1)
    if not (value.isascii() and value.isdigit()):
        return 1
    return most if len(value) > 9 else max(1, min(int(value), most))


def _table(table, at: Where, budget: CellBudget) -> Table:  # type: ignore[no-untyped-def]
    rows: list[Row] = []
    for number, tr in enumerate(_rows(table), start=1):
        cells: list[Cell | None] = []
        spanned = 0  # covered cells still to skip after a horizontal span (already filled)
        for tc in tr.childNodes:
            kind = getattr(tc, "qname", (None, None))
            if kind not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            times = _count(tc, "number-columns-repeated", MAX_REPEAT)
            if kind[1] == "covered-table-cell":
                budget.take(times)
                for _ in range(times):
                    if spanned:
                        spanned -= 1
                    else:
                        cells.append(None)  # covered by a cell merged from above
                continue
            span = _count(tc, "number-columns-spanned", MAX_SPAN)  # as DOCX's gridSpan
            budget.take(times * span)  # before they are multiplied out
            paragraphs = [p for p in tc.childNodes if getattr(p, "qname", None) == (TEXTNS, "p")]
            text = "\n".join(teletype.extractText(p) for p in paragraphs)
            for _ in range(times):
                cells += [Cell(text, Where(at.page, number, at.unit))] * span
            spanned = span - 1
        rows.append(cells)
    return rows


def _rows(table):  # type: ignore[no-untyped-def]
    for child in table.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (TABLENS, "table-row"):
            yield child
        elif qname in (
            (TABLENS, "table-rows"),
            (TABLENS, "table-header-rows"),
            (TABLENS, "table-row-group"),
        ):
            yield from _rows(child)
