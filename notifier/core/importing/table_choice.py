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
from typing import cast

from notifier.core.importing.document_dates import year_phrase
from notifier.core.importing.model import DocumentError
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


# a column of what was granted or done: a list of calls already announced, not a plan
_DONE_RE = re.compile(r"dotacj|przyznan|udzielon|ogłoszon|rozstrzygnięt|zawart", re.IGNORECASE)
_DAY_RE = re.compile(r"^(\d{1,2}[./-]\d{1,2}[./-](19|20)\d\d|(19|20)\d\d-\d{1,2}-\d{1,2})( r\.?)?$")


def announced_list(table: Headed) -> bool:
    """A list of calls already announced ("Konkursy ogłoszone w 2026 roku": a day each and
    the amount granted) rather than a plan: every term a single day, or a column of what was
    granted ("Kwota dotacji")."""
    days = [t for r in table.rows if (t := _text(_at(r, table.columns.period)))]
    if days and all(_DAY_RE.match(d) for d in days):
        return True
    return any(_DONE_RE.search(_text(c)) for c in table.header)


def _score(table: Headed) -> tuple[bool, int, int, int]:
    """How much `table` looks like a harmonogram: not a list of calls announced, its
    header's words and its shape, then its number of rows, then earlier first."""
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
    return not announced_list(table), score, len(table.rows), -table.index


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


# a line naming a harmonogram (or a plan of competitions by other words) and its year
_TITLE_RE = re.compile(
    r"\bharmonogram|^(planowane\s+terminy|plan\b|wykaz\b|lista\b|zestawienie\b).*\bkonkurs",
    re.IGNORECASE,
)


# how the refusal of a document with several years' harmonograms begins: the caller who
# asked for a year reads the document again with it (notifier.documents.import_document)
SEVERAL_YEARS = "Dokument zawiera harmonogramy kilku lat"


@dataclass(frozen=True)
class YearTable:
    """A table printing the harmonogram's header: its index, where its header is, and the
    title printed in it above the header (a sheet's first rows), if any."""

    index: int
    where: str
    title: str


@dataclass(frozen=True)
class YearChoice:
    """The tables of other years to skip, the text around the tables without their titles,
    and the review's note on what was read and what skipped (Polish)."""

    skip: frozenset[int]
    surrounding: str
    note: str


def titled_year(text: str) -> tuple[int, str] | None:
    """The year of the first line of `text` naming a harmonogram ("Harmonogram … w 2026
    roku") and that line, else None."""
    for line in text.splitlines():
        shown = " ".join(line.split())
        if _TITLE_RE.search(shown) and (found := year_phrase(shown)):
            return found[0], shown
    return None


def one_year_of(
    tables: Sequence[Table],
    headed: Row | None,
    surrounding: str,
    year: int | None,
    header_in: Callable[[Sequence[Row], int | None], Sequence[object] | None],
    notes: list[str],
) -> tuple[Sequence[Table], str]:
    """The tables and the text around them with the tables of other years left out (empty)
    when the tables printing the harmonogram's header `headed` are several years'
    harmonograms (`one_year`; `header_in`: a table's header row index first, its odd period
    texts fourth, or None); what was read and skipped said in `notes`."""
    found: list[YearTable] = []
    for index, table in enumerate(tables):
        rows = [r for r in table if any(_text(c) for c in r)]
        got = header_in(rows, year) if rows else None
        if headed is None or got is None or got[3]:
            continue  # no header, or a header over a column of no periods
        i = cast(int, got[0])
        if not same_header(rows[i], headed):
            continue
        where = next((c.where for c in rows[i] if c is not None), None)
        title = "\n".join(" ".join(_text(c) for c in row) for row in rows[:i])
        found.append(YearTable(index, str(where), title))
    choice = one_year(found, surrounding, year) if len(found) > 1 else None
    if choice is None:
        return tables, surrounding
    notes.append(choice.note)
    return [[] if i in choice.skip else t for i, t in enumerate(tables)], choice.surrounding


def one_year(tables: Sequence[YearTable], surrounding: str, year: int | None) -> YearChoice | None:
    """Of tables printing the same harmonogram header, each under a title of another year
    (a BIP page carrying 2026's harmonogram and 2027's; a workbook with a sheet per year):
    the asked `year`'s, the others skipped; None when they are one year's (a table split by
    a page break). Each table's year is its own title's, else the titles around the tables
    taken in order, one a table. DocumentError when no year was asked (or none printed is
    the one asked), naming the years: a harmonogram file holds one year."""
    # each title once, where it is printed last (a page's reader may put the heading above
    # its table first too)
    last = {t: n for n, line in enumerate(surrounding.splitlines()) if (t := titled_year(line))}
    outside = sorted(last, key=last.__getitem__)
    untitled = [t for t in tables if titled_year(t.title) is None]
    if len(untitled) != len(outside):
        outside = []  # titles and tables cannot be paired one to one: nothing said
    pairs = iter(outside)
    years: list[tuple[YearTable, int, str]] = []
    for table in tables:
        own = titled_year(table.title)
        found = own or next(pairs, None)
        if found is not None:
            years.append((table, *found))
    if len({y for _, y, _ in years}) < 2:
        return None
    listed = "; ".join(f"{y} ({printed(t, 70)}, {table.where})" for table, y, t in years)
    chosen = [entry for entry in years if entry[1] == year]
    if not chosen:
        raise DocumentError(_several_years(listed, years, year))
    skipped = [entry for entry in years if entry[1] != year]
    drop = {t for _, y, t in skipped}
    kept = "\n".join(x for x in surrounding.splitlines() if " ".join(x.split()) not in drop)
    note = (
        f"dokument ma harmonogramy kilku lat: {listed}; wczytano rok {year}, pominięto "
        + ", ".join(f"tabelę roku {y} ({table.where})" for table, y, _ in skipped)
    )
    return YearChoice(frozenset(table.index for table, _, _ in skipped), kept, note)


def _several_years(
    listed: str, years: Sequence[tuple[YearTable, int, str]], asked: int | None
) -> str:
    """The refusal of a document with harmonograms of several years and none asked (or none
    of them asked), in Polish."""
    newest = max(y for _, y, _ in years)
    why = (
        "Import tworzy plik harmonogramu jednego roku i nie zgaduje, który z nich wczytać"
        if asked is None
        else f"Żaden z nich nie jest na wskazany rok {asked}"
    )
    return (
        f"{SEVERAL_YEARS}, każdy w osobnej tabeli pod własnym tytułem: {listed}. {why}. Proszę wskazać rok: w poleceniu notifier import opcją --year "
        f"(np. --year {newest}), w biurze polem roku w formularzu importu."
    )
