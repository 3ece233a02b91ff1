"""Small harmonograms built in memory in each format, a cell given as the format's own markup
("<w:r><w:rPr><w:vanish/></w:rPr><w:t>I</w:t></w:r>", "<del>Styczeń 2027</del>"), for the
tests of what a document's reader sees (tests/documents/test_seen_*.py).

Every document has the title line, a header "Lp. | Nazwa zadania | Termin ogłoszenia", one
department row and the task rows given: [number, title, period] with each cell plain text or
markup. The markup is put into the XML as written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

import docx
import openpyxl
from openpyxl.workbook.workbook import Workbook

from notifier.documents import ImportResult, import_document

TITLE = "Harmonogram ogłaszania otwartych konkursów ofert w 2027 roku"
HEADER = ["Lp.", "Nazwa zadania", "Termin ogłoszenia"]
DEPARTMENT = "Wydział Kultury"
Rows = Sequence[Sequence[str]]


def imported(data: bytes, name: str) -> ImportResult:
    return import_document(data, name, city="Leszno")


def tasks(result: ImportResult) -> list[tuple[str, str | None]]:
    return [(t.title, t.period) for t in result.imported.tasks()]


# --- DOCX -------------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _runs(text: str) -> str:
    """A cell's paragraph content: markup as given, plain text as one run."""
    if text.lstrip().startswith("<"):
        return text
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _docx_cell(text: str, span: int = 1) -> str:
    grid = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    whole = text.lstrip().startswith(("<w:p>", "<w:p ", "<w:tbl"))  # paragraphs, not runs
    inner = text if whole else f"<w:p>{_runs(text)}</w:p>"
    if "<w:tbl" in inner and not inner.rstrip().endswith("</w:p>"):
        inner += "<w:p/>"  # a cell ends with a paragraph
    return f"<w:tc>{grid}{inner}</w:tc>"


def docx_table(rows: Rows, header: Sequence[str] = HEADER) -> str:
    out = ["<w:tbl><w:tblGrid>", *("<w:gridCol/>" for _ in header), "</w:tblGrid>"]
    out.append("<w:tr>" + "".join(_docx_cell(h) for h in header) + "</w:tr>")
    out.append(f"<w:tr>{_docx_cell(DEPARTMENT, len(header))}</w:tr>")
    for row in rows:
        out.append("<w:tr>" + "".join(_docx_cell(c) for c in row) + "</w:tr>")
    return "".join(out) + "</w:tbl>"


def docx_row(row: Sequence[str], properties: str = "") -> str:
    """A w:tr of `row` (each cell text, markup, or a whole "<w:tc…" / "<w:sdt…" as given)
    with `properties` (w:trPr's content)."""
    cells = "".join(
        c if c.startswith(("<w:tc", "<w:sdt", "<w:customXml")) else _docx_cell(c) for c in row
    )
    said = f"<w:trPr>{properties}</w:trPr>" if properties else ""
    return f"<w:tr>{said}{cells}</w:tr>"


def docx_rows_table(rows: Sequence[str], header: Sequence[str] = HEADER) -> str:
    """A w:tbl of the header, the department row and `rows`, each given as markup (docx_row,
    or rows wrapped in content controls)."""
    grid = "".join("<w:gridCol/>" for _ in header)
    department = f"<w:tr>{_docx_cell(DEPARTMENT, len(header))}</w:tr>"
    return (
        f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{docx_row(header)}{department}{''.join(rows)}</w:tbl>"
    )


def docx_document(
    rows: Rows, *, title: str = TITLE, styles: str = "", after: str = "", table: str = ""
) -> bytes:
    """A DOCX of the title paragraph (markup or text), the table of `rows` (or `table`, its
    markup as given) and `after` (more body markup); `styles` are w:style elements added to
    the document's styles."""
    written = io.BytesIO()
    docx.Document().save(written)
    body = f"<w:p>{_runs(title)}</w:p>{table or docx_table(rows)}{after}<w:sectPr/>"
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}>'
        f"<w:body>{body}</w:body></w:document>"
    )

    def rewrite(member: str, xml: bytes) -> bytes:
        if member == "word/document.xml":
            return document.encode()
        if member == "word/styles.xml" and styles:
            return xml.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
        return xml

    return _rezipped(written.getvalue(), rewrite)


# --- ODT / ODS ----------------------------------------------------------------------------

