"""A web page's text as a browser shows it (blind11 F10, M9, M10): what it hides or strikes
through is taken out of the page before its tables are read, a footnote mark in superscript
stays apart from the date before it, and a table nested in a cell is no part of the cell.

Taken out (each decided by what a sighted reader of the page sees):
- `hidden` (also "until-found"), `style="display:none"`, `visibility:hidden|collapse`: not
  shown at all;
- `<del>`, `<s>`, `<strike>` and `style="text-decoration: line-through"`: shown struck, the old
  date a BIP page keeps beside the new one after a change — not the date the city now prints.
Kept: `aria-hidden="true"` (hidden from screen readers only: a sighted reader sees it), `<ins>`
(the new text), text hidden by a stylesheet's class (the page's CSS is not read).

The review names what was taken out of the tables read (cell, row), a table hidden whole and
struck text outside tables; other hidden text outside tables, and anything in the page's frame,
is the page's own machinery (a drop-down menu, a cookie banner's second page) and is left out
without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html

from notifier.core.importing.model import Where
from notifier.documents.unseen import HIDDEN, STRUCK, Unseen, superscript

_STRUCK_TAGS = ("del", "s", "strike")
_MARK = "data-notifier-unseen"
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "th")
_DISPLAY_NONE_RE = re.compile(r"(?:^|;)\s*display\s*:\s*none\b", re.IGNORECASE)
_INVISIBLE_RE = re.compile(r"(?:^|;)\s*visibility\s*:\s*(?:hidden|collapse)\b", re.IGNORECASE)
_STRUCK_RE = re.compile(r"(?:^|;)\s*text-decoration(?:-line)?\s*:[^;]*line-through", re.IGNORECASE)


@dataclass(frozen=True)
class Marked:
    """An element taken out of the page: the mark left in its place, why, and its text."""

    mark: lxml.html.HtmlElement
    kind: str
    element: lxml.html.HtmlElement
    text: str


def _kind(element: lxml.html.HtmlElement) -> str | None:
    """HIDDEN or STRUCK for an element a reader does not see or sees struck, else None."""
    style = element.get("style") or ""
    if element.get("hidden") is not None or _DISPLAY_NONE_RE.search(style):
        return HIDDEN
    if _INVISIBLE_RE.search(style):
        return HIDDEN
    if element.tag in _STRUCK_TAGS or _STRUCK_RE.search(style):
        return STRUCK
    return None


def take_out_unseen(root: lxml.html.HtmlElement) -> list[Marked]:
    """Replace every element of `root` a reader does not see (or sees struck) by an empty
    mark (keeping what follows it), outermost first; the marks and what they replaced."""
    marked: list[Marked] = []
    stack = [root]
    while stack:
        element = stack.pop()
        for child in list(element):
            if not isinstance(child.tag, str):
                continue
            kind = _kind(child)
            if kind is None:
                stack.append(child)
                continue
            text = child.text_content() if child.tag not in ("tr", "table") else _cells(child)
            mark = child.makeelement("span", {_MARK: str(len(marked))})
            mark.tail = child.tail
            element.replace(child, mark)
            marked.append(Marked(mark, kind, child, text))
    order = {element: n for n, element in enumerate(root.iter())}
    return sorted(marked, key=lambda m: order[m.mark])


def _cells(element: lxml.html.HtmlElement) -> str:
    """A row's or table's cells as the review quotes them: "2 | Koncert | maj 2027"."""
    texts = (" ".join(td.text_content().split()) for td in element.iter("td", "th"))
    return " | ".join(t for t in texts if t)


def raise_superscripts(root: lxml.html.HtmlElement) -> None:
    """Each <sup>'s text as the cell keeps it (notifier.documents.unseen.superscript): "do
    31.03.2027<sup>1</sup>" is "do 31.03.2027¹", a footnote mark, not the year 20271."""
    for sup in list(root.iter("sup")):
        text = sup.text_content()
        for child in list(sup):
            sup.remove(child)
        sup.text = superscript(text)


