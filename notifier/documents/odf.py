"""ODT and ODS (LibreOffice) via odfpy: tables with spanned and covered cells, and the
paragraphs outside them.

Every count a document declares is bounded before it is multiplied out: a repeated cell
(`table:number-columns-repeated`) and a span (`number-columns-spanned`) are cut and counted
(notifier.documents.safety.CellBudget), a repeated or spanned row (`number-rows-repeated`,
`number-rows-spanned`) is read once, and a run of spaces (`<text:s text:c="N"/>`, which odfpy's
teletype would write out as N spaces: 10^9 in a 1 kB ODT ran to the memory limit, blind round
9a) is refused past MAX_SPACES, and past MAX_SPACES_TOTAL for the whole document.

What LibreOffice does not show is not read, and is named in the review (notifier.documents.
unseen): text hidden or struck by its style (notifier.documents.odf_styles), a tracked
deletion, a hidden sheet (`table:display="false"`), a hidden row or column
(`table:visibility="collapse"` or "filter"). A table nested in a cell is a table of its own.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from odf import opendocument
from odf.element import Node
from odf.namespaces import OFFICENS, TABLENS, TEXTNS, XMLNS

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.quoting import printed
from notifier.core.importing.table_cells import Cell, Row, Table
from notifier.documents.broken_package import broken_part, broken_reason
from notifier.documents.odf_dates import date_cell_text
from notifier.documents.odf_styles import PLAIN, Look, OdfStyles, hidden_at
from notifier.documents.safety import MAX_SPAN, CellBudget, safe_zip
from notifier.documents.unseen import (
    DELETED,
    HIDDEN,
    STRUCK,
    ShownText,
    Skipped,
    Unseen,
    cell_texts,
    hidden_named,
    without_hidden,
)

MAX_REPEAT = 200  # a repeated empty row or column ("number-columns-repeated") counts once past this
# Spaces one <text:s text:c="N"/> may stand for: a line aligned by spaces has some dozens, and
# every cell's whitespace is normalised anyway. The document's together, written out.
MAX_SPACES = 1000
MAX_SPACES_TOTAL = 200_000


def odf_tables(data: bytes, name: str) -> tuple[list[Table], str, list[Unseen]]:
    """Every table:table as a table (a sheet of an ODS, a table of an ODT), the text of the
    paragraphs outside tables, and what LibreOffice does not show, skipped."""
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
    unit = "arkusz" if name.lower().endswith(".ods") else "tabela"  # as a clerk finds it
    reading = _Reading(document, unit, CellBudget(name))
    reading.walk(document.body, PLAIN)
    return reading.tables, "\n".join(reading.outside), reading.unseen


def _count(cell, attribute: str, most: int) -> int:  # type: ignore[no-untyped-def]
    """A repeat or span attribute as a count of 1 to `most`: a larger one is cut before it
    is read as a number (10^11, 5,000 digits), one that is no number ("abc") is 1."""
    value = str(cell.getAttrNS(TABLENS, attribute) or 1)
    if not (value.isascii() and value.isdigit()):
        return 1
    return most if len(value) > 9 else max(1, min(int(value), most))


_TABLE = (TABLENS, "table")
_PARAGRAPHS = ((TEXTNS, "p"), (TEXTNS, "h"))
_SECTION = (TEXTNS, "section")
_TRACKED = (TEXTNS, "tracked-changes")
_CHANGE = (TEXTNS, "change")
_NOTE = (TEXTNS, "note")
_CITATION = (TEXTNS, "note-citation")
_SPAN = (TEXTNS, "span")
_ANNOTATION = (OFFICENS, "annotation")
_SPACE = (TEXTNS, "s")
_WRITTEN = {(TEXTNS, "line-break"): "\n", (TEXTNS, "tab"): "\t"}
_CELLS = ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell"))
_COLUMN = (TABLENS, "table-column")
_ROW_GROUPS = (
    (TABLENS, "table-rows"),
    (TABLENS, "table-header-rows"),
    (TABLENS, "table-row-group"),
)
_COLUMN_GROUPS = (
    (TABLENS, "table-columns"),
    (TABLENS, "table-header-columns"),
    (TABLENS, "table-column-group"),
)


class _Reading:
    """One document read as LibreOffice shows it: its tables (a table nested in a cell before
    the table holding it), its paragraphs outside tables, and what it does not show (hidden
    or struck text, a tracked deletion, a hidden sheet, row or column: notifier.documents.
    unseen), skipped and recorded."""

    def __init__(  # type: ignore[no-untyped-def]
        self, document, unit: str, budget: CellBudget
    ) -> None:
        self.styles = OdfStyles(document)
        self.unit = unit
        self.budget = budget
        self.tables: list[Table] = []
        self.outside: list[str] = []
        self.unseen: list[Unseen] = []
        self.numbered = 0  # tables met so far, hidden ones too: "arkusz 2" is the second
        self.deleted = _deletions(document.body)

    def walk(self, node, look: Look) -> None:  # type: ignore[no-untyped-def]
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname == _TABLE:
                self.table(child)
            elif qname in _PARAGRAPHS:
                skipped = Skipped()
                text = self.paragraph(child, look, skipped, "akapit poza tabelami")
                self.outside.append(text)
                self.unseen += skipped.found(str(Where(0, 0)), text)
            elif qname in (_TRACKED, _ANNOTATION):
                continue  # deleted text (shown where its change mark is), a comment
            elif qname is not None:
                self.walk(child, self.section_look(child, look))

    def section_look(self, node, look: Look) -> Look:  # type: ignore[no-untyped-def]
        """A text:section's look (hidden by `text:display="none"`), else `look`."""
        if getattr(node, "qname", None) != _SECTION:
            return look
        display = str(node.getAttrNS(TEXTNS, "display") or "").strip().lower()
        return Look(hidden=True).under(look) if display == "none" else look

    def table(self, table) -> None:  # type: ignore[no-untyped-def]
        self.numbered += 1
        at = Where(self.numbered, 0, self.unit)
        tables, unseen = len(self.tables), len(self.unseen)
        rows, hidden_rows = self.rows(table, at)
        hidden_columns = self.hidden_columns(table)
        if self.styles.table_hidden(table):  # nothing of it read: not its cells nor tables
            del self.tables[tables:], self.unseen[unseen:]
            name = printed(str(table.getAttrNS(TABLENS, "name") or ""), 40)
            kind = "tabelę w ukrytym arkuszu" if self.unit == "arkusz" else "tabelę ukrytą"
            self.unseen.append(Unseen(f"{self.unit} {at.page}", f"{kind} {name}", _first(rows)))
            return
        self.unseen += hidden_named(rows, hidden_rows, hidden_columns, at.page, self.unit)
        self.tables.append(without_hidden(rows, hidden_rows, hidden_columns))

    def rows(self, table, at: Where) -> tuple[list[Row], set[int]]:  # type: ignore[no-untyped-def]
        """The table's rows (cells: None where covered) and the indexes of its hidden ones."""
        rows: list[Row] = []
        hidden: set[int] = set()
        for number, tr in enumerate(_rows(table), start=1):
            where = Where(at.page, number, at.unit)
            if hidden_at(tr.getAttrNS(TABLENS, "visibility")):
                hidden.add(number - 1)
            rows.append(self.row(tr, where))
        return rows, hidden

    def row(self, tr, where: Where) -> list[Cell | None]:  # type: ignore[no-untyped-def]
        cells: list[Cell | None] = []
        spanned = 0  # covered cells still to skip after a horizontal span (already filled)
        for tc in tr.childNodes:
            kind = getattr(tc, "qname", (None, None))
            if kind not in _CELLS:
                continue
            times = _count(tc, "number-columns-repeated", MAX_REPEAT)
            if kind[1] == "covered-table-cell":
                self.budget.take(times)
                for _ in range(times):
                    if spanned:
                        spanned -= 1
                    else:
                        cells.append(None)  # covered by a cell merged from above
                continue
            span = _count(tc, "number-columns-spanned", MAX_SPAN)  # as DOCX's gridSpan
            self.budget.take(times * span)  # before they are multiplied out
            look = self.styles.look("table-cell", tc.getAttrNS(TABLENS, "style-name"))
            skipped = Skipped()
            lines = []
            for p, seen in self.cell_paragraphs(tc, look.under(PLAIN)):
                lines.append(self.paragraph(p, seen, skipped, f"komórka ({where})"))
                skipped.apart()
            text = "\n".join(lines)
            if tc.getAttrNS(OFFICENS, "value-type") == "date":  # "maj 27" is May 2027
                text = date_cell_text(text, tc.getAttrNS(OFFICENS, "date-value"))
            self.unseen += skipped.found(str(where), text)
            for _ in range(times):
                cells += [Cell(text, where)] * span
            spanned = span - 1
        return cells

    def cell_paragraphs(self, node, look: Look) -> Iterator[tuple[object, Look]]:  # type: ignore[no-untyped-def]
        """The paragraphs of a cell in order, each with the look around it (in lists and
        sections too); a table nested in the cell is read as a table of its own, before the
        one holding it (blind11 M10)."""
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in _PARAGRAPHS:
                yield child, look
            elif qname == _TABLE:
                self.table(child)
            elif qname is not None and qname[0] == TEXTNS and qname != _TRACKED:
                yield from self.cell_paragraphs(child, self.section_look(child, look))  # a list

    def hidden_columns(self, table) -> set[int]:  # type: ignore[no-untyped-def]
        """The indexes of the table's columns with `table:visibility` collapse or filter."""
        hidden: set[int] = set()
        index = 0
        stack = list(reversed(table.childNodes))
        while stack:
            node = stack.pop()
            qname = getattr(node, "qname", None)
            if qname in _COLUMN_GROUPS:
                stack.extend(reversed(node.childNodes))
            elif qname == _COLUMN:
                times = _count(node, "number-columns-repeated", MAX_REPEAT)
                if hidden_at(node.getAttrNS(TABLENS, "visibility")):
                    hidden.update(range(index, index + times))
                index += times
        return hidden

    def paragraph(  # type: ignore[no-untyped-def]
        self, paragraph, outer: Look, skipped: Skipped, where: str
    ) -> str:
        """The text of a paragraph as LibreOffice shows it (a line break as "\n", a tab as
        "\t", <text:s text:c="N"/> as N spaces), walked without recursion; hidden and struck
        text, a tracked deletion and a note's body are left out (a note's citation is a
        footnote mark, notifier.documents.unseen.superscript). A run of spaces past
        MAX_SPACES, or the document's past MAX_SPACES_TOTAL, is refused (DocumentError,
        Polish, naming `where`) before any is written out."""
        out = ShownText()
        own = self.styles.look("paragraph", paragraph.getAttrNS(TEXTNS, "style-name"))
        stack = [(c, own.under(outer)) for c in reversed(paragraph.childNodes)]

        def shown(text: str, look: Look) -> None:
            if look.hidden or look.struck:
                skipped.skip(HIDDEN if look.hidden else STRUCK, text)
                return
            skipped.seen(text)
            out.add(text, raised=bool(look.raised))

        while stack:
            node, look = stack.pop()
            if node.nodeType == Node.TEXT_NODE:
                shown(node.data, look)
                continue
            qname = getattr(node, "qname", None)
            if qname == _SPACE:
                shown(" " * self.spaces(node, where), look)
            elif qname in _WRITTEN:
                shown(_WRITTEN[qname], look)
            elif qname == _CHANGE:  # where a tracked deletion was
                change = str(node.getAttrNS(TEXTNS, "change-id") or "")
                skipped.skip(DELETED, self.deleted.get(change, ""))
            elif qname == _NOTE:
                citation = [c for c in node.childNodes if getattr(c, "qname", None) == _CITATION]
                for c in reversed(citation):
                    stack.append((c, Look(raised=True).under(look)))
            elif qname == _ANNOTATION:
                continue  # a comment, shown beside the text, not in it
            elif node.nodeType == Node.ELEMENT_NODE:
                inner = look
                if qname == _SPAN:
                    style = node.getAttrNS(TEXTNS, "style-name")
                    inner = self.styles.look("text", style).under(look)
                stack.extend((c, inner) for c in reversed(node.childNodes))
        return out.text()

    def spaces(self, node, where: str) -> int:  # type: ignore[no-untyped-def]
        count = _spaces(node, self.budget.name, where)
        self.budget.spaces += count
        if self.budget.spaces > MAX_SPACES_TOTAL:
            raise DocumentError(
                f"Plik {self.budget.name} ma w tekście ponad {MAX_SPACES_TOTAL} odstępów "
                "zapisanych znacznikami <text:s text:c>, a harmonogram ma ich najwyżej "
                "kilkaset. Proszę sprawdzić, czy to właściwy plik."
            )
        return count


