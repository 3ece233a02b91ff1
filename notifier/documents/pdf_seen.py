"""A PDF page's text as it shows on the page (blind12 N7, N11).

Characters the page does not show are no part of the printed harmonogram, whatever its text
layer holds: text painted in the background colour (a white fill — gray 1, RGB 1,1,1, CMYK
0,0,0,0 — drawn on no darker fill or picture: a "/Czerwiec" hidden after "Styczeń 2027" added
a June round), text outside the page's crop box, and text of no size. Each is skipped and
named in the review as the other readers' hidden text is (notifier.documents.unseen). Text
drawn invisibly over a picture (an OCR layer over a scan) is what the scan shows and is read.
(A text layer drawn in render mode 3 beside visible text is not told apart: pdfminer does
not give a character's render mode.)

Words are told apart by the gap between characters as a fraction of the font size
(WORD_GAP), as pdftotext does, not by a fixed 3 points: an OCR layer draws each word on its
own with no space character, and its gaps (a space's width, ±jitter) fell under the fixed
tolerance — "RozwójsportunaterenieMiastaLeszna".
"""

from __future__ import annotations

from typing import Any

# A gap between two characters wider than this fraction of the font size starts a new word: a
# space is 0.25–0.33 of the size in common fonts, letters of one word touch (pdftotext's own
# threshold is 0.1).
WORD_GAP = 0.15
TEXT = {"x_tolerance_ratio": WORD_GAP}  # for pdfplumber's extract_text, extract_words
MIN_SIZE = 1.0  # points: smaller text is no text a reader sees
BACKGROUND = "tekst w kolorze tła (niewidoczny na stronie)"
OUTSIDE = "tekst poza widocznym obszarem strony"
TINY = "tekst o zerowej wielkości (niewidoczny)"


def seen_page(page: Any) -> tuple[Any, list[tuple[str, str]]]:
    """The page with only the characters it shows, and what it does not show as (what, text)
    pieces in order (consecutive characters of one kind are one piece)."""
    unseen: list[tuple[str, str]] = []
    kept_ids: set[int] = set()
    box = page.cropbox
    grounds: list[tuple[float, float, float, float]] | None = None
    last: str | None = None
    for char in page.chars:
        why = None
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if not (box[0] <= x <= box[2] and box[1] <= y <= box[3]):
            why = OUTSIDE
        elif (char.get("size") or 0) < MIN_SIZE:
            why = TINY
        elif _white(char.get("non_stroking_color")):
            grounds = _grounds(page) if grounds is None else grounds
            if not any(g[0] <= x <= g[2] and g[1] <= y <= g[3] for g in grounds):
                why = BACKGROUND
        if why is None:
            kept_ids.add(id(char))
            if char["text"].strip():
                last = None
            continue
        if why == last:
            unseen[-1] = (why, unseen[-1][1] + char["text"])
        else:
            unseen.append((why, char["text"]))
        last = why
    if not unseen:
        return page, []
    shown = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in kept_ids)
    return shown, [(what, text) for what, text in unseen if text.strip()]


def _white(color: Any) -> bool:
    """Whether a fill colour is white: gray 1, RGB 1,1,1 or CMYK 0,0,0,0."""
    if not isinstance(color, (tuple, list)) or not color:
        return False
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):  # a pattern's name
        return False
    if len(values) == 4:
        return all(v <= 0.01 for v in values)
    return len(values) in (1, 3) and all(v >= 0.99 for v in values)


def _grounds(page: Any) -> list[tuple[float, float, float, float]]:
    """The boxes of the page's pictures and of its shapes filled darker than white: white
    text on them shows."""
    boxes = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
    for shape in [*page.rects, *page.curves]:
        if shape.get("fill") and not _white(shape.get("non_stroking_color")):
            boxes.append((shape["x0"], shape["top"], shape["x1"], shape["bottom"]))
    return boxes
