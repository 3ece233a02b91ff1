"""A span or a merge a document declares is counted from its declared size before anything is
multiplied out (F26's kind, blind round four, G5 and G6): a 5 kB XLSX with one
<mergeCell ref="A1:XFD1048576"/> took an import to 9.6 GB, and a 2 kB ODT or ODS cell with
table:number-columns-spanned="100000000" allocated gigabytes. A span is cut at MAX_SPAN
columns as DOCX's gridSpan and HTML's colspan are; cells laid out past MAX_LAID_OUT are
refused at once. Each hostile case is a few kB and is refused (or read) before it grows."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import Table, TableCell, TableRow
from odf.text import H, P

from notifier.core.importing.model import DocumentError
from notifier.documents import import_document
from notifier.documents.safety import MAX_LAID_OUT

ROWS = [
    ("Lp.", "Rodzaj zadania", "Termin"),
    ("1", "Wypoczynek dzieci i młodzieży", "marzec 2025"),
    ("2", "Organizacja festynu rodzinnego", "II kwartał 2025"),
]
TITLE = "Harmonogram ogłaszania otwartych konkursów ofert na 2025 rok"


def _xlsx(merges: list[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    for row in ROWS:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    if not merges:
        return out.getvalue()
    patched = io.BytesIO()
    declared = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges).encode()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.namelist():
            body = source.read(member)
            if member == "xl/worksheets/sheet1.xml":
                block = b'<mergeCells count="%d">%s</mergeCells>' % (len(merges), declared)
                body = re.sub(rb"</sheetData>", b"</sheetData>" + block, body)
            target.writestr(member, body)
    return patched.getvalue()


def _odf(spreadsheet: bool, span: str) -> bytes:
    document = OpenDocumentSpreadsheet() if spreadsheet else OpenDocumentText()
    if not spreadsheet:
        document.text.addElement(H(outlinelevel=1, text=TITLE))
    table = Table(name="Harmonogram")
    if spreadsheet:
        title = TableRow()
        cell = TableCell()
        cell.addElement(P(text=TITLE))
        title.addElement(cell)
        table.addElement(title)
    for number, texts in enumerate(ROWS):
        row = TableRow()
        for column, text in enumerate(texts):
            cell = TableCell()
            if number == 1 and column == 0:
                cell.setAttribute("numbercolumnsspanned", span)
            cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    (document.spreadsheet if spreadsheet else document.text).addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _refusal(data: bytes, name: str) -> str:
    with pytest.raises(DocumentError) as caught:
        import_document(data, name, city="Leszno", year=2025)
    return str(caught.value)


@pytest.mark.parametrize(
    "merges",
    [["A1:XFD1048576"], ["C4:C1048576"], ["A1:C1"] + [f"D{n}:F{n + 60}" for n in range(1, 600)]],
    ids=["whole-sheet", "one-column", "many-tall"],
)
def test_an_xlsx_merge_past_the_cells_any_harmonogram_has_is_refused_unexpanded(
    merges: list[str],
) -> None:
    data = _xlsx(merges)
    assert len(data) < 30_000
    message = _refusal(data, "scalone.xlsx")
    assert f"ponad {MAX_LAID_OUT} komórek (licząc komórki scalone)" in message


def test_an_xlsx_with_the_merges_a_harmonogram_has_imports() -> None:
    result = import_document(_xlsx(["A1:C1"]), "tytul.xlsx", city="Leszno", year=2025)
    assert "Organizacja festynu rodzinnego" in result.toml


@pytest.mark.parametrize("spreadsheet", [False, True], ids=["odt", "ods"])
@pytest.mark.parametrize("span", ["100000000", "100000000000", "9" * 5000, "abc"])
def test_an_odf_span_of_any_size_is_read_as_at_most_a_hundred_columns(
    spreadsheet: bool, span: str
) -> None:
    name = "rozpiete.ods" if spreadsheet else "rozpiete.odt"
    result = import_document(_odf(spreadsheet, span), name, city="Leszno", year=2025)
    assert 'period = "II kwartał 2025"' in result.toml


def test_html_spans_laid_out_past_the_limit_are_refused_before_they_are_made() -> None:
    """rowspan and colspan are each cut at a hundred, but ten thousand cells of 100 × 100
    would still be 10^8 cells: their declared sizes are counted first."""
    cell = '<td rowspan="100" colspan="100">x</td>'
    page = f"<table><tr><th>Rodzaj zadania</th><th>Termin</th></tr><tr>{cell * 11}</tr></table>"
    assert "licząc komórki scalone" in _refusal(page.encode(), "rozpiete.html")
