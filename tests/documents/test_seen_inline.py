"""A cell's words as its reader sees them apart (blind11 F14, M13, M9, M10): a line break, a
tab, a non-breaking hyphen, a symbol, a footnote mark in superscript and a table nested in the
cell keep the words of a cell as they are printed — never glued ("marzecII nabór: wrzesień
2027" lost a round, "MarzecKwiecień 2027" became the whole year, "do 31.03.20271" did not
read, "Festiwal zagnieżdżona Styczeń 2027" was a title) — in every format that has them."""

from __future__ import annotations

import pytest
from seen_documents import (
    TITLE,
    docx_document,
    html_document,
    imported,
    odf_table,
    ods_document,
    odt_document,
    tasks,
    xlsx_document,
)

from notifier.core.periods import DatedPeriod, parse_period


def _t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _w(*parts: str) -> str:
    """One DOCX run of text pieces ("<w:…/>" elements as given)."""
    inner = "".join(
        p if p.startswith("<") else f'<w:t xml:space="preserve">{p}</w:t>' for p in parts
    )
    return f"<w:r>{inner}</w:r>"


TWO_ROUNDS = "I nabór: marzec II nabór: wrzesień 2027"
# A line break inside a cell, as each format writes it (Shift+Enter, <br>, Alt+Enter).
LINE_BREAKS = {
    "docx-br": ("docx", _w("I nabór: marzec", "<w:br/>", "II nabór: wrzesień 2027")),
    "docx-cr": ("docx", _w("I nabór: marzec", "<w:cr/>", "II nabór: wrzesień 2027")),
    "docx-page-break": (
        "docx",
        _w("I nabór: marzec", '<w:br w:type="page"/>', "II nabór: wrzesień 2027"),
    ),
    "odt": ("odt", "I nabór: marzec<text:line-break/>II nabór: wrzesień 2027"),
    "ods": ("ods", "I nabór: marzec<text:line-break/>II nabór: wrzesień 2027"),
    "html": ("html", "I nabór: marzec<br>II nabór: wrzesień 2027"),
    "xlsx": ("xlsx", "I nabór: marzec\nII nabór: wrzesień 2027"),
}


def _document(kind: str, rows: list[list[str]]) -> tuple[bytes, str]:
    build = {
        "docx": docx_document,
        "odt": odt_document,
        "ods": ods_document,
        "html": html_document,
        "xlsx": xlsx_document,
    }[kind]
    return build(rows), f"harmonogram-2027.{kind}"


@pytest.mark.parametrize("case", LINE_BREAKS, ids=list(LINE_BREAKS))
def test_a_line_break_in_a_cell_parts_its_lines_in_every_format(case: str) -> None:
    kind, period = LINE_BREAKS[case]
    result = imported(*_document(kind, [["1.", "Festiwal", period]]))
    assert tasks(result) == [("Festiwal", TWO_ROUNDS)]
    read = parse_period(TWO_ROUNDS, 2027)
    assert isinstance(read, DatedPeriod)
    assert len(read.windows) == 2


# DOCX inline elements, each as Word prints it, in a task's title and period
DOCX_INLINE = {
    "tab": (_w("Upowszechnianie kultury", "<w:tab/>", "fizycznej"), "Upowszechnianie kultury fizycznej"),
    "positional-tab": (_w("kultury", '<w:ptab w:relativeTo="margin" w:alignment="left" w:leader="none"/>', "fizycznej"), "kultury fizycznej"),
    "no-break-hyphen": (_w("marzec", "<w:noBreakHyphen/>", "kwiecień 2027"), "marzec-kwiecień 2027"),
    "soft-hyphen": (_w("Upowszech", "<w:softHyphen/>", "nianie kultury"), "Upowszechnianie kultury"),
    "symbol-slash": (_w("Marzec", '<w:sym w:font="Symbol" w:char="F02F"/>', "Kwiecień 2027"), "Marzec/Kwiecień 2027"),
    "symbol-picture": (_w("Marzec", '<w:sym w:font="Wingdings" w:char="F0E0"/>', "Kwiecień 2027"), "Marzec Kwiecień 2027"),
    "symbol-unicode": (_w("marzec", '<w:sym w:font="Times New Roman" w:char="2013"/>', "kwiecień 2027"), "marzec–kwiecień 2027"),
    "runs-in-hyperlink": ('<w:hyperlink w:anchor="x">' + _t("Maj ") + "</w:hyperlink>" + _t("2027"), "Maj 2027"),
    "tab-stops-are-no-tabs": ('<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' + _t("Maj 2027"), "Maj 2027"),
}  # fmt: skip


