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
    (out / "petla.pdf").write_bytes(inflating_pdf(12))
    print(out / "haslo.pdf", out / "skan.pdf", out / "bomba.pdf", out / "petla.pdf")


def inflating_pdf(megabytes: int = 2048) -> bytes:
    """A one-page PDF of a few kilobytes whose content stream, deflated twice
    ([/FlateDecode /FlateDecode]), inflates to `megabytes` of drawing operators: a parser that
    reads it whole needs that much memory (the importer's child process must stop it). Even a
    small one keeps the parser busy: 12 MB are two million path operators, tens of seconds of
    CPU time in pdfminer in a few hundred megabytes (bad/petla.pdf, for the CPU and wall-time
    limits)."""
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
