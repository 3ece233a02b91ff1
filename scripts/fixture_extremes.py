"""Fixture documents the importer must refuse (a password-protected PDF, a scan, PDFs that
cost too much to parse) and the benchmark's 20-page PDF. Used by make_import_fixtures.py;
needs fpdf2 (the `fixtures` extra)."""

from __future__ import annotations

import tomllib
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fixture_layouts import Slot, grid

WritePdf = Callable[..., None]


def write_bad(out: Path, font: Path) -> None:
    """Documents the importer must refuse: a password-protected PDF, a scan (no text) and two
    that cost too much to parse (memory, time)."""
    from fpdf import FPDF  # noqa: PLC0415 - the `fixtures` extra

    out.mkdir(parents=True, exist_ok=True)
    locked = FPDF()
    locked.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
    locked.add_font("DejaVu", "", str(font))
    locked.set_font("DejaVu", size=10)
    locked.add_page()
    locked.cell(text="Harmonogram ogłaszania otwartych konkursów ofert w 2025 roku")
    locked.set_encryption(owner_password="wlasciciel", user_password="tajne")
    locked.output(str(out / "haslo.pdf"))
    scan = FPDF()
    scan.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
    scan.add_page()
    for y in range(20, 260, 12):  # lines of "print" drawn as shapes: a page with no text layer
        scan.rect(20, y, 170, 6, style="F")
    scan.output(str(out / "skan.pdf"))
    (out / "bomba.pdf").write_bytes(inflating_pdf())
    (out / "petla.pdf").write_bytes(busy_pdf())
    print(out / "haslo.pdf", out / "skan.pdf", out / "bomba.pdf", out / "petla.pdf")


def inflating_pdf(megabytes: int = 2048) -> bytes:
    """A one-page PDF of a few kilobytes whose content stream, deflated twice
    ([/FlateDecode /FlateDecode]), inflates to `megabytes` of drawing operators: a parser that
    reads it whole needs that much memory (bad/bomba.pdf: the importer refuses it when its
    first page's content passes 8 MB, notifier.documents.pdf_limits)."""
    inner = zlib.compressobj(9)
    chunk = b"0 0 m " * (1 << 20)
    once = b"".join(inner.compress(chunk) for _ in range(megabytes // 6)) + inner.flush()
    stream = zlib.compress(once, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
    ]
    return _with_xref(objects)


def _with_xref(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def busy_pdf(pages: int = 3, rectangles: int = 45_000) -> bytes:
    """A PDF of a few kilobytes within notifier.documents.pdf_limits' bounds (each page
    270,000 content elements, 810,000 in all) whose filled rectangles still keep pdfplumber
    busy for tens of seconds (bad/petla.pdf, for the CPU and wall-time limits)."""
    content = zlib.compress(b"0 0 1 1 re f\n" * rectangles, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
            % (4 + 2 * i)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content
            + b"\nendstream"
        )
    return _with_xref(objects)


def write_long(path: Path, source_path: Path, write_pdf: WritePdf, pages: int = 20) -> None:
    """The benchmark's document: Leszno's departments repeated until the PDF has `pages`."""
    source = tomllib.loads(source_path.read_text(encoding="utf-8"))
    departments = source["departments"]
    rows: list[list[Slot | None]] = []
    copies = 1
    while True:
        source["departments"] = departments * copies
        rows = grid(source)
        write_pdf(source, rows, path, ruled=True)
        if path.read_bytes().count(b"/Type /Page\n") >= pages or copies > 40:
            break
        copies += 1
    print(path, copies, "copies")