def _placed(markup: str, shown: str, kind: str) -> tuple[list[list[str]], tuple[str, str]]:
    """A task row with `markup` in the cell it belongs in (a period's or a title's), and the
    task expected from it."""
    if any(c.isdigit() for c in shown):  # a period
        return [["1.", "Festiwal", markup]], ("Festiwal", shown)
    return [["1.", markup, "Maj 2027"]], (shown, "Maj 2027")


@pytest.mark.parametrize("case", DOCX_INLINE, ids=list(DOCX_INLINE))
def test_docx_inline_elements_are_read_as_word_prints_them(case: str) -> None:
    rows, expected = _placed(*DOCX_INLINE[case], "docx")
    result = imported(docx_document(rows), "harmonogram-2027.docx")
    assert tasks(result) == [expected]


# The same kinds in ODT and HTML: a tab, spaces, a soft page break, a break opportunity and a
# soft hyphen (no space), a non-breaking hyphen character
OTHER_INLINE = {
    "odt-tab": ("odt", "kultury<text:tab/>fizycznej", "kultury fizycznej"),
    "odt-spaces": ("odt", 'kultury<text:s text:c="3"/>fizycznej', "kultury fizycznej"),
    "odt-soft-page-break": ("odt", "kultury <text:soft-page-break/>fizycznej", "kultury fizycznej"),
    "odt-no-break-hyphen": ("odt", "marzec\u2011kwiecień 2027", "marzec\u2011kwiecień 2027"),
    "html-wbr": ("html", "Upowszech<wbr>nianie kultury", "Upowszechnianie kultury"),
    "html-soft-hyphen": ("html", "Upowszech&shy;nianie kultury", "Upowszechnianie kultury"),
    "html-tab": ("html", "kultury\tfizycznej", "kultury fizycznej"),
}


@pytest.mark.parametrize("case", OTHER_INLINE, ids=list(OTHER_INLINE))
def test_the_same_inline_kinds_read_alike_in_odt_and_html(case: str) -> None:
    kind, markup, shown = OTHER_INLINE[case]
    rows, expected = _placed(markup, shown, kind)
    result = imported(*_document(kind, rows))
    assert tasks(result) == [expected]


def _sup_docx(mark: str) -> str:
    return (
        _t("do 31.03.2027")
        + f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>{mark}</w:t></w:r>'
    )


