"""What a document holds, read by the adapter for its format and the core's readers: run in
the limited child process of notifier.documents.isolated, never in the caller's (a web
process), since a hostile document can make any of them slow or large."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath

from notifier.core.importing.aligned_reader import ALIGNED_NOTE, Word, aligned_tables
from notifier.core.importing.cell_lines import CELL_LINES_NOTE, cell_lines_table
from notifier.core.importing.controls import Removal, cleaned, removal_notes
from notifier.core.importing.document_place import cities_named
from notifier.core.importing.label_reader import read_labels
from notifier.core.importing.layout_text import LAYOUT_NOTE, layout_tables
from notifier.core.importing.model import DocumentError, ImportedSchedule
from notifier.core.importing.period_list import read_period_list
from notifier.core.importing.scrambled import broken_cells, scrambled
from notifier.core.importing.table_cells import Cell, HeadedTable, Table, heading_of
from notifier.core.importing.table_kinds import PAGE_FRAME, skipped_note
from notifier.core.importing.table_reader import read_tables
from notifier.core.importing.text_reader import (
    SIDE_BY_SIDE,
    laid_out,
    line_count,
    one_line_end,
    paragraphs,
    read_text,
    side_by_side,
)
from notifier.core.periods import MIN_YEAR
from notifier.core.polish import plural
from notifier.documents.docx import docx_tables
from notifier.documents.encoding import decode_document
from notifier.documents.html import html_tables
from notifier.documents.odf import odf_tables
from notifier.documents.pdf import pdf_content
from notifier.documents.unseen import Unseen, unseen_notes
from notifier.documents.xlsx import xlsx_tables

# Rows of a document's tables (lines of its text) the importer reads: a large city's
# harmonogram has some hundreds of tasks; reading is linear but costs milliseconds a row (every
# period and title is read), so 20,000 rows took minutes of a web process. More is refused.
MAX_ROWS = 1000
MAX_LINES = 5 * MAX_ROWS
# Characters of one cell (one line of a text): a task's name and description is some hundreds
# (Białystok's longest ~430). Every reader's work grows with a cell's length (a 5 MB cell of
# "xxxx…" took 7 s of the caller's CPU), so a longer cell refuses the document, named.
MAX_CELL_CHARS = 20_000
ROW_FORMS = ("wiersz tabel", "wiersze tabel", "wierszy tabel")
LINE_FORMS = ("wiersz tekstu", "wiersze tekstu", "wierszy tekstu")


def read_document(data: bytes, name: str, year: int | None) -> ImportedSchedule:
    """What the document holds, read by the adapter for its format (extension, then bytes)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(
            f"Plik {name} jest w starym formacie Worda (.doc) albo Excela (.xls), których "
            "import nie czyta. Proszę zapisać go jako DOCX, XLSX albo PDF i zaimportować ponownie."
        )
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return _read_pdf(data, name, year)
    readers = {".docx": docx_tables, ".xlsx": xlsx_tables, ".odt": odf_tables, ".ods": odf_tables}
    if suffix in (".html", ".htm", ".xhtml"):
        tables, surrounding, frame, said, unseen = html_tables(data, name)
        imported = _read_tables(tables, surrounding, year, name, frame)
        return _noted(_unseen_noted(imported, unseen), said)
    if suffix in readers:
        tables, surrounding, unseen = readers[suffix](data, name)
        return _unseen_noted(_read_tables(tables, surrounding, year, name), unseen)
    if suffix in (".txt", ".text", ""):
        decoded = decode_document(data, name, page=False)
        return _noted(_read_text(decoded.text, year, name), decoded.note)
    raise DocumentError(
        f"Nieobsługiwany format pliku {name}. Import czyta: PDF, DOCX, ODT, XLSX, ODS, "
        "HTML i tekst (TXT)."
    )


