"""HTML via lxml: a whole BIP page (menus, cookie banners, footers and other tables around
the schedule) or a fragment pasted into a CMS. Every <table> becomes a table with rowspan and
colspan resolved; the table reader keeps only those with task and period columns."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, HeadedTable, Table, heading_of
from notifier.documents.encoding import Decoded, decode_document
from notifier.documents.html_seen import (
    Page,
    own_text,
    placed,
    raise_superscripts,
    take_out_unseen,
)
from notifier.documents.safety import MAX_SPAN, CellBudget, refuse_dtd
from notifier.documents.unseen import Unseen

_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "section", "article")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOISE = ("script", "style", "noscript", "template", "svg", "iframe", "form")


def html_tables(
    data: bytes, name: str
) -> tuple[list[Table], str, list[Table], str | None, list[Unseen]]:
    """The page's tables (a nested one before the table holding it), its visible text outside
    them, the tables of its frame (menus, sidebars, calendar widgets, footers:
    `_in_page_frame`), which are no harmonogram and are only named in the review, the
    review's note on how its characters were read (encoding.decode_document), if any, and
    what a reader of the page does not see or sees struck, taken out (notifier.documents.
    html_seen)."""
    refuse_dtd(data, name)
    decoded = _decoded(data, name)
    page, nul = _nul_kept(decoded.text)
    try:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, huge_tree=False)
        root = lxml.html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError):
        raise DocumentError(f"Plik {name} nie jest poprawną stroną HTML.") from None
    _refuse_cut_short(parser, name)
    for element in [*root.iter(*_NOISE), *root.iter("head")]:
        element.drop_tree()  # <title> names the site ("BIP – Urząd Miasta"), not the plan
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    numbers = {table: n for n, table in enumerate(root.iter("table"), start=1)}  # hidden too
    marked = take_out_unseen(root)
    raise_superscripts(root)
    tables: list[Table] = []
    frame: list[Table] = []
    elements = []
    budget = CellBudget(name)
    cells: dict[lxml.html.HtmlElement, tuple[Where, str | None]] = {}
    own_rows = dict.fromkeys(numbers, 0)
    for tr in root.iter("tr"):
        owner = _owner(tr)
        if owner is not None:
            own_rows[owner] += 1
    for _, table in etree.iterwalk(root, events=("end",), tag="table"):  # nested ones first
        if _layout(table, own_rows):
            continue  # a layout table around the real one: the inner one is read
        if _in_page_frame(table):  # a menu's, sidebar's, calendar widget's or footer's
            frame.append(_grid(table, numbers[table], budget, {}))
            continue
        tables.append(HeadedTable(_grid(table, numbers[table], budget, cells), _own_heading(table)))
        elements.append(table)
    unseen = placed(marked, Page(cells, numbers, set(elements), _in_page_frame))
    heading = _heading_before(
        root, max(elements, key=lambda t: len(t.findall(".//tr")), default=None)
    )
    for table in [*root.iter("table"), *root.iter("nav")]:  # a <nav> is the site's menu
        if table.getparent() is not None:
            table.drop_tree()
    for block in root.iter(*_BLOCKS):  # "…</p><p>…" is two lines of the page's text, not one
        block.tail = "\n" + (block.tail or "")
    text = root.text_content()
    if nul:  # each NUL back where the page had it, for the importer to remove and name
        text, heading = text.replace(nul, "\x00"), heading.replace(nul, "\x00")
        tables, frame = _with_nul(tables, nul), _with_nul(frame, nul)
    return tables, f"{heading}\n{text}" if heading else text, frame, decoded.note, unseen


def _layout(table: lxml.html.HtmlElement, own_rows: dict[lxml.html.HtmlElement, int]) -> bool:
    """Is `table` a page's layout around a table nested in it (the harmonogram in one of
    its cells) rather than a table with a small one nested in a cell (blind11 M10)? It is
    when the largest table nested in it has as many rows as it has itself, or more
    (`own_rows`: each table's own rows, not its nested tables')."""
    inner = max((own_rows[t] for t in table.iter("table") if t is not table), default=-1)
    return inner >= own_rows[table]


def _nul_kept(page: str) -> tuple[str, str]:
    """`page` with each NUL as a private-use character it does not hold, and that character
    ("" when the page has no NUL): libxml2 reads a NUL as U+FFFD, as browsers do, which would
    leave "W\ufffdydział" in a name instead of a control character the importer removes and
    names with its cell (blind10a M6)."""
    if "\x00" not in page:
        return page, ""
    held = set(page)
    stand_in = next((c for c in map(chr, range(0xE000, 0xF900)) if c not in held), None)
    if stand_in is None:  # every private-use character in the page: the NUL goes, unnamed
        return page.replace("\x00", ""), ""
    return page.replace("\x00", stand_in), stand_in


def _with_nul(tables: list[Table], stand_in: str) -> list[Table]:
    """`tables` with `stand_in` back as NUL in their cells (a merged cell stays one object)."""
    done: dict[int, Cell] = {}

    def back(cell: Cell | None) -> Cell | None:
        if cell is None or stand_in not in cell.text:
            return cell
        if id(cell) not in done:
            done[id(cell)] = Cell(cell.text.replace(stand_in, "\x00"), cell.where)
        return done[id(cell)]

    return [
        HeadedTable([[back(cell) for cell in row] for row in table], heading_of(table))
        for table in tables
    ]


# the page's frame around its content: landmarks and the classes CMSs give them
_FRAME_TAGS = ("nav", "aside", "footer", "header")
_FRAME_ROLES = ("navigation", "complementary", "contentinfo", "banner", "search", "menu")
_FRAME_NAME_RE = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|nawigacja|menu|sidebar|side-bar|boczn\w*|widget"
    r"|calendar|kalendarz\w*|footer|stopka|breadcrumbs?|okruszki|cookies?)($|[\s_-])",
    re.IGNORECASE,
)


def _in_page_frame(table: lxml.html.HtmlElement) -> bool:
    """Is `table` part of the page's frame: inside a <nav>, <aside>, <header> or <footer>, an
    element with such a role, or one whose class or id names a menu, sidebar, widget,
    calendar or footer (a harmonogram is the page's content, never its frame)?"""
    node: lxml.html.HtmlElement | None = table
    while node is not None:
        if node.tag in _FRAME_TAGS or (node.get("role") or "").lower() in _FRAME_ROLES:
            return True
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _FRAME_NAME_RE.search(names):
            return True
        node = node.getparent()
    return False


def _refuse_cut_short(parser: lxml.html.HTMLParser, name: str) -> None:
    """DocumentError when libxml2 stopped reading part of the page at one of its limits
    (elements nested over 255 deep, a text node of gigabytes): what follows the limit is
    silently left out of the tree, so a schedule read from it would miss rows without
    saying so (blind round five: 100,000 nested <div>s read as a page without tasks)."""
    limits = [e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if not limits:
        return
    if any("depth" in e.message for e in limits):
        reason = "ma elementy zagnieżdżone zbyt głęboko (ponad 255 poziomów)"
    else:
        reason = "przekracza granice czytnika stron (np. bardzo długi tekst bez znaczników)"
    raise DocumentError(
        f"Strona {name} {reason}, więc nie da się jej odczytać w całości; nic nie "
        "zaimportowano. Prosimy skopiować z niej sam harmonogram (tabelę) do nowego "
        "dokumentu (DOCX, XLSX, PDF) albo zapisać stronę ponownie w edytorze i zaimportować "
        "jeszcze raz."
    )


def _heading_before(root: lxml.html.HtmlElement, table: lxml.html.HtmlElement | None) -> str:
    """The heading nearest before the page's largest table (its <caption>, else the last
    <h1>–<h6> or paragraph printed all in bold above it): the plan's own title, put first in
    the text the title is looked for in."""
    if table is None:
        return ""
    caption = table.find("caption")
    if caption is not None and caption.text_content().strip():
        return " ".join(caption.text_content().split())
    last = ""
    for element in root.iter():
        if element is table:
            break
        if not isinstance(element.tag, str):
            continue
        if element.tag in _HEADINGS or (element.tag == "p" and _all_bold(element)):
            text = " ".join(element.text_content().split())
            last = text or last
    return last


def _own_heading(table: lxml.html.HtmlElement) -> str:
    """The table's own heading: its <caption>, else a heading or bold paragraph right before
    it (a department's name above its table, when a page prints one table per department)."""
    caption = table.find("caption")
    if caption is None:
        caption = table.getprevious()
    if caption is None or not (
        caption.tag in (*_HEADINGS, "caption") or (caption.tag == "p" and _all_bold(caption))
    ):
        return ""
    return " ".join(caption.text_content().split())


def _all_bold(paragraph: lxml.html.HtmlElement) -> bool:
    """A paragraph whose text is all inside <strong>/<b> (a CMS editor's heading)."""
    bold = "".join(b.text_content() for b in paragraph.iter("strong", "b"))
    text = paragraph.text_content()
    return bool(text.strip()) and "".join(bold.split()) == "".join(text.split())


def _decoded(data: bytes, name: str) -> Decoded:
    """The page's text (encoding.decode_document) without its XML declaration, which lxml
    refuses in a str ("Unicode strings with encoding declaration are not supported")."""
    decoded = decode_document(data, name, page=True)
    text = _XML_DECLARATION.sub("", decoded.text, count=1)
    return Decoded(text, decoded.note)


_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def _grid(
    table: lxml.html.HtmlElement,
    number: int,
    budget: CellBudget,
    cells: dict[lxml.html.HtmlElement, tuple[Where, str | None]],
) -> Table:
    """The table's rows of Cells (rowspan and colspan laid out); each cell (td, th) and row
    (tr) read goes into `cells` with its place (and a cell's text), for the review."""
    rows: list[list[Cell | None]] = []
    below: dict[tuple[int, int], bool] = {}  # (row, column) covered by a rowspan from above
    trs = [tr for tr in table.iter("tr") if _owner(tr) is table]
    for r, tr in enumerate(trs):
        row: list[Cell | None] = []
        column = 0
        where = Where(number, r + 1, "tabela")
        cells[tr] = (where, None)
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while below.get((r, column)):
                row.append(None)
                column += 1
            text = "\n".join(line.strip() for line in own_text(td).splitlines())
            cell = Cell(text.strip(), where)
            cells[td] = (where, cell.text)
            colspan, rowspan = _span(td.get("colspan")), _span(td.get("rowspan"))
            budget.take(colspan * rowspan)
            for k in range(rowspan):
                for c in range(colspan):
                    if k:
                        below[(r + k, column + c)] = True
            row += [cell] * colspan
            column += colspan
        while below.get((r, column)):
            row.append(None)
            column += 1
        rows.append(row)
    return rows


def _owner(tr: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1
