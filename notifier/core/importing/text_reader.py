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
    "LINE_ENDS",
    "NO_DEPARTMENT",
    "SIDE_BY_SIDE",
    "laid_out",
    "line_count",
    "one_line_end",
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


# The line ends of str.splitlines(), which every reader of a text splits it by: the one
# definition of a line, also for counting lines before reading (blind10a M7: a text of
# 900,000 lines ended by CR alone, or by U+2028, was one "line" to a count of "\n" and ran
# into the reader's time limit instead of being refused at once).
LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_ENDS_RE = re.compile("\r\n?|[\x0b\x1c-\x1e\x85\u2028\u2029]")
_LONE_FORM_FEED_RE = re.compile(r"(?<!\n)\f(?!\n)")


def line_count(text: str) -> int:
    """How many lines `text.splitlines()` gives, counted without making them (a 20 MB text
    of line ends would be millions of strings)."""
    if not text:
        return 0
    ends = sum(text.count(end) for end in LINE_ENDS) - text.count("\r\n")
    return ends + (0 if text[-1] in LINE_ENDS else 1)


def one_line_end(text: str) -> str:
    """`text` with each of its line ends as "\n" (CR LF, CR, VT, NEL, U+2028, …), but a form
    feed, which is a page break, kept — put at the start of a line when it is inside one:
    the lines `text.splitlines()` gives, a page break never joining two of them."""
    text = _OTHER_ENDS_RE.sub("\n", text)
    return _LONE_FORM_FEED_RE.sub("\n\f", text) if "\f" in text else text


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
