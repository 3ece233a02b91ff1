"""Small hostile documents of blind round 9a that a parser would take to the child process's
time or memory limit, each refused by its own bound (tests/documents/test_hostile_counts.py):
a sheet row numbered 99,999,999,999, an ODT run of 10^9 spaces, a PDF whose references loop
and one whose form XObjects paint each other many times. Used by make_import_fixtures.py;
the builders are also the tests' (each kind's variants are built there, small)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HEADER = ["Lp.", "Rodzaj zadania", "Termin ogłoszenia konkursu"]
ROWS = [
    ["1", "Wypoczynek dzieci i młodzieży", "marzec 2027"],
    ["2", "Organizacja festynu rodzinnego", "II kwartał 2027"],
]


def write_hostile(out: Path, reproducible_zip: Callable[[Path], None]) -> list[Path]:
    """Write the documents into `out`; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = {
        "wiersz-daleko.xlsx": sheet_with('<row r="99999999999"><c r="A99999999999" t="inlineStr">'
                                         "<is><t>x</t></is></c></row>"),
        "odstepy.odt": odt_with_cell_spaces("1000000000"),
        "petla-odwolan.pdf": reference_loop_pdf(),
        "formularze.pdf": forms_pdf(depth=4, times=30),
    }  # fmt: skip
    paths = []
    for name, data in written.items():
        (out / name).write_bytes(data)
        if name.endswith((".xlsx", ".odt")):
            reproducible_zip(out / name)
        paths.append(out / name)
    return paths


def sheet_with(rows_xml: str) -> bytes:
    """A small harmonogram workbook (openpyxl) with `rows_xml` added after its rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Harmonogram"
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return _rewritten(
        buffer.getvalue(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("</sheetData>", rows_xml + "</sheetData>"),
    )


def _rewritten(archive: bytes, member: str, change: Callable[[str], str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == member:
                body = change(body.decode("utf-8")).encode("utf-8")
            target.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt_with_cell_spaces(
    count: str, where: str = "cell", spreadsheet: bool = False, repeat: int = 1
) -> bytes:
    """An ODT (or ODS) harmonogram whose second task's title (`where` "cell"), or a paragraph
    before the table ("outside"), holds <text:s text:c="`count`"/> (`repeat` times)."""
    from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText  # noqa: PLC0415
    from odf.table import Table, TableCell, TableColumn, TableRow  # noqa: PLC0415
    from odf.text import P  # noqa: PLC0415

    document = OpenDocumentSpreadsheet() if spreadsheet else OpenDocumentText()
    body = document.spreadsheet if spreadsheet else document.text
    if not spreadsheet:
        title = P(text="Harmonogram otwartych konkursów ofert na 2027 rok MARK" if where ==
                  "outside" else "Harmonogram otwartych konkursów ofert na 2027 rok")  # fmt: skip
        body.addElement(title)
    table = Table(name="Harmonogram")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    for number, row in enumerate([HEADER, *ROWS]):
        tr = TableRow()
        for column, text in enumerate(row):
            cell = TableCell(valuetype="string")
            marked = where == "cell" and number == 2 and column == 1
            cell.addElement(P(text=text + (" MARK koniec" if marked else "")))
            tr.addElement(cell)
        table.addElement(tr)
    body.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    member = "content.xml"
    return _rewritten(
        buffer.getvalue(),
        member,
        lambda xml: re.sub(" ?MARK", f'<text:s text:c="{count}"/>' * repeat, xml, count=1),
    )


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (1 the catalog) with a correct cross-reference table."""
    out = b"%PDF-1.5\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    return out + trailer % (len(objects) + 1, xref)


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def reference_loop_pdf(loop: int = 2) -> bytes:
    """One page whose /Contents is object 4, a reference to 5, … back to 4 (`loop` objects
    that are each a reference to the next)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    objects += [b"%d 0 R" % (4 + (i + 1) % loop) for i in range(loop)]
    return pdf_of(objects)


def forms_pdf(
    depth: int,
    times: int,
    *,
    itself: bool = False,
    last: bytes = b"0 0 m 1 1 l S",
    pages: int = 1,
) -> bytes:
    """`pages` pages each painting form 1 once; form k paints form k+1 `times` times (`depth`
    forms, the last drawing `last`): times**(depth-1) paintings of the last a page. With
    `itself`, each form paints itself too (pdfminer skips that: a loop is no multiplication)."""
    content = 3 + pages
    first = content + 1
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
        b"/Resources << /XObject << /F %d 0 R >> >> >>" % (content, first)
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        *[page] * pages,
        _stream(b"/F Do"),
    ]
    for level in range(depth):
        own = first + level
        deepest = level == depth - 1
        body = last if deepest else b"/F Do " * times
        names = b"" if deepest else b"/F %d 0 R " % (own + 1)
        if itself:
            body += b" /S Do"
            names += b"/S %d 0 R " % own
        entries = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        entries += b"/Resources << /XObject << %s>> >> " % names
        objects.append(_stream(body, entries))
    return pdf_of(objects)
