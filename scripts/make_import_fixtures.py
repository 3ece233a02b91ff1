#!/usr/bin/env python3
"""Render the harmonogram sources in tests/documents/sources/*.toml into the document formats
cities publish, as fixtures for the importer's tests (committed: `make test` needs no office
suite). Run after changing a source:  .venv/bin/python scripts/make_import_fixtures.py

Needs the optional extra `fixtures` (pip install -e '.[fixtures]': fpdf2 writes the PDFs;
python-docx, openpyxl and odfpy, already the importer's, write the others), the DejaVu Sans
font (Debian: fonts-dejavu-core) and pdftotext (Debian: poppler-utils) for the texts of
scripts/fixture_texts.py. Output: tests/documents/fixtures/<source>.<format>.

Reproducible: the same sources give the same bytes on every run (`make fixtures-check`
regenerates and fails on any difference). PDFs carry a fixed creation date; the zip archives
(DOCX, XLSX, ODT, ODS) are written again with one fixed timestamp per entry, their entries in
the writer's order (an ODF's stored `mimetype` first), and the dates inside docProps/core.xml
and meta.xml fixed (openpyxl stamps the time of saving there).
"""

from __future__ import annotations

import html
import re
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
from fixture_cases import write_cases
from fixture_copies import write_copies
from fixture_encodings import write_encodings
from fixture_extremes import write_bad, write_long
from fixture_hostile import write_hostile
from fixture_layouts import Slot, after, before, grid, list_lines
from fixture_pages import bip_page as page
from fixture_texts import write_cell_lines, write_layout_text, write_pdfminer_text
from import_variants import write_variants
from odf.element import Element
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests" / "documents" / "sources"
OUT = ROOT / "tests" / "documents" / "fixtures"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# PDFs with columns of aligned text only, in the layouts offices print (scripts/aligned_pdf.py):
# file suffix -> options; the plain "-aligned.pdf" of every source is fpdf's borderless table.
ALIGNED = {
    "leszno-2024": {
        "-aligned-top.pdf": {"valign": "top", "row_gap": 1.0, "split_rows": True},
        # a small page: a department's name in capitals broken by a page (its last word under
        # the repeated header), a name right above its "Zadania w zakresie …" scope
        "-aligned-pages.pdf": {
            "valign": "top",
            "row_gap": 1.5,
            "size": (148, 210),
            "split_rows": True,
        },
        "-aligned-bottom-pages.pdf": {
            "valign": "bottom",
            "row_gap": 1.5,
            "size": (148, 210),
            "split_rows": True,
        },
    },
    "kolumna-komorek-2025": {
        "-aligned-middle.pdf": {"valign": "middle", "row_gap": 2.5, "size": (230, 160)},
        "-aligned-gapless.pdf": {"valign": "top", "row_gap": 0.0, "size": (210, 148)},
    },
    "bez-komorek-2025": {
        "-aligned-bottom.pdf": {
            "valign": "bottom",
            "row_gap": 2.0,
            "size": (105, 148),
            "shares": (0.56, 0.44),
        },
    },
}
ALIGNED_WIDTHS = {2: (0.73, 0.27), 5: (0.06, 0.22, 0.4, 0.2, 0.12), 3: (0.06, 0.67, 0.27)}
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # every zip entry's timestamp
FIXED_STAMP = "2024-01-01T00:00:00Z"  # every date in an archive's metadata


def write_list_docx(source: dict, path: Path) -> None:  # type: ignore[type-arg]
    document = docx.Document()
    for text in [*before(source), *list_lines(source), *after(source)]:
        document.add_paragraph(text)
    document.save(path)
    reproducible_zip(path)


def write_list_html(source: dict, path: Path) -> None:  # type: ignore[type-arg]
    items = "\n".join(f"<p>{html.escape(x)}</p>" for x in list_lines(source))
    text = bip_page(source, items)
    path.write_text(text, encoding="utf-8")


def write_list_pdf(source: dict, path: Path) -> None:  # type: ignore[type-arg]
    from fpdf import FPDF  # noqa: PLC0415 - the `fixtures` extra

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for text in [*before(source), *list_lines(source), *after(source)]:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.output(str(path))


def write_docx(source: dict, rows: list[list[Slot | None]], path: Path) -> None:  # type: ignore[type-arg]
    document = docx.Document()
    for text in before(source):
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, slot in enumerate(row):
            if slot is None:
                continue
            cell = table.cell(r, c)
            lines = slot.text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            if slot.rowspan > 1 or slot.colspan > 1:
                cell.merge(table.cell(r + slot.rowspan - 1, c + slot.colspan - 1))
    for text in after(source):
        document.add_paragraph(text)
    document.save(path)
    reproducible_zip(path)


