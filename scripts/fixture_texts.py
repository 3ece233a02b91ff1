"""The plain texts a clerk gets from a harmonogram's document, for the importer's text tests:
- `<source>-komorki.txt`: the table copied cell by cell (each cell on its own line, as copying a
  table from a PDF viewer or Word gives): a merged cell once, an empty cell not at all;
- `<source>-layout.txt`: `pdftotext -layout` of the table printed with its cells at the top
  of their rows, as a word processor prints them (columns side by side, wrapped titles
  continuing in their column below);
- `<source>-pdfminer.txt`: pdfminer's text of the ruled PDF (cells in a scrambled order),
  which the importer must refuse rather than pair a title with another row's period.
Needs pdftotext (Debian: poppler-utils) and fpdf2 (the `fixtures` extra)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from fixture_layouts import Slot, after, before

ALIGNED_WIDTHS = {2: (0.73, 0.27), 5: (0.06, 0.22, 0.4, 0.2, 0.12), 3: (0.06, 0.67, 0.27)}


def write_cell_lines(source: dict, rows: list[list[Slot | None]], path: Path) -> None:  # type: ignore[type-arg]
    lines = [*before(source), ""]
    for row in rows:
        for slot in row:
            if slot is not None and slot.text.strip():
                lines += slot.text.split("\n")
    lines += ["", *after(source)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_layout_text(source: dict, rows: list[list[Slot | None]], path: Path, font: Path) -> None:  # type: ignore[type-arg]
    from aligned_pdf import write_aligned_pdf  # noqa: PLC0415 - needs fpdf2

    width = len(rows[0])
    if width not in ALIGNED_WIDTHS and not source.get("variants"):
        return  # four columns (amounts beside) and month columns: no such layout text here
    printed = source.get("pdf_widths")
    shares = [w / sum(printed) for w in printed] if printed else ALIGNED_WIDTHS[width]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "table.pdf"
        usable = 210 - 24
        widths = tuple(round(usable * share, 1) for share in shares)
        write_aligned_pdf(source, rows, pdf, font=font, widths=widths, valign="top", row_gap=2.0)
        text = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
    path.write_text(text, encoding="utf-8")


def write_pdfminer_text(ruled_pdf: Path, path: Path) -> None:
    from pdfminer.high_level import extract_text  # noqa: PLC0415 - pdfplumber's dependency

    path.write_text(extract_text(str(ruled_pdf)), encoding="utf-8")
