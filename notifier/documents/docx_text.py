"""The text of a DOCX paragraph or table cell as Word shows it (blind11 F10, F14, M9, M10).

python-docx's `w:t` alone glued what Word keeps apart and read what Word does not show. Here
a run's inline elements are read as Word prints them: a line break (`w:br`, `w:cr`, Shift+Enter)
is a new line, as a new paragraph is; a tab (`w:tab`, `w:ptab`) a space; a non-breaking hyphen
"-"; a soft hyphen nothing (as a soft hyphen character is removed elsewhere); a symbol
(`w:sym`) its character when it is a plain one ("/" of the Symbol font), else a space. A
superscript run is a footnote mark or kept apart (notifier.documents.unseen.superscript).
Text Word does not show (`w:vanish`, `w:specVanish`: "Ukryty", by the run, its character
style or its paragraph's style), struck text (`w:strike`, `w:dstrike`) and tracked deletions
(`w:del`, `w:moveFrom`) are skipped and recorded. `w:webHidden` text is read: it is hidden
only in Word's web view and printed like any other, and a harmonogram is what the city prints.
A table nested in a cell is no part of the cell's text: it is read as a table of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml.ns import qn
from lxml import etree

from notifier.documents.unseen import DELETED, HIDDEN, STRUCK, ShownText, Skipped

_HIDING = (qn("w:vanish"), qn("w:specVanish"))
_STRIKING = (qn("w:strike"), qn("w:dstrike"))
_OFF = ("0", "false", "off", "none")
_BREAKS = {qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): " ", qn("w:ptab"): " "}
_BREAKS |= {qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}
_DELETIONS = (qn("w:del"), qn("w:moveFrom"))
# run content that is no text of the cell: a drawing's or shape's own paragraphs (a text box)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_NOT_TEXT = (qn("w:drawing"), qn("w:pict"), qn("w:object"), f"{_MC}AlternateContent")
# a symbol font's character codes (U+F020–U+F0FF) that are plain characters in the Symbol font
_SYMBOL_PLAIN = frozenset(" !#%&()+,./0123456789:;<=>?[]_{|}")
_SYMBOL_FONTS = ("symbol",)


class Styles:
    """The run properties Word applies by style: hidden, struck, superscript, by style id
    (character and paragraph styles, each with the styles it is based on)."""

    def __init__(self, styles: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        if styles is not None:
            for style in styles.iter(qn("w:style")):
                self._styles.setdefault(style.get(qn("w:styleId")) or "", style)
        self._done: dict[tuple[str, str], bool | None] = {}

    def flag(self, style_id: str | None, what: str) -> bool | None:
        """Does style `style_id` (or one it is based on) set `what` ("hidden", "struck",
        "super"): True or False when one says so, None when none does."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            key = (style_id, what)
            if key in self._done:
                return self._done[key]
            style = self._styles.get(style_id)
            if style is None:
                return None
            said = _flag(style.find(qn("w:rPr")), what)
            if said is not None:
                self._done[key] = said
                return said
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return None


def _on(element: etree._Element) -> bool:
    return (element.get(qn("w:val")) or "true").lower() not in _OFF


def _flag(rpr: etree._Element | None, what: str) -> bool | None:
    """What the run properties `rpr` say of `what`, None when they say nothing."""
    if rpr is None:
        return None
    if what == "super":
        align = rpr.find(qn("w:vertAlign"))
        return None if align is None else align.get(qn("w:val")) == "superscript"
    for tag in _HIDING if what == "hidden" else _STRIKING:  # on in any of them
        found = rpr.find(tag)
        if found is not None and _on(found):
            return True
    said = _HIDING if what == "hidden" else _STRIKING
    return False if any(rpr.find(t) is not None for t in said) else None


_NOTES = (qn("w:footnoteReference"), qn("w:endnoteReference"))


def note_marks(body: etree._Element) -> dict[etree._Element, str]:
    """The mark Word prints for each footnote and endnote reference of `body`: its number in
    order of appearance (Word's own numbering; an endnote's "i" is written as a number too, a
    note mark either way), "" where the mark is the run's own text (`w:customMarkFollows`)."""
    marks: dict[etree._Element, str] = {}
    counts = dict.fromkeys(_NOTES, 0)
    for reference in body.iter(*_NOTES):
        custom = reference.get(qn("w:customMarkFollows"))
        if custom is not None and custom.lower() not in _OFF:
            marks[reference] = ""
            continue
        counts[reference.tag] += 1
        marks[reference] = str(counts[reference.tag])
    return marks


