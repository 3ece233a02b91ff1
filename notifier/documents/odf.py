"""ODT and ODS (LibreOffice) via odfpy: tables with spanned and covered cells, and the
paragraphs outside them.

Every count a document declares is bounded before it is multiplied out: a repeated cell
(`table:number-columns-repeated`) and a span (`number-columns-spanned`) are cut and counted
(notifier.documents.safety.CellBudget), a repeated or spanned row (`number-rows-repeated`,
`number-rows-spanned`) is read once, and a run of spaces (`<text:s text:c="N"/>`, which odfpy's
teletype would write out as N spaces: 10^9 in a 1 kB ODT ran to the memory limit, blind round
9a) is refused past MAX_SPACES, and past MAX_SPACES_TOTAL for the whole document.
"""

from __future__ import annotations

import io

from odf import opendocument
from odf.element import Node
from odf.namespaces import TABLENS, TEXTNS

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Row, Table
from notifier.documents.broken_package import broken_part, broken_reason
from notifier.documents.safety import MAX_SPAN, CellBudget, safe_zip

MAX_REPEAT = 200  # a repeated empty row or column ("number-columns-repeated") counts once past this
# Spaces one <text:s text:c="N"/> may stand for: a line aligned by spaces has some dozens, and
# every cell's whitespace is normalised anyway. The document's together, written out.
MAX_SPACES = 1000
MAX_SPACES_TOTAL = 200_000


def odf_tables(data: bytes, name: str) -> tuple[list[Table], str]:
    """Every table:table as a table (a sheet of an ODS, a table of an ODT) and the text of
    the paragraphs outside tables."""
    checked = safe_zip(data, name)
    kind = "ODS" if name.lower().endswith(".ods") else "ODT"
    broken = broken_part(checked, ("content.xml",))  # odfpy would read on without the part
    try:
        if broken is None:
            document = opendocument.load(io.BytesIO(checked))
    except Exception as exc:  # noqa: BLE001 - odfpy raises many kinds for a broken package
        broken = broken_reason(checked, exc, kind)
    if broken is not None:
        raise DocumentError(
            f"Plik {name} nie jest poprawnym dokumentem {kind}: {broken}. Proszę otworzyć go "
            f"w edytorze (LibreOffice), zapisać ponownie jako {kind} albo PDF i zaimportować "
            "jeszcze raz."
        ) from None
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
            outside.append(_text(child, budget, "akapit poza tabelami"))
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
            where = Where(at.page, number, at.unit)
            text = "\n".join(_text(p, budget, f"komórka ({where})") for p in paragraphs)
            for _ in range(times):
                cells += [Cell(text, where)] * span
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


_SPACE = (TEXTNS, "s")
_WRITTEN = {(TEXTNS, "line-break"): "\n", (TEXTNS, "tab"): "\t"}


def _text(paragraph, budget: CellBudget, where: str) -> str:  # type: ignore[no-untyped-def]
    """The text of a paragraph as odfpy's teletype.extractText gives it (a line break as
    "\n", a tab as "\t", <text:s text:c="N"/> as N spaces), walked without recursion and
    refusing (DocumentError, Polish, naming `where`) a run of spaces past MAX_SPACES or the
    document's spaces past MAX_SPACES_TOTAL before any is written out."""
    parts: list[str] = []
    stack = list(reversed(paragraph.childNodes))
    while stack:
        node = stack.pop()
        if node.nodeType == Node.TEXT_NODE:
            parts.append(node.data)
            continue
        qname = getattr(node, "qname", None)
        if qname == _SPACE:
            count = _spaces(node, budget.name, where)
            budget.spaces += count
            if budget.spaces > MAX_SPACES_TOTAL:
                raise DocumentError(
                    f"Plik {budget.name} ma w tekście ponad {MAX_SPACES_TOTAL} odstępów "
                    "zapisanych znacznikami <text:s text:c>, a harmonogram ma ich najwyżej "
                    "kilkaset. Proszę sprawdzić, czy to właściwy plik."
                )
            parts.append(" " * count)
        elif qname in _WRITTEN:
            parts.append(_WRITTEN[qname])
        elif node.nodeType == Node.ELEMENT_NODE:
            stack.extend(reversed(node.childNodes))
    return "".join(parts)


def _spaces(node, name: str, where: str) -> int:  # type: ignore[no-untyped-def]
    """The spaces <text:s text:c="N"/> stands for (1 without a count, as teletype reads it);
    DocumentError past MAX_SPACES, read from its digits before any conversion."""
    value = str(node.getAttrNS(TEXTNS, "c") or "1").strip()
    if not (value.isascii() and value.isdigit()):
        return 1 if not value.lstrip("-").isdigit() else 0
    if len(value) > 6 or int(value) > MAX_SPACES:
        shown = value if len(value) <= 12 else value[:12] + "…"
        raise DocumentError(
            f"Plik {name}: {where} ma {shown} odstępów zapisanych jednym znacznikiem "
            f'(<text:s text:c="{shown}"/>) – import przyjmuje najwyżej {MAX_SPACES} naraz, a '
            "harmonogram nie ma takich odstępów. Proszę sprawdzić, czy to właściwy plik, albo "
            "poprawić ten tekst."
        )
    return int(value)