def _rows(table):  # type: ignore[no-untyped-def]
    for child in table.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (TABLENS, "table-row"):
            yield child
        elif qname in _ROW_GROUPS:
            yield from _rows(child)


def _deletions(body) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The text of each tracked deletion (text:tracked-changes) by its change id, for the
    review: the deleted paragraphs' own text, not who deleted it when."""
    found: dict[str, str] = {}
    stack = list(body.childNodes)
    while stack:
        node = stack.pop()
        qname = getattr(node, "qname", None)
        if qname == _TRACKED:
            for region in node.childNodes:
                if getattr(region, "qname", None) != (TEXTNS, "changed-region"):
                    continue
                key = str(region.getAttrNS(TEXTNS, "id") or region.getAttrNS(XMLNS, "id") or "")
                texts = [_plain(p) for d in region.childNodes for p in _paragraphs_in(d)]
                found[key] = " ".join(t for t in texts if t)[:500]
        elif qname is not None and qname not in (_TABLE, *_PARAGRAPHS):
            stack.extend(node.childNodes)
    return found


def _paragraphs_in(node) -> list:  # type: ignore[no-untyped-def]
    if getattr(node, "qname", None) != (TEXTNS, "deletion"):
        return []
    return [p for p in node.childNodes if getattr(p, "qname", None) in _PARAGRAPHS]


def _plain(paragraph) -> str:  # type: ignore[no-untyped-def]
    """A deleted paragraph's words (its text nodes; no run of spaces written out)."""
    parts: list[str] = []
    stack = [paragraph]
    while stack:
        node = stack.pop()
        if node.nodeType == Node.TEXT_NODE:
            parts.append(node.data)
        elif node.nodeType == Node.ELEMENT_NODE:
            stack.extend(reversed(node.childNodes))
    return " ".join("".join(parts).split())[:500]


def _first(rows: Sequence[Row]) -> str:
    return " | ".join(t for row in rows[:3] if (t := cell_texts(row)))


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