def write_xlsx(source: dict, rows: list[list[Slot | None]], path: Path) -> None:  # type: ignore[type-arg]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Harmonogram"
    for text in before(source):
        sheet.append([text])
    sheet.append([])
    top = len(before(source)) + 2  # the paragraphs, an empty row, then the table
    for r, row in enumerate(rows):
        for c, slot in enumerate(row):
            if slot is None:
                continue
            sheet.cell(top + r, c + 1, slot.text.replace("-\n", "").replace("\n", " "))
            if slot.rowspan > 1 or slot.colspan > 1:
                sheet.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + slot.rowspan - 1,
                    end_column=c + slot.colspan,
                )
    sheet.append([])
    for text in after(source):
        sheet.append([text])
    book.save(path)
    reproducible_zip(path)


def _odf_table(rows: list[list[Slot | None]]) -> Table:
    table = Table(name="Harmonogram")
    table.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
    for row in rows:
        tr = TableRow()
        for slot in row:
            if slot is None:
                tr.addElement(CoveredTableCell())
                continue
            attrs = {}
            if slot.rowspan > 1:
                attrs["numberrowsspanned"] = slot.rowspan
            if slot.colspan > 1:
                attrs["numbercolumnsspanned"] = slot.colspan
            cell = TableCell(valuetype="string", **attrs)
            for line in slot.text.split("\n"):
                cell.addElement(P(text=line))
            tr.addElement(cell)
        table.addElement(tr)
    return table


@contextmanager
def _own_odf_namespaces() -> Iterator[None]:
    """odfpy declares in each document every namespace any element of the process has used
    (a class-level dict): a document made here declares only its own, whatever came before."""
    before = dict(Element.namespaces)
    Element.namespaces.clear()
    try:
        yield
    finally:
        Element.namespaces.update({**before, **Element.namespaces})


def write_odt(source: dict, rows: list[list[Slot | None]], path: Path) -> None:  # type: ignore[type-arg]
    with _own_odf_namespaces():
        _write_odt(source, rows, path)
    reproducible_zip(path)


def _write_odt(source: dict, rows: list[list[Slot | None]], path: Path) -> None:  # type: ignore[type-arg]
    document = OpenDocumentText()
    for text in before(source):
        document.text.addElement(P(text=text))
    document.text.addElement(_odf_table(rows))
    for text in after(source):
        document.text.addElement(P(text=text))
    document.save(str(path))


def write_ods(source: dict, rows: list[list[Slot | None]], path: Path) -> None:  # type: ignore[type-arg]
    with _own_odf_namespaces():
        _write_ods(source, rows, path)
    reproducible_zip(path)


def _write_ods(source: dict, rows: list[list[Slot | None]], path: Path) -> None:  # type: ignore[type-arg]
    document = OpenDocumentSpreadsheet()
    width = len(rows[0])
    flat = [[Slot(text)] + [Slot("")] * (width - 1) for text in before(source)]
    flat += rows
    flat += [[Slot(text)] + [Slot("")] * (width - 1) for text in after(source)]
    single = [
        [
            None
            if s is None
            else Slot(s.text.replace("-\n", "").replace("\n", " "), s.rowspan, s.colspan)
            for s in row
        ]
        for row in flat
    ]
    document.spreadsheet.addElement(_odf_table(single))
    document.save(str(path))


_DATES = re.compile(
    rb"(<(?:dcterms:created|dcterms:modified|meta:creation-date|dc:date)\b[^>]*>)[^<]*(<)"
)


