"""Read a harmonogram from plain text as a PDF's text extraction gives it (cells as paragraphs).

The text of a printed table comes out cell by cell: a department heading in capitals, a
"Zadania w zakresie …:" scope, task cells (numbered "2) …" or not, lines broken anywhere,
split by a page break), each followed by its period cell or with the period at the end of
its last line. The paragraphs (blank-line separated; a form feed starts a page) go to the
assembler, which guesses each one's role (notifier.core.importing.assembler).
"""

from __future__ import annotations

import re

from notifier.core.importing.assembler import NO_DEPARTMENT, Line, assemble
from notifier.core.importing.label_reader import read_labels
from notifier.core.importing.model import DocumentError, ImportedSchedule, Where

__all__ = [
    "NO_DEPARTMENT",
    "SIDE_BY_SIDE",
    "laid_out",
    "paragraphs",
    "read_text",
    "side_by_side",
]

_BULLET_RE = re.compile(r"^[•·▪*]\s*")
# cells printed side by side, as `pdftotext -layout` gives a table: text, 3+ spaces, text
_SIDE_BY_SIDE_RE = re.compile(r"\S {3,}\S")


SIDE_BY_SIDE = (
    "W tekście nie znaleziono tabeli harmonogramu, którą import umie odczytać: ma kolumny "
    "wydrukowane obok siebie (jak z „pdftotext -layout”), ale nie ma wiersza nagłówka, który "
    "by je nazywał, a czytany wiersz po wierszu miesza komórki sąsiednich kolumn. Proszę "
    "zaimportować sam PDF."
)


def side_by_side(text: str) -> bool:
    """Is `text` a table printed with its columns side by side (`pdftotext -layout`)? Such
    text read line by line mixes the cells of a row; the importer refuses it (no garbage)."""
    lines = [x for x in text.splitlines() if x.strip()]
    wide = sum(1 for x in lines if _SIDE_BY_SIDE_RE.search(x.strip()))
    return wide >= 3 and wide * 4 >= len(lines)


def laid_out(text: str) -> bool:
    """Does any line of `text` print cells side by side or far from the line's start (a
    column of `pdftotext -layout` text)? A text copied cell by cell has neither."""
    return any(
        _SIDE_BY_SIDE_RE.search(x.strip()) or x.expandtabs(8).startswith(" " * 8)
        for x in text.splitlines()
        if x.strip()
    )


def paragraphs(text: str) -> list[list[Line]]:
    """Non-empty lines grouped by blank lines; a form feed starts a new page."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for page, page_text in enumerate(text.split("\f"), start=1):
        for row, raw in enumerate(page_text.splitlines(), start=1):
            line = _BULLET_RE.sub("", raw.strip())
            if line:
                current.append(Line(line, Where(page, row)))
            elif current:
                out.append(current)
                current = []
    if current:
        out.append(current)
    return out


def read_text(text: str, year: int | None = None) -> ImportedSchedule:
    """The harmonogram printed in `text` (a PDF's text extraction, or cells as paragraphs).

    `year` is the harmonogram's year if known (else read from the title line). Decisions go
    into the result's notes, each with its page and line. A text printed as labelled blocks
    ("Planowany termin ogłoszenia konkursu: …") is read by notifier.core.importing.
    label_reader, which raises DocumentError for such labels it cannot tie to tasks; other odd
    text gives a result without tasks, or with nonsense ones (the caller refuses both).
    """
    if side_by_side(text):
        raise DocumentError(SIDE_BY_SIDE)
    found = paragraphs(text)
    labelled = read_labels(found, text, year)
    return labelled if labelled is not None else assemble(found, "", year)
