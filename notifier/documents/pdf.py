"""PDF via pdfplumber. Run, as every format's reading, in the child process of
notifier.documents.isolated, bounded in memory, CPU time and wall time: a hostile PDF that
makes the parser loop or swell is refused within seconds.

Ruled tables come out as tables (pdfplumber leaves None in the cells a merged cell covers);
pages without ruled tables come out as words with their boxes, for the core's aligned reader
(notifier.core.importing.aligned_reader), and as plain text for a PDF that holds no table."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from notifier.core.importing.aligned_reader import Word
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_cells import Cell, Row, Table
from notifier.documents.damaged_pdf import damaged_streams
from notifier.documents.pdf_limits import TooMuch, bounded, check_pages, check_syntax
from notifier.documents.pdf_seen import TEXT, seen_page
from notifier.documents.unseen import Unseen


class TooCostly(DocumentError):
    """Reading the document went past the child's memory (Polish message)."""


def pdf_content(
    data: bytes, name: str
) -> tuple[list[Table], list[list[Word]], str, str, list[Unseen]]:
    """(ruled tables, words of each page when none is ruled, the text of the pages with form
    feeds between them, text around the tables, text the pages do not show, skipped:
    notifier.documents.pdf_seen); DocumentError for a PDF that is
    password-protected, a scan without a text layer or broken; TooCostly when it swells past
    the address space (a MemoryError, which pdfplumber may wrap)."""
    if not data.startswith(b"%PDF"):
        raise DocumentError(f"Plik {name} nie jest poprawnym plikiem PDF.")
    with bounded(name):  # a PDF past notifier.documents.pdf_limits' bounds: TooMuch
        check_syntax(data)
        result = _extract(data)
    if result.get("error") == "costly":
        raise too_costly(name)
    if result.get("error") == "password":
        raise DocumentError(
            f"Plik {name} jest chroniony hasłem. Proszę zapisać go bez hasła (albo przysłać "
            "DOCX) i zaimportować ponownie."
        )
    if result.get("error"):
        raise DocumentError(f"Plik {name} jest uszkodzony: nie da się odczytać PDF.")
    damaged = damaged_streams(data) if result["chars"] == 0 else []
    if damaged:  # no text because a stream is broken: no scan
        raise DocumentError(
            f"Plik {name} jest uszkodzony: {damaged[0]}, więc tekstu stron nie da się odczytać "
            "(to nie skan). Proszę zapisać dokument ponownie (np. „Drukuj do PDF”) albo "
            "przysłać DOCX."
        )
    if result["chars"] == 0:
        raise DocumentError(
            f"Plik {name} nie ma warstwy tekstowej (to skan, same obrazy stron). Import nie "
            "rozpoznaje pisma ze skanów (brak OCR): proszę poprosić urząd o PDF z tekstem, "
            "DOCX albo arkusz."
        )
    tables: list[Table] = []
    for table in result["tables"]:
        rows: list[Row] = []
        for r, values in enumerate(table["rows"], start=1):
            cells: list[Cell | None] = []
            skip = 0
            for value in values:
                if value is None and skip:
                    skip -= 1  # covered by the cell merged from the left
                elif value is None:
                    cells.append(None)  # covered by the cell merged from above
                else:
                    text, span = value
                    cells += [Cell(text, Where(table["page"], r))] * span
                    skip = span - 1
            rows.append(cells)
        tables.append(rows)
    words = [
        [Word(str(w[0]), *(float(v) for v in w[1:])) for w in page] for page in result["words"]
    ]
    unseen = [Unseen(f"strona {page}", what, text) for page, what, text in result["unseen"]]
    return tables, words, result["text"], result["surrounding"], unseen


def too_costly(name: str) -> TooCostly:
    """The refusal of a PDF past the child's memory or time (Polish)."""
    return TooCostly(
        f"Odczyt pliku {name} przekroczył limit czasu lub pamięci; plik odrzucono. Proszę "
        "zapisać dokument ponownie (np. „Drukuj do PDF”) albo przysłać DOCX."
    )