_RAISED_STYLE = '<style:style style:name="Sup" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>'
FOOTNOTE_MARKS = {
    "html-sup": ("html", "do 31.03.2027<sup>1</sup>", ""),
    "html-sup-in-parens": ("html", "do 31.03.2027<sup>(1)</sup>", ""),
    "docx-vertAlign": ("docx", _sup_docx("1"), ""),
    "docx-character-style": ("docx", _t("do 31.03.2027") + '<w:r><w:rPr><w:rStyle w:val="Przypis"/></w:rPr><w:t>1</w:t></w:r>',
                             '<w:style w:type="character" w:styleId="Przypis"><w:name w:val="Przypis"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'),
    "odt-text-position": ("odt", 'do 31.03.2027<text:span text:style-name="Sup">1</text:span>', _RAISED_STYLE),
    "odt-footnote": ("odt", ('do 31.03.2027<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                            "<text:note-body><text:p>Termin orientacyjny</text:p></text:note-body></text:note>"), ""),
}  # fmt: skip


@pytest.mark.parametrize("case", FOOTNOTE_MARKS, ids=list(FOOTNOTE_MARKS))
def test_a_footnote_mark_in_superscript_after_a_date_is_a_note_not_a_digit_of_it(
    case: str,
) -> None:
    kind, markup, styles = FOOTNOTE_MARKS[case]
    rows = [["1.", "Edukacja ekologiczna", markup]]
    data = {
        "html": lambda: html_document(rows),
        "docx": lambda: docx_document(rows, styles=styles),
        "odt": lambda: odt_document(rows, styles=styles),
    }[kind]()
    result = imported(data, f"harmonogram-2027.{kind}")
    assert tasks(result) == [("Edukacja ekologiczna", "do 31.03.2027¹")]
    read = parse_period("do 31.03.2027¹", 2027)
    assert isinstance(read, DatedPeriod)
    assert read.note == "przypis „¹” w druku"
    assert "bez roku" not in result.review  # 2027 is the printed year, "¹" a mark after it
    assert "Termin orientacyjny" not in result.toml  # a footnote's text is no part of the cell


def test_a_superscript_that_is_no_mark_stays_apart_and_minutes_stay_minutes() -> None:
    rows = [
        ["1.", "Festiwal<sup>a</sup>", "do godz. 15<sup>30</sup> 3 marca 2027 r."],
        ["2.", "Boisko 100 m<sup>2</sup>", "Maj 2027"],
    ]
    result = imported(html_document(rows), "harmonogram-2027.html")
    assert tasks(result) == [
        ("Festiwal a", "do godz. 15³⁰ 3 marca 2027 r."),
        ("Boisko 100 m²", "Maj 2027"),
    ]


_NESTED_DOCX = (
    f"<w:p>{_t('Festiwal')}</w:p><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
    f"<w:tc><w:p>{_t('zagnieżdżona')}</w:p></w:tc><w:tc><w:p>{_t('Styczeń 2027')}</w:p></w:tc>"
    "</w:tr></w:tbl>"
)
_NESTED_ODF = (
    "<text:p>Festiwal</text:p>"
    + odf_table([], name="Wewnętrzna").split("<table:table-row>")[0]
    + "<table:table-row><table:table-cell><text:p>zagnieżdżona</text:p></table:table-cell>"
    "<table:table-cell><text:p>Styczeń 2027</text:p></table:table-cell></table:table-row>"
    "</table:table>"
)
_NESTED_HTML = "Festiwal<table><tr><td>zagnieżdżona</td><td>Styczeń 2027</td></tr></table>"


@pytest.mark.parametrize(
    ("kind", "markup"),
    [("docx", _NESTED_DOCX), ("odt", _NESTED_ODF), ("html", _NESTED_HTML)],
    ids=["docx", "odt", "html"],
)
def test_a_table_nested_in_a_task_cell_is_no_part_of_the_title(kind: str, markup: str) -> None:
    """The nested table is read as a table of its own, skipped and named; the harmonogram
    around it is read, and so is the rest of it split off by a page break (DOCX)."""
    rows = [["1.", markup, "Maj 2027"], ["2.", "Koncert", "Czerwiec 2027"]]
    data = {
        "docx": lambda: docx_document(rows, after="<w:p/>" + _continued_docx()),
        "odt": lambda: odt_document(rows),
        "html": lambda: html_document(rows),
    }[kind]()
    result = imported(data, f"harmonogram-2027.{kind}")
    expected = [("Festiwal", "Maj 2027"), ("Koncert", "Czerwiec 2027")]
    if kind == "docx":
        expected.append(("Plener", "Lipiec 2027"))
    assert tasks(result) == expected
    assert "pominięto tabelę „zagnieżdżona | Styczeń 2027”" in result.review


def _continued_docx() -> str:
    """The harmonogram's table going on after a page break, without its header."""
    cells = "".join(f"<w:tc><w:p>{_t(t)}</w:p></w:tc>" for t in ("3.", "Plener", "Lipiec 2027"))
    grid = "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    return f"<w:tbl>{grid}<w:tr>{cells}</w:tr></w:tbl>"


def test_a_layout_table_around_a_pages_harmonogram_is_not_read_as_a_table() -> None:
    """A page laid out in a table (an old BIP: menu in one cell, content in the other) keeps
    its harmonogram: the table with more rows than the one around it is the content."""
    inner = html_document([["1.", "Festiwal", "Maj 2027"], ["2.", "Koncert", "Czerwiec 2027"]])
    table = inner.decode().split("<main>")[1].split("</main>")[0]
    page = (
        '<html><head><meta charset="utf-8"></head><body><table><tr><td>Strona główna<br>'
        f"Ogłoszenia</td><td>{table}</td></tr></table></body></html>"
    )
    result = imported(page.encode(), "harmonogram-2027.html")
    assert tasks(result) == [("Festiwal", "Maj 2027"), ("Koncert", "Czerwiec 2027")]
    assert result.imported.title == TITLE
    assert "Strona główna" not in result.review