# Elements a browser shows on lines of their own: in a cell, the items of a list, paragraphs
# and divisions are lines apart as a <br> makes them (blind12 m11: "dzieciTurniej").
_LINE_BLOCKS = frozenset(
    (
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "hr",
        "main",
        "nav",
        "details",
        "summary",
        "center",
    )
)


def own_text(element: lxml.html.HtmlElement) -> str:
    """The element's text without that of the tables nested in it (they are read as tables
    of their own), a block element (a list item, a paragraph) on lines of its own."""
    parts: list[str] = []
    _own_text(element, parts)
    return "".join(parts)


def _own_text(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    parts.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str) and child.tag != "table":
            block = child.tag in _LINE_BLOCKS
            if block:
                _line_ends(parts)
            _own_text(child, parts)
            if block:
                _line_ends(parts)
        parts.append(child.tail or "")


def _line_ends(parts: list[str]) -> None:
    """A line ends here, unless it has just ended or nothing is written yet (one block after
    another is one break)."""
    for piece in reversed(parts):
        written = piece.rstrip(" \t")
        if written:
            if not written.endswith("\n"):
                parts.append("\n")
            return


@dataclass(frozen=True)
class Page:
    """Where a page's text was read: each read cell (td, th) and row (tr) with its place and,
    for a cell, its text; each table by its number and those read; the page's frame."""

    cells: dict[lxml.html.HtmlElement, tuple[Where, str | None]]
    numbers: dict[lxml.html.HtmlElement, int]
    read: set[lxml.html.HtmlElement]
    framed: Callable[[lxml.html.HtmlElement], bool]


def placed(marked: list[Marked], page: Page) -> list[Unseen]:
    """What was taken out, each with its place: the cell or row of a table read, a table
    read, a table hidden whole outside the page's frame (it may be the harmonogram: named,
    so a page whose only harmonogram is hidden says why none was found), or — struck text
    only — the page's text outside tables. Anything else is the page's machinery: unnamed."""
    found: list[Unseen] = []
    for item in marked:
        unseen = _place(item, page)
        if unseen is not None:
            found.append(unseen)
    return found


def _rows_above(mark: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The rows before a row's mark, nearest first (its own table section's, then earlier
    sections' last rows)."""
    rows = [e for e in mark.itersiblings(preceding=True) if e.tag == "tr"]
    for section in (
        mark.getparent().itersiblings(preceding=True) if mark.getparent() is not None else []
    ):
        rows += reversed(list(section.iter("tr")))
    return rows


def _place(item: Marked, page: Page) -> Unseen | None:
    tag = item.element.tag
    what = {"tr": "ukryty wiersz", "table": "tabelę ukrytą na stronie"}.get(tag, item.kind)
    if tag in ("tr", "table") and item.kind == STRUCK:
        what = "przekreślony wiersz" if tag == "tr" else "tabelę przekreśloną"
    block: lxml.html.HtmlElement | None = None
    for ancestor in item.mark.iterancestors():
        if ancestor in page.cells:
            where, left = page.cells[ancestor]
            return Unseen(str(where), what, item.text, left)
        if ancestor.tag == "table":
            if ancestor in page.read:
                rows = [r for r in _rows_above(item.mark) if r in page.cells]
                above = f", pod wierszem {page.cells[rows[0]][0].row}" if rows else ""
                return Unseen(f"tabela {page.numbers[ancestor]}{above}", what, item.text)
            return None  # a table of the page's frame or layout: its machinery
        if block is None and ancestor.tag in _BLOCKS:
            block = ancestor
    if tag == "table" and not page.framed(item.mark):
        return Unseen(f"tabela {page.numbers[item.element]}", what, item.text)
    if item.kind != STRUCK or page.framed(item.mark):
        return None  # hidden outside tables (a menu's, a banner's), or in the page's frame
    left = " ".join(block.text_content().split()) if block is not None else None
    return Unseen(str(Where(0, 0)), what, item.text, left)