def page_words(page) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """The page's words as [text, x0, x1, top, bottom] (points), for the aligned reader."""
    return [
        [w["text"], round(w["x0"], 2), round(w["x1"], 2), round(w["top"], 2), round(w["bottom"], 2)]
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, **TEXT)
    ]


def _rows(table) -> list[list[list[object] | None]]:  # type: ignore[no-untyped-def]
    """Each cell as [text, columns it spans] (by its width against the column edges), None
    where pdfplumber found no cell (covered by a merged cell)."""
    lefts = sorted({round(c[0]) for row in table.rows for c in row.cells if c})
    out = []
    for row, texts in zip(table.rows, table.extract(**TEXT), strict=False):
        cells: list[list[object] | None] = []
        for cell, text in zip(row.cells, texts, strict=False):
            if cell is None:
                cells.append(None)
            else:
                span = sum(1 for x in lefts if cell[0] - 1 <= x < cell[2] - 1)
                cells.append([text or "", max(span, 1)])
        out.append(cells)
    return out


def _upright(pdf, page):  # type: ignore[no-untyped-def]
    """The page as its text reads: a page whose /Rotate (90, 180, 270) turns its upright
    text sideways or upside down (a page turned in Acrobat or by a printer driver; blind11
    F16) is read with its text upright, as it was written; a page whose rotation makes its
    text upright (a landscape table drawn across a portrait page) is read as displayed."""
    chars = page.chars
    if not page.rotation or not chars or sum(map(_reads, chars)) * 2 > len(chars):
        return page
    flat = page.page_obj
    flat.rotate = 0
    flat.attrs = {**flat.attrs, "Rotate": 0}
    turned = pdfplumber.page.Page(pdf, flat, page_number=page.page_number)
    turned.initial_doctop = page.initial_doctop
    return turned


def _reads(char: dict[str, Any]) -> bool:
    """Whether a character runs left to right as displayed (its matrix's x axis points
    right): not sideways, not upside down."""
    a, b = char["matrix"][:2]
    return bool(a > abs(b))


def _extract(data: bytes) -> dict[str, Any]:
    """pdfplumber's reading of the PDF as plain data: {"tables": [{"page": N, "rows": [[[text,
    span] or None, …], …]}, …], "words": [[[text, x0, x1, top, bottom], …] per page] (pages
    without ruled tables), "text": "…" (pages by form feeds), "surrounding": "…", "chars": N,
    "pages": N}, or {"error": "password" | "broken" | "costly"}."""
    result: dict[str, Any]
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            check_pages(pdf.doc)
            tables = []
            chars = 0
            ruled = []
            upright = [_upright(pdf, page) for page in pdf.pages]
            pages, unseen = [], []
            for number, page in enumerate(upright, start=1):
                chars += len(page.chars)
                shown, hidden = seen_page(page)  # the page as it shows
                pages.append(shown)
                unseen += [[number, what, text] for what, text in hidden]
                found = shown.find_tables()
                tables += [{"page": number, "rows": _rows(table)} for table in found]
                ruled.append(bool(found))
            texts = [(p.extract_text(**TEXT) or "") for p in pages]
            words = [] if any(ruled) else [page_words(p) for p in pages]
            surrounding = "\n".join(texts)
            result = {
                "tables": tables,
                "words": words,
                "text": "\f".join(texts),
                "surrounding": surrounding if any(ruled) else "",
                "chars": chars,
                "pages": len(pages),
                "unseen": unseen,
            }
    except TooMuch:
        raise
    except PDFPasswordIncorrect:
        result = {"error": "password"}
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
        if isinstance(exc.args[0] if exc.args else None, TooMuch):  # wrapped by pdfplumber
            raise exc.args[0] from None
        said = f"{type(exc).__name__} {exc!r}"  # pdfplumber wraps pdfminer's errors
        if isinstance(exc, MemoryError) or "MemoryError" in said:  # past the address space
            result = {"error": "costly"}
        elif "Password" in said or "Encrypt" in said:
            result = {"error": "password"}
        else:
            result = {"error": "broken"}
    return result
