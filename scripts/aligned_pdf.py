"""Lay out a harmonogram table as a PDF whose columns are only aligned text (no ruling lines),
the way an office's word processor prints a table with its borders hidden: the fixtures of the
aligned reader (notifier.core.importing.aligned_reader). Used by make_import_fixtures.py.

Options make the layouts cities print: where a cell's text sits in a row taller than it
(`valign` top, middle or bottom, merged cells included), the space between rows (`row_gap`,
0 for none), the page size (a small page to break groups and repeat the header row on every
page), and rows allowed to break across pages (`split_rows`, Word's default: a task cell's
last lines continue at the top of the next page, under the repeated header).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

MARGIN = 12.0  # mm
PAD = 1.2  # mm, left and right inside a cell


@dataclass
class Placed:
    """A row's slice on one page: the page, its top and height (mm), and its lines per column."""

    page: int
    top: float
    height: float
    first: int  # index of the first line of each cell shown here (a row split by a page)


def _pdf(size: tuple[float, float], font: Path) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format=size)
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))  # the same bytes on every run
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=9)
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN)
    return pdf


def write_aligned_pdf(
    source: dict,  # type: ignore[type-arg]
    rows: list,  # type: ignore[type-arg]  # list[list[Slot | None]], the header first
    path: Path,
    *,
    font: Path,
    widths: tuple[float, ...],
    valign: str = "top",
    row_gap: float = 2.0,
    size: tuple[float, float] = (210, 297),
    split_rows: bool = False,
    line: float = 4.2,
) -> None:
    """Write the table `rows` (slots with rowspan/colspan, None where covered) as `path`."""
    pdf = _pdf(size, font)
    pdf.add_page()
    lefts = [MARGIN + sum(widths[:i]) for i in range(len(widths))]

    def lines(slot, column: int) -> list[str]:  # type: ignore[no-untyped-def]
        width = sum(widths[column : column + slot.colspan]) - 2 * PAD
        return pdf.multi_cell(width, line, slot.text, dry_run=True, output="LINES")

    texts = [[lines(s, c) if s is not None else [] for c, s in enumerate(r)] for r in rows]
    heights = [
        max([len(t) for s, t in zip(row, cells, strict=True) if s and s.rowspan == 1] + [1]) * line
        + row_gap
        for row, cells in zip(rows, texts, strict=True)
    ]
    for r, row in enumerate(rows):  # a merged cell taller than its rows stretches the last
        for c, slot in enumerate(row):
            if slot is not None and slot.rowspan > 1:
                need = len(texts[r][c]) * line + row_gap
                have = sum(heights[r : r + slot.rowspan])
                if need > have:
                    heights[r + slot.rowspan - 1] += need - have
    bottom = size[1] - MARGIN
    pdf.multi_cell(0, 6, source["title"], new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 4
    header_height = heights[0]
    placed: list[list[Placed]] = []
    for r in range(len(rows)):
        parts: list[Placed] = []
        first, left = 0, heights[r]
        while True:
            if y + left <= bottom or y <= MARGIN + header_height + 0.01 or (r == 0 and not parts):
                parts.append(Placed(pdf.page, y, left, first))
                y += left
                break
            room = int((bottom - y - row_gap) // line)
            lines_left = round((left - row_gap) / line)
            if split_rows and r > 0 and 0 < room < lines_left and _splittable(rows[r]):
                parts.append(Placed(pdf.page, y, room * line + row_gap, first))
                first, left = first + room, left - room * line
            pdf.add_page()
            y = MARGIN
            _draw_row(
                pdf,
                rows[0],
                texts[0],
                lefts,
                widths,
                Placed(pdf.page, y, header_height, 0),
                line,
                row_gap,
                valign,
            )
            y += header_height
        placed.append(parts)
    for r, row in enumerate(rows):
        for part in placed[r]:
            _draw_row(
                pdf, row, texts[r], lefts, widths, part, line, row_gap, valign, skip_merged=True
            )
        for c, slot in enumerate(row):
            if slot is not None and slot.rowspan > 1:
                _draw_merged(
                    pdf, texts[r][c], lefts[c], placed[r : r + slot.rowspan], line, row_gap, valign
                )
    pdf.set_xy(MARGIN, min(y + 4, bottom - 6))
    pdf.multi_cell(0, 6, source["footer"], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _splittable(row: list) -> bool:  # type: ignore[type-arg]
    return all(s is None or s.rowspan == 1 for s in row)


def _put(pdf: FPDF, x: float, y: float, text: str, line: float) -> None:
    pdf.set_xy(x + PAD, y)
    pdf.cell(0, line, text)


def _draw_row(pdf, row, texts, lefts, widths, part, line, row_gap, valign, skip_merged=False):  # type: ignore[no-untyped-def]
    pdf.page = part.page
    for c, slot in enumerate(row):
        if slot is None or (skip_merged and slot.rowspan > 1):
            continue
        shown = texts[c][part.first :]
        room = round((part.height - row_gap) / line)
        shown = shown[:room]
        if part.first and not shown:
            continue
        top = _top(
            part.top, part.height, len(shown), line, row_gap, valign if not part.first else "top"
        )
        for i, text in enumerate(shown):
            _put(pdf, lefts[c], top + i * line, text, line)


def _draw_merged(pdf, texts, left, parts, line, row_gap, valign):  # type: ignore[no-untyped-def]
    first_page = parts[0][0].page
    on_page = [p for row in parts for p in row if p.page == first_page]
    top = on_page[0].top
    height = on_page[-1].top + on_page[-1].height - top
    pdf.page = first_page
    start = _top(top, height, len(texts), line, row_gap, valign)
    for i, text in enumerate(texts):
        _put(pdf, left, start + i * line, text, line)


def _top(top: float, height: float, count: int, line: float, gap: float, valign: str) -> float:
    inner = height - gap
    if valign == "middle":
        return top + gap / 2 + (inner - count * line) / 2
    if valign == "bottom":
        return top + gap / 2 + inner - count * line
    return top + gap / 2