def _read_pdf(data: bytes, name: str, year: int | None) -> ImportedSchedule:
    """A PDF's ruled tables, else its aligned columns, else its text, with what its pages do
    not show named in the review (notifier.documents.pdf_seen)."""
    tables, words, text, surrounding, unseen = pdf_content(data, name)
    if tables:
        return _unseen_noted(_read_tables(tables, surrounding, year, name), unseen)
    try:
        tables, surrounding = aligned_tables(_bounded_words(words, name), year)
    except DocumentError as refusal:  # the core's reason, named with the file
        raise DocumentError(f"Plik {name}: {refusal}") from None
    if not tables:
        return _unseen_noted(_read_text(text, year, name), unseen)
    imported = _read_tables(tables, surrounding, year, name)
    imported.notes.insert(0, ALIGNED_NOTE)
    return _unseen_noted(imported, unseen)


def _unseen_noted(imported: ImportedSchedule, unseen: list[Unseen]) -> ImportedSchedule:
    """`imported` with the notes on what its reader does not see, skipped, first in its review
    (notifier.documents.unseen)."""
    imported.notes[:0] = unseen_notes(unseen)
    return imported


def _noted(imported: ImportedSchedule, note: str | None) -> ImportedSchedule:
    """`imported` with the note on how its characters were read first in its review."""
    if note:
        imported.notes.insert(0, note)
    return imported


def _cleaned(text: str, place: str, removals: list[Removal]) -> str:
    """`text` without the characters that are no text (notifier.core.importing.controls),
    what was removed recorded in `removals` under `place` for the review."""
    clean, removed = cleaned(text)
    if removed:
        removals.append(Removal(place, removed, clean))
    return clean


def _too_long(name: str, count: int, forms: tuple[str, str, str], most: int) -> DocumentError:
    what = plural(count, *forms)
    return DocumentError(
        f"Plik {name} ma {count} {what} – import czyta najwyżej {most}, a harmonogram nawet "
        "dużego miasta ma kilkaset zadań. Proszę sprawdzić, czy to właściwy plik, albo "
        "podzielić go na części."
    )


def _cell_too_long(name: str, where: str, text: str) -> DocumentError:
    """The refusal of a cell (a text's line) over MAX_CELL_CHARS, saying if it has words."""
    count = len(text)
    longest = max((len(w) for w in text.split()), default=0)
    what = (
        "i ani jednego słowa (same znaki bez odstępów)"
        if longest * 2 > count
        else "– to kilka stron tekstu"
    )
    return DocumentError(
        f"Plik {name}: komórka ({where}) ma {count} {plural(count, 'znak', 'znaki', 'znaków')} "
        f"{what}, a nazwa zadania czy termin ma najwyżej kilkaset. To nie nazwa zadania ani "
        "termin; import czyta komórki do "
        f"{MAX_CELL_CHARS} znaków. Proszę sprawdzić, czy to właściwy plik, albo poprawić tę komórkę."
    )


def _bounded_words(words: list[list[Word]], name: str) -> list[list[Word]]:
    count = sum(len(page) for page in words)
    if count > MAX_LINES * 10:
        raise _too_long(name, count, ("słowo", "słowa", "słów"), MAX_LINES * 10)
    return words


def _read_tables(
    tables: Sequence[Table],
    surrounding: str,
    year: int | None,
    name: str,
    frame: Sequence[Table] = (),
) -> ImportedSchedule:
    rows = sum(len(table) for table in [*tables, *frame])
    if rows > MAX_ROWS:
        raise _too_long(name, rows, ROW_FORMS, MAX_ROWS)
    cells = sum(len(row) for table in tables for row in table)
    if cells > MAX_ROWS * 20:
        raise _too_long(
            name, cells, ("komórkę tabel", "komórki tabel", "komórek tabel"), MAX_ROWS * 20
        )
    lines = line_count(surrounding)
    if lines > MAX_LINES:
        raise _too_long(name, lines, LINE_FORMS, MAX_LINES)
    for table in tables:
        for row in table:
            for cell in row:
                if cell is not None and len(cell.text) > MAX_CELL_CHARS:
                    raise _cell_too_long(name, str(cell.where), cell.text)
    done: dict[int, Cell] = {}  # by the original's id: a merged cell stays one object
    removals: list[Removal] = []

    def clean(cell: Cell | None) -> Cell | None:
        if cell is None:
            return None
        if id(cell) not in done:
            text = _cleaned(cell.text, str(cell.where), removals)
            done[id(cell)] = replace(cell, text=text) if text != cell.text else cell
        return done[id(cell)]

    clean_tables = [
        HeadedTable([[clean(cell) for cell in row] for row in table], heading_of(table))
        for table in tables
    ]
    text = _cleaned(surrounding, "tekst poza tabelą", removals)
    imported = read_tables(clean_tables, text, year)
    shown = [[[clean(cell) for cell in row] for row in table] for table in frame]
    imported.notes += [skipped_note(table, PAGE_FRAME) for table in shown if table]
    # cells apart by a blank line: "… sesja Rady Miasta" and "Lp." below it are no phrase
    printed = "\n\n".join(c.text for table in clean_tables for row in table for c in row if c)
    named = cities_named(f"{text}\n{printed}")
    if not any(task.period for task in imported.tasks()):  # no schedule table: labelled prose?
        imported = (
            read_labels(paragraphs(text), text, year) or read_period_list(text, year) or imported
        )
    imported.named = [(n.name, n.phrase, n.nominative) for n in named]
    return _said(imported, removals)


