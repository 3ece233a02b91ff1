"""ODT and ODS (LibreOffice) via odfpy: tables with spanned and covered cells, and the
paragraphs outside them."""

from __future__ import annotations

import io

from odf import opendocument, teletype
from odf.namespaces import TABLENS, TEXTNS

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_reader import Cell, Row, Table
from notifier.documents.safety import safe_zip

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
    _walk(document.body, tables, outside, in_table=False, unit=unit)
    return tables, "\n".join(outside)


def _walk(node, tables: list[Table], outside: list[str], *, in_table: bool, unit: str) -> None:  # type: ignore[no-untyped-def]
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (TABLENS, "table"):
            tables.append(_table(child, Where(len(tables) + 1, 0, unit)))
        elif qname in ((TEXTNS, "p"), (TEXTNS, "h")) and not in_table:
            outside.append(teletype.extractText(child))
        elif qname is not None:
            _walk(child, tables, outside, in_table=in_table, unit=unit)


def _table(table, at: Where) -> Table:  # type: ignore[no-untyped-def]
    rows: list[Row] = []
    for number, tr in enumerate(_rows(table), start=1):
        cells: list[Cell | None] = []
        spanned = 0  # covered cells still to skip after a horizontal span (already filled)
        for tc in tr.childNodes:
            kind = getattr(tc, "qname", (None, None))
            if kind not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            times = min(int(tc.getAttrNS(TABLENS, "number-columns-repeated") or 1), MAX_REPEAT)
            if kind[1] == "covered-table-cell":
                for _ in range(times):
                    if spanned:
                        spanned -= 1
                    else:
                        cells.append(None)  # covered by a cell merged from above
                continue
            span = int(tc.getAttrNS(TABLENS, "number-columns-spanned") or 1)
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
