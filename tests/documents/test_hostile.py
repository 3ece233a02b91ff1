"""Bad and hostile documents: each kind refused with its Polish error, quickly and without
reading what it would inflate to."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from notifier.core.importing.model import DocumentError
from notifier.documents import MAX_BYTES, MAX_ROWS, Limits, import_document
from notifier.documents.isolated import LIMITS

BAD = Path(__file__).parent / "fixtures" / "bad"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def refused(data: bytes, name: str, limits: Limits = LIMITS) -> str:
    with pytest.raises(DocumentError) as caught:
        import_document(data, name, city="Leszno", year=2025, limits=limits)
    return str(caught.value)


@cache
def bomb() -> bytes:
    """60 MB of zeros in well under 1 MB: made once for the four formats."""
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (60 << 20)})


@pytest.mark.parametrize("name", ["bomba.docx", "bomba.xlsx", "bomba.odt", "bomba.ods"])
def test_a_zip_bomb_is_refused_by_its_declared_size(name: str) -> None:
    data = bomb()
    assert len(data) < 1 << 20
    assert "odrzucono ze względów bezpieczeństwa" in refused(data, name)


def test_xml_entity_expansion_is_refused_in_an_office_document() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><a>&lol2;</a>'
    )
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": laughs})
    assert "deklaruje encje XML" in refused(data, "arkusz.xlsx")


def test_xml_entity_expansion_is_refused_in_a_page() -> None:
    page = b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">]><html><body>&a;</body></html>'
    assert "deklaruje encje XML" in refused(page, "strona.html")


def test_a_password_protected_pdf() -> None:
    assert "chroniony hasłem" in refused((BAD / "haslo.pdf").read_bytes(), "haslo.pdf")


def test_a_scan_without_a_text_layer() -> None:
    message = refused((BAD / "skan.pdf").read_bytes(), "skan.pdf")
    assert "nie ma warstwy tekstowej" in message
    assert "brak OCR" in message


def test_a_pdf_inflating_past_the_memory_limit_is_refused() -> None:
    """A 9 KB PDF whose content inflates to 2 GB: refused once its inflated content passes
    8 MB (notifier.documents.pdf_limits; more kinds in test_hostile_pdf.py), long before the
    child process's address-space limit (lowered here all the same)."""
    data = (BAD / "bomba.pdf").read_bytes()
    assert len(data) < 20_000
    message = refused(data, "bomba.pdf", Limits(memory_bytes=320 << 20))
    assert "strona 1: treść po rozpakowaniu przekracza 8 MB" in message


TIME_LIMITS = [
    Limits(cpu_seconds=1, timeout_seconds=600),
    Limits(cpu_seconds=600, timeout_seconds=1),
]


@pytest.mark.parametrize("limit", TIME_LIMITS, ids=["cpu", "wall"])
def test_a_pdf_that_keeps_the_parser_busy_is_refused_at_the_time_limits(limit: Limits) -> None:
    """A 5 KB PDF within pdf_limits' bounds whose 135,000 rectangles keep pdfplumber busy
    for tens of seconds:
    the child process is stopped by its CPU-time limit (the kernel kills it) or its wall-time
    limit (the caller kills it), the one tested lowered to one second (20 s and 30 s by
    default), the other raised out of reach: without the one, the PDF would be parsed to the
    end and refused for having no text layer instead."""
    data = (BAD / "petla.pdf").read_bytes()
    assert len(data) < 10_000
    assert "przekroczył limit czasu lub pamięci" in refused(data, "petla.pdf", limit)


def test_a_broken_pdf() -> None:
    assert "uszkodzony" in refused(b"%PDF-1.7\n" + b"\x00garbage" * 100, "zepsuty.pdf")


def test_a_document_without_a_harmonogram_table() -> None:
    page = b"<html><body><table><tr><td>Kontakt</td><td>tel. 65 000 00 00</td></tr></table>"
    assert "nie znaleziono tabeli" in refused(page, "kontakt.html")


def test_an_old_binary_doc_and_an_unsupported_format() -> None:
    assert "DOCX" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "stary.doc")
    assert "Nieobsługiwany format" in refused(b"{\\rtf1}", "plik.rtf")


def test_a_file_over_the_cap_is_refused_unread() -> None:
    assert "ma ponad 20 MB (21 MB); import przyjmuje" in refused(b"\0" * (21 << 20), "duzy.pdf")


