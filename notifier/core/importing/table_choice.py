"""Which of a document's headed tables is the harmonogram, by its header and shape.

A whole BIP page holds other tables whose header also names a task and a term: a sidebar's
"Konkurs | Termin składania ofert" (the calls open now), a list of sessions or events. The
harmonogram's own table is the one most like a plan of announcements: its term column speaks
of announcing ("Termin ogłoszenia", "Planowany termin ogłoszenia konkursu"), it has a
department column or department heading rows, its task column names tasks. Other headed tables
are read with it only if they print the same header (a table split by a page break, one table
per department); any other is skipped and named in the review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from notifier.core.importing.quoting import printed
from notifier.core.importing.table_cells import Columns, Row, Table
from notifier.core.importing.table_cells import cell_at as _at
from notifier.core.importing.table_cells import cell_text as _text

# a term column about announcing: the harmonogram's own
_ANNOUNCING_RE = re.compile(r"ogłosz|ogłasz|uruchomien|rozpoczęci", re.IGNORECASE)
# a term of another stage: offers filed, results, the work itself (a sidebar's open calls)
_OTHER_STAGE_RE = re.compile(
    r"składani|nadsyłani|rozstrzygn|wynik|realizacj|wydarzeni|sesj|posiedzeni", re.IGNORECASE
)
# the items of a list of events, not tasks ("Wydarzenie", "Sesja Rady")
_EVENTS_RE = re.compile(r"wydarzeni|sesj|posiedzeni", re.IGNORECASE)
_TASK_WORDS_RE = re.compile(r"zadani|działani|rodzaj|obszar|zakres|priorytet", re.IGNORECASE)


@dataclass(frozen=True)
class Headed:
    """A table with a header naming its columns: its index among the document's tables."""

    index: int
    header: Row
    columns: Columns
    rows: Sequence[Row]  # the rows under the header


def header_key(header: Row) -> tuple[str, ...]:
    """A header's texts as compared between tables: case and spacing ignored."""
    return tuple(" ".join(_text(c).lower().split()) for c in header if _text(c))


def same_header(a: Row, b: Row) -> bool:
    return header_key(a) == header_key(b)


def other_stage(header: Row, columns: Columns) -> str | None:
    """The review's words (Polish) for a header whose term is of another stage than the
    announcement ("Termin składania ofert", "Termin realizacji", "Data sesji"): a list of
    calls open now or of events, no harmonogram; None for a harmonogram's header."""
    period_header = _text(_at(header, columns.period))
    task_header = _text(_at(header, columns.task))
    if columns.months or _ANNOUNCING_RE.search(period_header):
        return None
    if not (_OTHER_STAGE_RE.search(period_header) or _EVENTS_RE.search(task_header)):
        return None
    return (
        f"kolumna {printed(period_header, 40)} nie podaje terminu ogłoszenia konkursu — to np. "
        "lista bieżących konkursów z terminami składania ofert albo lista wydarzeń"
    )


def _score(table: Headed) -> tuple[int, int, int]:
    """How much `table` looks like a harmonogram: its header's words and its shape, then its
    number of rows, then earlier first."""
    columns = table.columns
    period_header = _text(_at(table.header, columns.period))
    task_header = _text(_at(table.header, columns.task))
    score = 4 if columns.months or _ANNOUNCING_RE.search(period_header) else 0
    if columns.department >= 0 or _heading_rows(table.rows) > 0:
        score += 2
    if _TASK_WORDS_RE.search(task_header):
        score += 1
    if columns.number >= 0:
        score += 1
    return score, len(table.rows), -table.index


def _heading_rows(rows: Sequence[Row]) -> int:
    """Rows with one filled cell spanning the table: department (or scope) headings."""
    count = 0
    for row in rows:
        filled = {id(c) for c in row if c is not None and _text(c)}
        if len(filled) == 1 and len(row) > 1 and len([c for c in row if c is not None]) > 1:
            count += 1
    return count


def harmonogram_header(
    tables: Sequence[Table], headed_at: Callable[[int, Table], Headed | None]
) -> Row | None:
    """The header of the table most like a harmonogram among the tables `headed_at` finds a
    header in (it returns None for a table without one, or one it refuses)."""
    found = [
        h
        for i, t in enumerate(tables)
        if (h := headed_at(i, t)) is not None and other_stage(h.header, h.columns) is None
    ]
    if not found:
        return None
    return max(found, key=_score).header


def other_header_note(header: Row, chosen: Row) -> str:
    """The review's words for a headed table skipped beside the harmonogram's (Polish)."""
    shown = " | ".join(header_key(header))[:60]
    return (
        f"nagłówek „{shown}” inny niż nagłówek tabeli harmonogramu "
        f"„{' | '.join(header_key(chosen))[:60]}” — np. lista bieżących konkursów, "
        "wydarzeń lub kontaktów obok harmonogramu"
    )