_ODF_NS = " ".join(
    f'xmlns:{p}="urn:oasis:names:tc:opendocument:xmlns:{n}:1.0"'
    for p, n in [
        ("office", "office"),
        ("text", "text"),
        ("table", "table"),
        ("style", "style"),
        ("fo", "xsl-fo-compatible"),
    ]
)
_ODF_TYPES = {"odt": "text", "ods": "spreadsheet"}


def _odf_cell(text: str, attributes: str = "") -> str:
    if text.startswith("<table:table-cell"):  # a whole cell, as given
        return text
    inner = text if text.lstrip().startswith(("<text:p", "<text:h", "<table:table ")) else (
        f"<text:p>{text if '<' in text else escape(text)}</text:p>"
    )  # fmt: skip
    return f'<table:table-cell office:value-type="string"{attributes}>{inner}</table:table-cell>'


def odf_row(row: Sequence[str], attributes: str = "") -> str:
    return (
        f"<table:table-row{attributes}>" + "".join(_odf_cell(c) for c in row) + "</table:table-row>"
    )


def odf_table(
    rows: Rows,
    *,
    name: str = "Harmonogram",
    attributes: str = "",
    row_attributes: dict[int, str] | None = None,
    columns: str = "",
    title_row: bool = False,
    title: str = TITLE,
) -> str:
    """A table:table of the header, department and `rows` (`row_attributes` by the index of
    a task row); a sheet's title as its first row when `title_row`."""
    said = row_attributes or {}
    out = [f'<table:table table:name="{name}"{attributes}>{columns}']
    if title_row:
        out.append(odf_row([title]))
    out.append(odf_row(HEADER))
    spanned = f' table:number-columns-spanned="{len(HEADER)}"'
    out.append(
        f"<table:table-row>{_odf_cell(DEPARTMENT, spanned)}"
        + "<table:covered-table-cell/>" * (len(HEADER) - 1)
        + "</table:table-row>"
    )
    out += [odf_row(row, said.get(i, "")) for i, row in enumerate(rows)]
    return "".join(out) + "</table:table>"


def odf_document(kind: str, body: str, *, styles: str = "") -> bytes:
    """An ODT or ODS (`kind`) whose body is `body` (markup) and automatic styles `styles`."""
    office = _ODF_TYPES[kind]
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NS} '
        f'office:version="1.2"><office:automatic-styles>{styles}</office:automatic-styles>'
        f"<office:body><office:{office}>{body}</office:{office}></office:body>"
        "</office:document-content>"
    )
    mimetype = f"application/vnd.oasis.opendocument.{office}"
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt_document(rows: Rows, *, title: str = TITLE, styles: str = "", after: str = "") -> bytes:
    """An ODT of the title paragraph (markup or text), the table of `rows`, then `after`."""
    heading = title if title.lstrip().startswith("<") else escape(title)
    return odf_document("odt", f"<text:p>{heading}</text:p>{odf_table(rows)}{after}", styles=styles)


def ods_document(rows: Rows, *, styles: str = "", **table: object) -> bytes:
    """An ODS of one sheet: the title row, the table of `rows` (odf_table's `table` options)."""
    return odf_document("ods", odf_table(rows, title_row=True, **table), styles=styles)  # type: ignore[arg-type]


# --- HTML ---------------------------------------------------------------------------------


def html_table(rows: Rows, attributes: dict[int, str] | None = None) -> str:
    said = attributes or {}
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    body = "".join(
        f"<tr{said.get(i, '')}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
        for i, row in enumerate(rows)
    )
    department = f'<tr><td colspan="{len(HEADER)}">{DEPARTMENT}</td></tr>'
    return f"<table><tr>{head}</tr>{department}{body}</table>"


def html_document(
    rows: Rows, *, title: str = TITLE, attributes: dict[int, str] | None = None, after: str = ""
) -> bytes:
    table = html_table(rows, attributes)
    page = (
        f'<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>BIP</title></head>'
        f"<body><main><h2>{title}</h2>{table}{after}</main></body></html>"
    )
    return page.encode()


# --- XLSX ---------------------------------------------------------------------------------


def xlsx_document(
    rows: Sequence[Sequence[object]], change: Callable[[Workbook], None] = lambda _: None
) -> bytes:
    """An XLSX of one sheet "Harmonogram": the title (row 1), the header (row 2), the
    department (row 3, merged across) and `rows` from row 4, then `change` made to it."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Harmonogram"
    sheet.append([TITLE])
    sheet.append(HEADER)
    sheet.append([DEPARTMENT])
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(HEADER))
    for row in rows:
        sheet.append(list(row))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rezipped(data: bytes, rewrite: Callable[[str, bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, rewrite(info.filename, source.read(info)))
    return out.getvalue()