def _rows_html(rows: int, columns: int = 3) -> bytes:
    cells = "".join(f"<td>zadanie {{i}} kolumna {c}</td>" for c in range(columns))
    body = "".join(f"<tr>{cells.format(i=i)}</tr>" for i in range(rows))
    head = "<tr><th>Lp.</th><th>Rodzaj zadania</th><th>Termin</th></tr>"
    return f"<html><body><table>{head}{body}</table></body></html>".encode()


def _rows_xlsx(rows: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Lp.", "Rodzaj zadania", "Termin"])
    for i in range(rows):
        sheet.append([i, f"zadanie numer {i} z zakresu sportu", "Maj 2026"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "said"),
    [
        (lambda: _rows_html(MAX_ROWS + 20), "wiersze.html", f"ma {MAX_ROWS + 21} wierszy tabel"),
        (lambda: _rows_xlsx(MAX_ROWS + 1), "wiersze.xlsx", f"ma {MAX_ROWS + 2} wiersze tabel"),
        (lambda: _rows_html(10, 3000), "kolumny.html", "ma 30003 komórki tabel"),
        (lambda: b"zadanie\n" * 6000, "wiersze.txt", "ma 6000 wierszy tekstu"),
    ],
    ids=["html", "xlsx", "columns", "text"],
)
def test_a_document_far_longer_than_any_harmonogram_is_refused_before_it_is_read(
    data: Any, name: str, said: str
) -> None:
    """A harmonogram has some hundreds of tasks; 20,000 rows took minutes of a web process
    (every title and period is read), so more than MAX_ROWS rows is refused at once."""
    message = refused(data(), name)
    assert said in message
    assert "import czyta najwyżej" in message


def test_a_docx_cell_spanning_millions_of_columns_is_read_as_spanning_a_hundred() -> None:
    """One <w:gridSpan w:val="99999999"/> in a 37 kB DOCX laid the row out over its grid for
    minutes at a gigabyte (blind round three, F26); a span past MAX_SPAN is cut, as in HTML."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Harmonogram otwartych konkursów ofert na 2025 rok")
    rows = [("Lp.", "Rodzaj zadania", "Termin"), ("1", "Wypoczynek dzieci", "marzec 2025"),
            ("2", "Organizacja festynu", "II kwartał 2025")]  # fmt: skip
    table = document.add_table(rows=3, cols=3)
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    last = table.rows[2].cells[2]._tc
    last.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="99999999"/>'))
    out = io.BytesIO()
    document.save(out)
    result = import_document(out.getvalue(), "rozpiety.docx", city="Leszno", year=2025)
    assert "Organizacja festynu" in result.toml
    assert 'period = "II kwartał 2025"' in result.toml


def _big_archive() -> bytes:
    """A zip of one 40 MB member, random letters of four (deflated to about 11 MB, an honest
    ratio): an office document under MAX_BYTES whose reading holds more than 32 MB at once
    (every member is read before a library opens the archive: notifier.documents.safety)."""
    letters = bytes(b"ACGT"[i & 3] for i in range(256))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("content.xml", os.urandom(40 << 20).translate(letters))
    return out.getvalue()


# In a process of its own: a test process's heap may hold tens of MB freed by earlier tests,
# which a forked child reuses without growing its address space.
READ_EACH = """
import json, sys
from pathlib import Path
from notifier.documents import DocumentError, Limits, import_document
archive, page = Path(sys.argv[1]).read_bytes(), Path(sys.argv[2]).read_bytes()
for name in ("duzy.docx", "duzy.xlsx", "duzy.odt", "duzy.ods", "duzy.html", "duzy.txt"):
    data = page if name.endswith((".html", ".txt")) else archive
    try:
        import_document(data, name, city="Leszno", year=2025, limits=Limits(memory_bytes=16 << 20))
        print(json.dumps([name, "read"]))
    except DocumentError as exc:
        print(json.dumps([name, str(exc)]))
"""


def test_every_format_is_read_in_the_limited_child_process(tmp_path: Path) -> None:
    """Not only PDFs: each format (DOCX, XLSX, ODT, ODS, HTML, text) is read in the child
    process whose address space may grow by a bounded amount (lowered here to 16 MB), so a
    document that needs more is refused as too costly, in Polish, and the caller (a web
    process for the office's upload) does not grow (blind round three, F9 and F26). Each
    document is under MAX_BYTES and needs more than 32 MB in one piece to be read (the page:
    one astral character makes its text 4 bytes a character)."""
    archive, page = tmp_path / "archive.zip", tmp_path / "page.html"
    archive.write_bytes(_big_archive())
    page.write_bytes(b"<p>" + b"a" * (15 << 20) + "\U0001f600".encode() + b"</p>")
    assert max(archive.stat().st_size, page.stat().st_size) < MAX_BYTES
    done = subprocess.run(
        [sys.executable, "-c", READ_EACH, str(archive), str(page)],
        capture_output=True,
        text=True,
        check=True,
    )
    answers = dict(json.loads(line) for line in done.stdout.splitlines())
    assert len(answers) == 6
    for name, message in answers.items():
        assert message.startswith(
            f"Odczyt pliku {name} przekroczył limit czasu lub pamięci; plik odrzucono."
        ), (name, message)


_ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="A">
<table:table-row table:number-rows-repeated="1000000">
<table:table-cell table:number-columns-repeated="1000"><text:p>{cell}</text:p></table:table-cell>
</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"""


_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("Maj 2026", "wygląda na termin, nie na nazwę zadania"),
        ("Maj 2026 (planowany)", "wygląda na termin, nie na nazwę zadania"),
        ("III 2026", "nie znaleziono tabeli harmonogramu"),  # no column of periods at all
    ],
)
def test_a_sheet_of_one_date_repeated_everywhere_is_refused(cell: str, why: str) -> None:
    """Blind round three, m13: an 824-byte ODS whose one row, repeated a million times by a
    thousand cells, is "Maj 2026" was read fast but imported as a task titled "Maj 2026"; a
    document whose tasks are dates is refused (README), with the reason."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", _ODS_CONTENT.format(cell=cell))
        ods.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
    with pytest.raises(DocumentError, match=why):
        import_document(buffer.getvalue(), "maj.ods", city="Testowo", year=2026)


def test_a_sheet_name_with_a_bidi_override_is_shown_escaped() -> None:
    """blind4 n18: a sheet named "\u202egnp.exe Arkusz" put the RIGHT-TO-LEFT OVERRIDE into
    the refusal, reversing the rest of the clerk's terminal line."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "\u202egnp.exe Arkusz"
    sheet.append(["Lp.", "Rodzaj zadania", "Termin"])
    sheet.cell(row=200_000, column=3, value="x")  # far beyond the cells a harmonogram has
    out = io.BytesIO()
    book.save(out)
    said = refused(out.getvalue(), "rlo.xlsx")
    assert "\u202e" not in said
    assert (
        "Arkusz \\u202egnp.exe Arkusz w pliku rlo.xlsx jest zbyt duży: wiersz numer 200000" in said
    )


