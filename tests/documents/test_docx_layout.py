"""A DOCX table as Word lays it out (blind12 N1, N2, N14): content controls, custom XML and
the other wrappers Word shows the content of are transparent at every level — rows of a table,
cells of a row, paragraphs of a cell, runs of a paragraph — and a row's cells stand under the
grid columns Word puts them in (`w:gridBefore`, `w:gridAfter`, `w:gridSpan`, `w:hMerge`,
`w:vMerge`). Rows in a content control were dropped without a word and a wrapped cell moved
the next column in ("konkurs wieloletni" became three tasks' period)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from seen_documents import HEADER, docx_document, docx_row, docx_rows_table, imported, tasks

ROWS = [
    ["1.", "Festiwal muzyczny", "Styczeń 2027"],
    ["2.", "Turniej szachowy", "II kwartał 2027"],
    ["3.", "Klub seniora", "Marzec 2027"],
    ["4.", "Noclegownia", "do 15 marca 2027 r."],
]
EXPECTED = [(title, period) for _, title, period in ROWS]


def _sdt(inner: str) -> str:
    return f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>"


def _custom(inner: str) -> str:
    return f'<w:customXml w:element="zadanie">{inner}</w:customXml>'


def _cell(text: str) -> str:
    return f'<w:tc><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'


def _rows_wrapped(wrap: Callable[[str], str], together: bool) -> list[str]:
    """Rows 2–4 each in a wrapper, or all three in one (Word's repeating section)."""
    rows = [docx_row(r) for r in ROWS]
    if together:
        return [rows[0], wrap("".join(rows[1:]))]
    return [rows[0], *(wrap(r) for r in rows[1:])]


ROW_WRAPPERS = {
    "sdt-each-row": _rows_wrapped(_sdt, together=False),
    "sdt-around-rows": _rows_wrapped(_sdt, together=True),
    "custom-xml-each-row": _rows_wrapped(_custom, together=False),
    "custom-xml-around-rows": _rows_wrapped(_custom, together=True),
    "sdt-in-custom-xml": _rows_wrapped(lambda r: _custom(_sdt(r)), together=True),
}


@pytest.mark.parametrize("case", ROW_WRAPPERS, ids=list(ROW_WRAPPERS))
def test_rows_inside_content_controls_and_custom_xml_are_read(case: str) -> None:
    table = docx_rows_table(ROW_WRAPPERS[case])
    result = imported(docx_document([], table=table), "harmonogram-2027.docx")
    assert tasks(result) == EXPECTED


def _period_cells_wrapped(wrap: Callable[[str], str]) -> list[str]:
    return [docx_row([n, title, wrap(_cell(period))]) for n, title, period in ROWS]


CELL_WRAPPERS = {
    "sdt-cell": _period_cells_wrapped(_sdt),
    "custom-xml-cell": _period_cells_wrapped(_custom),
    "sdt-paragraph-in-cell": [
        docx_row([n, t, f"<w:tc>{_sdt(f'<w:p><w:r><w:t>{p}</w:t></w:r></w:p>')}</w:tc>"])
        for n, t, p in ROWS
    ],
}


@pytest.mark.parametrize("case", CELL_WRAPPERS, ids=list(CELL_WRAPPERS))
def test_a_cell_inside_a_content_control_stays_in_its_column(case: str) -> None:
    rows = CELL_WRAPPERS[case]
    remarks = ["Uwagi"]
    # a remarks column after the period: a skipped cell moved it into the period's place
    rows = [r.replace("</w:tr>", _cell("konkurs wieloletni") + "</w:tr>") for r in rows]
    table = docx_rows_table(rows, header=[*HEADER, *remarks])
    result = imported(docx_document([], table=table), "harmonogram-2027.docx")
    assert tasks(result) == EXPECTED


RUN_WRAPPERS = {
    "sdt": _sdt('<w:r><w:t xml:space="preserve">Marzec </w:t></w:r>'),
    "smart-tag": '<w:smartTag w:uri="u" w:element="date"><w:r><w:t xml:space="preserve">Marzec </w:t></w:r></w:smartTag>',
    "field": '<w:fldSimple w:instr="DATE"><w:r><w:t xml:space="preserve">Marzec </w:t></w:r></w:fldSimple>',
    "insertion": '<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve">Marzec </w:t></w:r></w:ins>',
    "move-to": '<w:moveTo w:id="1" w:author="a"><w:r><w:t xml:space="preserve">Marzec </w:t></w:r></w:moveTo>',
    "custom-xml": _custom('<w:r><w:t xml:space="preserve">Marzec </w:t></w:r>'),
}  # fmt: skip


@pytest.mark.parametrize("case", RUN_WRAPPERS, ids=list(RUN_WRAPPERS))
def test_runs_inside_wrappers_are_read(case: str) -> None:
    period = RUN_WRAPPERS[case] + "<w:r><w:t>2027</w:t></w:r>"
    result = imported(docx_document([["1.", "Festiwal", period]]), "harmonogram-2027.docx")
    assert tasks(result) == [("Festiwal", "Marzec 2027")]


def test_a_row_with_grid_before_has_its_cells_under_their_columns() -> None:
    """Task 2 has no Lp. cell and `w:gridBefore="1"`: Word shows an empty first column."""
    rows = [docx_row(r) for r in ROWS]
    rows[1] = docx_row(ROWS[1][1:], '<w:gridBefore w:val="1"/>')
    table = docx_rows_table(rows)
    result = imported(docx_document([], table=table), "harmonogram-2027.docx")
    assert tasks(result) == EXPECTED


def test_grid_after_and_a_span_keep_the_columns_of_the_header() -> None:
    """A row missing its remark (`w:gridAfter`), a row with no number whose period spans the
    period and remarks columns (`w:gridBefore`, `w:gridSpan`), and the remarks column read in
    place."""
    header = [*HEADER, "Uwagi"]
    spanned = f'<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>{ROWS[1][2]}</w:t></w:r></w:p></w:tc>'
    rows = [
        docx_row([*ROWS[0], "konkurs wieloletni"]),
        docx_row([ROWS[1][1], spanned], '<w:gridBefore w:val="1"/>'),
        docx_row([ROWS[2][1], ROWS[2][2], "-"], '<w:gridBefore w:val="1"/>'),
        docx_row(ROWS[3][:3], '<w:gridAfter w:val="1"/>'),
    ]
    table = docx_rows_table(rows, header=header)
    result = imported(docx_document([], table=table), "harmonogram-2027.docx")
    assert tasks(result) == EXPECTED


def _merged(text: str, merge: str) -> str:
    return f"<w:tc><w:tcPr><w:{merge}/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_vertical_and_legacy_horizontal_merges_still_read_with_grid_before() -> None:
    """A period merged down (`w:vMerge`) over a row that starts with `w:gridBefore`, and the
    department row merged by the legacy `w:hMerge`: one period for both tasks, one
    department row."""
    rows = [
        docx_row(["1.", "Festiwal muzyczny", _merged("Styczeń 2027", 'vMerge w:val="restart"')]),
        docx_row(["Turniej szachowy", _merged("", "vMerge")], '<w:gridBefore w:val="1"/>'),
    ]
    department = docx_row(
        [
            _merged("Wydział Sportu", 'hMerge w:val="restart"'),
            _merged("", "hMerge"),
            _merged("", "hMerge"),
        ]
    )
    rows += [department, docx_row(ROWS[2])]
    table = docx_rows_table(rows)
    result = imported(docx_document([], table=table), "harmonogram-2027.docx")
    assert tasks(result) == [
        ("Festiwal muzyczny", "Styczeń 2027"),
        ("Turniej szachowy", "Styczeń 2027"),
        ("Klub seniora", "Marzec 2027"),
    ]
    departments = [d.name for d in result.imported.departments]
    assert departments[-1] == "Wydział Sportu"


def _note(kind: str = "footnote", custom: str = "") -> str:
    follows = ' w:customMarkFollows="1"' if custom else ""
    mark = f"<w:t>{custom}</w:t>" if custom else ""
    return f'<w:r><w:{kind}Reference w:id="2"{follows}/>{mark}</w:r>'


_MAY = "<w:r><w:t>Maj 2027</w:t></w:r>"
NOTES = {
    # a footnote's reference with no style: the mark is still printed raised
    "footnote": (_MAY + _note(), "Maj 2027¹"),
    "endnote": (_MAY + _note("endnote"), "Maj 2027¹"),
    "custom-mark": (_MAY + _note(custom="*"), "Maj 2027*"),
}


@pytest.mark.parametrize("case", NOTES, ids=list(NOTES))
def test_a_footnote_mark_is_kept_as_a_note_and_its_text_is_not_in_the_cell(case: str) -> None:
    """ODT's text:note is read the same way (tests/documents/test_seen_inline.py); Word keeps
    the note's text in its own part, which is no cell's."""
    runs, shown = NOTES[case]
    second = ["2.", "<w:r><w:t>Turniej</w:t></w:r>" + _note(), "Czerwiec 2027"]
    result = imported(docx_document([["1.", "Festiwal", runs], second]), "harmonogram-2027.docx")
    title = "Turniej²" if case == "footnote" else "Turniej¹"  # numbered in order, by kind
    assert tasks(result) == [("Festiwal", shown), (title, "Czerwiec 2027")]