def _read_text(text: str, year: int | None, name: str) -> ImportedSchedule:
    """The harmonogram of a plain text (a PDF's text layer, a TXT): its lines as the readers
    split them (text_reader.line_count, one_line_end), refused at once when too many or too
    long, cleaned of what is no text line by line, each line named in the review."""
    lines = line_count(text)
    if lines > MAX_LINES:
        raise _too_long(name, lines, LINE_FORMS, MAX_LINES)
    text = one_line_end(text)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_CELL_CHARS:
            raise _cell_too_long(name, f"wiersz {number} tekstu", line)
    removals: list[Removal] = []
    kept = []
    for number, line in enumerate(text.split("\n"), start=1):
        page_break = line.startswith("\f")
        line = _cleaned(line.removeprefix("\f"), f"wiersz {number} tekstu", removals)
        kept.append("\f" + line if page_break else line)
    pages = "\n".join(kept)
    clean = pages.replace("\f", "")
    imported = _text_table(clean, pages, year, name)
    refusal = broken_cells(imported)
    if refusal is not None:
        raise DocumentError(f"Plik {name}: {refusal}")
    imported.named = [(n.name, n.phrase, n.nominative) for n in cities_named(clean)]
    return _said(imported, removals)


def _text_table(text: str, pages: str, year: int | None, name: str) -> ImportedSchedule:
    """The harmonogram of a text: columns side by side (`pdftotext -layout`), a table copied
    cell by cell, or cells as paragraphs (a PDF's text extraction, the seed's form); a text
    whose cells are out of order (pdfminer) is refused, and so is any reading that gives a
    task or period cut from other cells (notifier.core.importing.scrambled). `pages` is the
    text with its form feeds (a new page), for the columns of each page."""
    known = year or MIN_YEAR
    tables, around = layout_tables(pages, year)  # a header line naming columns side by side
    if tables:
        imported = _read_tables(tables, around, year, name)
        imported.notes.insert(0, LAYOUT_NOTE)
        return imported
    if side_by_side(text):
        raise DocumentError(f"Plik {name}: {SIDE_BY_SIDE}")
    listed = read_period_list(text, year)  # "1) marzec 2027 – <task>;" lines
    if listed is not None:
        return listed
    copied = cell_lines_table(text, known)  # a cell a line, no blank lines between
    if copied is not None and laid_out(text):  # columns apart, the header not on one line
        raise DocumentError(f"Plik {name}: {SIDE_BY_SIDE}")
    if copied is not None:
        imported = _read_tables(*copied, year, name)
        imported.notes.insert(0, CELL_LINES_NOTE)
        return imported
    refusal = scrambled(text, known)
    if refusal is not None:
        raise DocumentError(f"Plik {name}: {refusal}")
    return read_text(text, year)


def _said(imported: ImportedSchedule, removals: list[Removal]) -> ImportedSchedule:
    """`imported` with the notes on what was removed as no text, first in its review."""
    imported.notes[:0] = removal_notes(removals)
    return imported