def test_text_saved_as_utf16_with_its_mark_is_read() -> None:
    """blind4 n14: Notepad's "Unicode" (UTF-16 with a byte-order mark) was "nie jest plikiem
    tekstowym" while the same text in UTF-8 or Windows-1250 imported."""
    from notifier.documents.encoding import decode_text

    text = "Harmonogram ogłaszania konkursów na 2025 rok\nŁódź – maj 2025\n"
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = text.encode(encoding)
        if encoding != "utf-16":
            data = ("\ufeff" + text).encode(encoding)
        assert decode_text(data, "seed16.txt") == text, encoding
    with pytest.raises(DocumentError, match="jego bajty się nie odczytują"):
        decode_text(b"\xff\xfe\x00\xd8", "zly.txt")  # a lone surrogate


@pytest.mark.parametrize(
    ("wrapper", "depth"),
    [("<div>", 100_000), ("<b>", 300), ("<table><tr><td>", 2_000), ("<ul><li>", 5_000)],
)
def test_a_page_nested_deeper_than_the_reader_reads_is_refused_saying_so(
    wrapper: str, depth: int
) -> None:
    """Blind round five: a BIP page of 100,000 nested elements around the schedule. libxml2
    stops building the tree at depth 256 and drops the rest without an error, so the page
    read as one without tasks (a RecursionError in a walker before that); now it is refused,
    naming why, and nothing is imported."""
    table = (
        "<table><tr><th>Lp.</th><th>Zadanie</th><th>Termin ogłoszenia</th></tr>"
        "<tr><td>1</td><td>Sport</td><td>marzec</td></tr></table>"
    )
    page = f"<html><body>{wrapper * depth}{table}</body></html>".encode()
    message = refused(page, "bip.html")
    assert "ma elementy zagnieżdżone zbyt głęboko (ponad 255 poziomów)" in message
    assert "nic nie zaimportowano" in message
    assert "Recursion" not in message
