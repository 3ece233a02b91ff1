"""A PDF read as its pages show it (blind12 N7, N11): an OCR-style text layer — each word
drawn on its own, no space characters, invisible over the scan — is read word by word as
pdftotext reads it, with exact and jittered spacing, in a ruled table and in aligned columns;
text the page does not show (white on white, outside the crop box, of no size) is skipped and
named, while white text on a dark fill and an OCR layer over a picture are read. Each PDF is
printed here with fpdf2."""

from __future__ import annotations

import io
from collections.abc import Callable
from itertools import cycle
from pathlib import Path

import pytest
from seen_documents import DEPARTMENT, HEADER, TITLE, imported, tasks

fpdf = pytest.importorskip("fpdf")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # as scripts/import_variants.py
if not FONT.is_file():
    pytest.skip(f"{FONT} (fonts-dejavu-core) is not installed", allow_module_level=True)
INVISIBLE = fpdf.enums.TextMode.INVISIBLE
FILL = fpdf.enums.TextMode.FILL

ROWS = [
    ["1.", "Rozwój sportu na terenie Miasta Leszna – I tura", "Styczeń 2027"],
    ["2.", "Organizacja imprez kulturalnych dla mieszkańców", "II kwartał 2027"],
    ["3.", "Wsparcie seniorów – klub seniora", "w trybie ciągłym"],
    ["4.", "Prowadzenie noclegowni", "do 15 marca 2027 r."],
]
EXPECTED = [(title, period) for _, title, period in ROWS]
COLUMNS = [40.0, 80.0, 380.0, 540.0]  # points: Lp. | Nazwa zadania | Termin
ROW_HEIGHT = 24.0
TOP = 120.0
Draw = Callable[[object, float, float, str], None]


def _pdf() -> object:
    pdf = fpdf.FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=9)
    return pdf


def _plain(pdf, x: float, y: float, text: str) -> None:  # type: ignore[no-untyped-def]
    pdf.text(x, y, text)


def _word_by_word(jitter: list[float]) -> Draw:
    """An OCR layer's drawing: each word on its own at its place, no space drawn, the next
    word a space's width on (± the jitter, in turn)."""
    shifts = cycle(jitter)

    def draw(pdf, x: float, y: float, text: str) -> None:  # type: ignore[no-untyped-def]
        for word in text.split():
            pdf.text(x + next(shifts), y + next(shifts) / 2, word)
            x += pdf.get_string_width(word + " ")

    return draw


def _document(
    draw: Draw = _plain, *, ruled: bool = True, invisible: bool = False,
    extra: Callable[[object], None] = lambda _: None,
) -> bytes:  # fmt: skip
    """The harmonogram on one page: the title, then the table (ruling lines when `ruled`),
    each text drawn by `draw` (invisible over a picture of the page when `invisible`, as an
    OCR layer over its scan), then `extra` drawn."""
    pdf = _pdf()
    if invisible:
        from PIL import Image

        scan = Image.new("L", (595, 842), 250)
        picture = io.BytesIO()
        scan.save(picture, "PNG")
        pdf.image(picture, x=0, y=0, w=pdf.w, h=pdf.h)
        pdf.text_mode = INVISIBLE
    draw(pdf, COLUMNS[0], 80, TITLE)
    rows = [HEADER, [DEPARTMENT], *ROWS]
    for r, row in enumerate(rows):
        top = TOP + r * ROW_HEIGHT
        edges = COLUMNS if len(row) > 1 else [COLUMNS[0], COLUMNS[-1]]
        for c, text in enumerate(row):
            if ruled:
                pdf.rect(edges[c], top, edges[c + 1] - edges[c], ROW_HEIGHT)
            draw(pdf, edges[c] + 3, top + 15, text)
    pdf.text_mode = FILL
    extra(pdf)
    return bytes(pdf.output())


OCR = {
    "exact": [0.0],
    "jittered": [0.6, -0.6, 0.3, -0.4, 0.0, 0.5],
}


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "aligned"])
@pytest.mark.parametrize("spacing", OCR, ids=list(OCR))
def test_an_ocr_text_layer_is_read_word_by_word(spacing: str, ruled: bool) -> None:
    data = _document(_word_by_word(OCR[spacing]), ruled=ruled, invisible=True)
    result = imported(data, "harmonogram-2027.pdf")
    assert tasks(result) == EXPECTED
    assert result.schedule.title == TITLE


def test_a_pdf_written_with_spaces_reads_as_before() -> None:
    result = imported(_document(), "harmonogram-2027.pdf")
    assert tasks(result) == EXPECTED
    assert "pominięto" not in result.review


def _at_period_of_first_task(pdf, text: str, *, size: float = 9, color=(255, 255, 255)) -> None:  # type: ignore[no-untyped-def]
    pdf.set_font_size(size)
    pdf.set_text_color(*color)
    x = COLUMNS[2] + 3 + pdf.get_string_width("Styczeń 2027 ")
    pdf.text(x, TOP + 2 * ROW_HEIGHT + 15, text)
    pdf.set_font_size(9)
    pdf.set_text_color(0)


UNSEEN = {
    "white-on-white": (
        lambda pdf: _at_period_of_first_task(pdf, "/Czerwiec"),
        "tekst w kolorze tła (niewidoczny na stronie) „/Czerwiec”",
    ),
    "no-size": (
        lambda pdf: _at_period_of_first_task(pdf, "/Czerwiec", size=0.2, color=(0, 0, 0)),
        "tekst o zerowej wielkości (niewidoczny) „/Czerwiec”",
    ),
    "outside-the-page": (
        lambda pdf: pdf.text(pdf.w + 20, TOP + 2 * ROW_HEIGHT + 15, "Czerwiec 2026"),
        "tekst poza widocznym obszarem strony „Czerwiec 2026”",
    ),
}


@pytest.mark.parametrize("case", UNSEEN, ids=list(UNSEEN))
def test_text_the_page_does_not_show_is_skipped_and_named(case: str) -> None:
    extra, said = UNSEEN[case]
    result = imported(_document(extra=extra), "harmonogram-2027.pdf")
    assert tasks(result) == EXPECTED
    assert f"strona 1: pominięto {said}" in result.review


def test_white_text_on_a_dark_fill_is_read() -> None:
    def banner(pdf) -> None:  # type: ignore[no-untyped-def]
        pdf.set_fill_color(30, 60, 120)
        pdf.rect(COLUMNS[0], 20, COLUMNS[-1] - COLUMNS[0], 30, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.text(COLUMNS[0] + 3, 40, "stan na dzień 30 listopada 2026 r.")
        pdf.set_text_color(0)

    result = imported(_document(extra=banner), "harmonogram-2027.pdf")
    assert tasks(result) == EXPECTED
    assert result.schedule.as_of is not None
    assert result.schedule.as_of.isoformat() == "2026-11-30"
    assert "pominięto" not in result.review