class TextReader:
    """Reads paragraphs and cells of one document with its styles and its note marks
    (note_marks): a footnote's mark is kept as a superscript digit, the note's text (in the
    package's footnotes part) is never part of the cell (blind12 N6)."""

    def __init__(self, styles: Styles, marks: dict[etree._Element, str] | None = None) -> None:
        self.styles = styles
        self.marks = marks or {}

    def cell_text(self, tc: etree._Element, skipped: Skipped) -> str:
        """The cell's paragraphs, one a line, without its nested tables' text."""
        lines = []
        for p in own_paragraphs(tc):
            lines.append(self.paragraph_text(p, skipped))
            skipped.apart()
        return "\n".join(lines)

    def paragraph_text(self, p: etree._Element, skipped: Skipped) -> str:
        """The paragraph's text as Word shows it; what it does not show goes to `skipped`."""
        ppr = p.find(qn("w:pPr"))
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        paragraph_style = pstyle.get(qn("w:val")) if pstyle is not None else None
        shown = ShownText()
        for run, deleted in _runs(p):
            hidden, struck, up = (self._run_flag(run, paragraph_style, w) for w in _FLAGS)
            text = _run_text(run, self.marks)
            up = up or any(child.tag in _NOTES for child in run)  # a note's mark is raised
            if deleted or hidden or struck:
                skipped.skip(DELETED if deleted else HIDDEN if hidden else STRUCK, text)
                continue
            skipped.seen(text)
            shown.add(text, raised=up)
        return shown.text()

    def _run_flag(self, run: etree._Element, paragraph_style: str | None, what: str) -> bool:
        rpr = run.find(qn("w:rPr"))
        said = _flag(rpr, what)
        if said is None and rpr is not None:
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                said = self.styles.flag(rstyle.get(qn("w:val")), what)
        if said is None:
            said = self.styles.flag(paragraph_style, what)
        return bool(said)


_FLAGS = ("hidden", "struck", "super")


# Elements Word shows the content of as if they were not there (blind12 N1, N2): a content
# control, custom XML, a smart tag, a field, a link, a tracked insertion or move's new place.
# A row, a cell, a paragraph or a run may be inside any of them, at any depth.
_WRAPPING = ("sdt", "sdtContent", "customXml", "smartTag", "fldSimple", "hyperlink", "ins")
WRAPPERS = frozenset(qn(f"w:{tag}") for tag in (*_WRAPPING, "moveTo", "dir", "bdo"))


def unwrapped(container: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The `tag` children of `container` in order, those inside WRAPPERS too (a table's rows
    in a content control, a row's cell in one), but not those of a nested table or of a
    tracked deletion (`w:del`, `w:moveFrom`: Word's final view does not show them)."""
    stack = list(reversed(container))
    while stack:
        child = stack.pop()
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            stack.extend(reversed(child))


def own_paragraphs(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs of a cell (or body) in order, inside content controls and custom XML
    too, but not those of a table nested in it."""
    return unwrapped(container, qn("w:p"))


def _runs(p: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """The paragraph's runs in order (inside hyperlinks, insertions, fields, content controls
    and smart tags too), each with whether it is a tracked deletion."""
    stack: list[tuple[etree._Element, bool]] = [(c, False) for c in reversed(p)]
    while stack:
        node, deleted = stack.pop()
        if not isinstance(node.tag, str) or node.tag == qn("w:pPr"):
            continue
        if node.tag == qn("w:r"):
            yield node, deleted
        elif node.tag not in _NOT_TEXT and node.tag != qn("w:tbl"):
            inner = deleted or node.tag in _DELETIONS
            stack.extend((c, inner) for c in reversed(node))


def _run_text(run: etree._Element, marks: dict[etree._Element, str]) -> str:
    """A run's text: its w:t (w:delText of a deletion), note marks and inline elements as Word
    prints them."""
    parts = []
    for child in run:
        tag = child.tag
        if tag in (qn("w:t"), qn("w:delText")):
            parts.append(child.text or "")
        elif tag in _NOTES:
            parts.append(marks.get(child, ""))
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
        elif tag == qn("w:sym"):
            parts.append(_symbol(child))
    return "".join(parts)


def _symbol(sym: etree._Element) -> str:
    """The character of `<w:sym w:font="Symbol" w:char="F02F"/>` when it is a plain one ("/"),
    else a space: a symbol font's picture (Wingdings' arrow) is no text, but it parts words."""
    font = (sym.get(qn("w:font")) or "").strip().lower()
    try:
        code = int(sym.get(qn("w:char")) or "", 16)
    except ValueError:
        return " "
    if 0xF000 <= code <= 0xF0FF:  # a symbol font's own code: plain only in the Symbol font
        char = chr(code - 0xF000)
        return char if font in _SYMBOL_FONTS and char in _SYMBOL_PLAIN else " "
    char = chr(code) if 0x20 <= code < 0xD800 else " "
    return char if char.isprintable() else " "