def reproducible_zip(path: Path) -> None:
    """Write the archive at `path` again so that it depends on its content only: each entry
    keeps its name, order and compression, with FIXED_TIME and fixed attributes; metadata
    dates become FIXED_STAMP."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for old, body in entries:
            if old.filename in ("docProps/core.xml", "meta.xml"):
                body = _DATES.sub(rb"\g<1>" + FIXED_STAMP.encode() + rb"\2", body)
            info = zipfile.ZipInfo(old.filename, date_time=FIXED_TIME)
            info.compress_type = old.compress_type
            info.create_system = 3
            info.external_attr = 0o644 << 16
            out.writestr(info, body, compresslevel=6)


def write_pdf(source: dict, rows: list[list[Slot | None]], path: Path, *, ruled: bool) -> None:  # type: ignore[type-arg]
    from fpdf import FPDF  # noqa: PLC0415 - the `fixtures` extra: only the PDF writers need it

    pdf = FPDF(orientation=source.get("pdf_orientation", "P"), unit="mm", format="A4")
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))  # the same bytes on every run
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for text in before(source):
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = {2: (130, 50), 5: (10, 40, 75, 35, 20), 3: (10, 120, 50), 4: (10, 95, 30, 45)}
    widths = tuple(source.get("pdf_widths") or widths[len(rows[0])])
    heading_rows = 2 if source["layout"] == "month-marks" else 1
    with pdf.table(
        num_heading_rows=heading_rows,
        col_widths=widths,
        borders_layout="ALL" if ruled else "NONE",
        repeat_headings=1,
        line_height=5,
        padding=2 if ruled else (3, 1),
        text_align="LEFT",
    ) as table:
        for row in rows:
            out = table.row()
            for slot in row:
                if slot is not None:
                    text = slot.text.replace("-\n", "").replace("\n", " ")
                    out.cell(text, rowspan=slot.rowspan, colspan=slot.colspan)
    pdf.ln(4)
    for text in after(source):
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _html_table(rows: list[list[Slot | None]]) -> str:
    out = ['<table border="1">']
    for r, row in enumerate(rows):
        tag = "th" if r == 0 else "td"
        cells = []
        for slot in row:
            if slot is None:
                continue
            spans = (f' rowspan="{slot.rowspan}"' if slot.rowspan > 1 else "") + (
                f' colspan="{slot.colspan}"' if slot.colspan > 1 else ""
            )
            text = "<br>".join(html.escape(x) for x in slot.text.split("\n"))
            cells.append(f"<{tag}{spans}>{text}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(source: dict, rows: list[list[Slot | None]], path: Path, *, page: bool) -> None:  # type: ignore[type-arg]
    table = _html_table(rows)
    if page:
        text = bip_page(source, table)
    else:  # pasted into a CMS editor: a fragment, no <html>, inline styles
        text = (
            "".join(
                f'<p style="text-align:center"><strong>{html.escape(x)}</strong></p>\n'
                for x in before(source)
            )
            + f"{table}\n"
            + "".join(f"<p><em>{html.escape(x)}</em></p>\n" for x in after(source))
        )
    path.write_text(text, encoding="utf-8")


def bip_page(source: dict, table: str) -> str:  # type: ignore[type-arg]
    """The whole BIP page around `table` (scripts/fixture_pages.py); the sidebar before the
    article in an odd year's document, after it in an even year's."""
    return page(
        source["city"],
        f"<h2>{html.escape(source['title'])}</h2>"
        + "".join(f"\n<p>{html.escape(x)}</p>" for x in before(source)[1:]),
        table,
        "</p>\n<p>".join(html.escape(x) for x in after(source)),
        sidebar_first=source["year"] % 2 == 1,
    )


LIST_WRITERS = {".docx": write_list_docx, ".pdf": write_list_pdf, ".html": write_list_html}


def main() -> int:
    """Write every fixture; print each path."""
    from aligned_pdf import write_aligned_pdf  # noqa: PLC0415 - needs fpdf2 (`fixtures` extra)

    OUT.mkdir(parents=True, exist_ok=True)
    write_bad(OUT / "bad", FONT)
    print(*write_hostile(OUT / "bad", reproducible_zip))
    print(*write_cases(OUT / "cases", reproducible_zip))
    print(*write_copies(OUT / "copies"))
    print(*write_encodings(OUT / "encodings"))
    print(*write_variants(OUT / "variants"))  # tests/documents/test_variants.py's
    write_long(
        ROOT / "benchmarks" / "data" / "harmonogram-20-stron.pdf",
        SOURCES / "leszno-2024.toml",
        write_pdf,
    )
    for source_path in sorted(SOURCES.glob("*.toml")):
        source = tomllib.loads(source_path.read_text(encoding="utf-8"))
        rows = grid(source)
        stem = source_path.stem
        writers = [
            (f"{stem}.docx", write_docx, {}),
            (f"{stem}.xlsx", write_xlsx, {}),
            (f"{stem}.odt", write_odt, {}),
            (f"{stem}.ods", write_ods, {}),
            (f"{stem}-ruled.pdf", write_pdf, {"ruled": True}),
            (f"{stem}-aligned.pdf", write_pdf, {"ruled": False}),
            (f"{stem}-bip.html", write_html, {"page": True}),
            (f"{stem}-cms.html", write_html, {"page": False}),
        ]
        for suffix, variant in ALIGNED.get(stem, {}).items():
            options = dict(variant)
            size = options.get("size", (210, 297))
            usable = size[0] - 24
            shares = options.pop("shares", ALIGNED_WIDTHS[len(rows[0])])
            widths = tuple(round(usable * share, 1) for share in shares)
            write_aligned_pdf(
                source, rows, OUT / f"{stem}{suffix}", font=FONT, widths=widths, **options
            )  # type: ignore[arg-type]
            print(OUT / f"{stem}{suffix}")
        for name, write, options in writers:
            write(source, rows, OUT / name, **options)  # type: ignore[operator]
            print(OUT / name)
        write_cell_lines(source, rows, OUT / f"{stem}-komorki.txt")
        write_layout_text(source, rows, OUT / f"{stem}-layout.txt", FONT)
        write_pdfminer_text(OUT / f"{stem}-ruled.pdf", OUT / f"{stem}-pdfminer.txt")
        print(*sorted(OUT.glob(f"{stem}-*.txt")))
        if source.get("list_separator"):  # printed as a list: the list's own documents too
            for suffix, write_list in LIST_WRITERS.items():
                write_list(source, OUT / f"{stem}-lista{suffix}")
                print(OUT / f"{stem}-lista{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
