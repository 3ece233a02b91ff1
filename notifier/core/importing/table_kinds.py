"""Tables of a document that are no harmonogram, told by their content: a document's
metadata or signatures (label | value), a list of dated news or documents (a day beside a
headline), a "period" column of names; and the review's note naming a skipped table."""

from __future__ import annotations

import re
from collections.abc import Sequence

from notifier.core.importing.model import Where
from notifier.core.importing.quoting import printed
from notifier.core.importing.table_cells import Columns, Row
from notifier.core.importing.table_cells import cell_at as _at
from notifier.core.importing.table_cells import cell_text as _text
from notifier.core.undated_wording import period_wording_problem

# the left cell of a document's metadata (a BIP page's "Data wytworzenia | 2026-12-01", a
# resolution's signature "Przewodniczący Rady | Jan Nowak"): such a table is no harmonogram
_METADATA_LABEL_RE = re.compile(
    r"^(data\b|wprowadzi|wytworzy|podmiot|odpowiedzialn|przewodnicząc|zastępca|sekretarz"
    r"|burmistrz|prezydent|wójt|starosta|skarbnik|podpis|opublikowa|zmodyfikowa|zatwierdzi"
    r"|sporządzi|autor|osoba|redaktor|liczba (odsłon|wyświetleń)|rejestr zmian|metryczka"
    r"|informacj[aę] (wytworzy|wprowadzi|opublikowa)|udostępni)",
    re.IGNORECASE,
)


def is_key_value(rows: Sequence[Row]) -> bool:
    """Are `rows` a document's key/value metadata (two filled cells a row, the left one a
    label like "Data", "Wprowadził", "Podmiot udostępniający", "Przewodniczący Rady")?"""
    pairs = [[_text(c) for c in r if _text(c)] for r in rows]
    pairs = [p for p in pairs if p]
    if not pairs or any(len(p) > 2 for p in pairs):
        return False
    labels = sum(
        1 for p in pairs if len(p) == 2 and (_METADATA_LABEL_RE.match(p[0]) or p[0][-1:] == ":")
    )
    return labels * 2 >= len(pairs)


SKIPPED = "pominięto tabelę"
PAGE_FRAME = "w menu, pasku bocznym, kalendarzu lub stopce strony, nie w jej treści"
DATED_LIST = (
    "same daty dzienne obok tytułów, jak lista aktualności lub dokumentów — nie terminy "
    "ogłoszenia konkursów"
)
_DAY_RE = re.compile(
    r"^(\d{1,2}[./-]\d{1,2}[./-](19|20)\d\d|(19|20)\d\d-\d{1,2}-\d{1,2})( r\.?)?"
    r"( \d{1,2}:\d\d)?$"
)


def dated_list(rows: Sequence[Row], columns: Columns) -> bool:
    """A table without a header whose "periods" are all single days ("2026-11-28",
    "20.11.2026"): a BIP page's news, a list of documents or resolutions. A harmonogram
    prints months, quarters or spans ("marzec 2027", "do 15 marca"), not a day per row."""
    days = [_text(_at(r, columns.period)) for r in rows]
    days = [d for d in days if d]
    return bool(days) and all(_DAY_RE.match(d) for d in days)


def beside(header: Row) -> str:
    shown = " | ".join(t for c in header if (t := _text(c)))[:60]
    where = next((c.where for c in header if c is not None), Where(0, 0))
    return (
        f"tabela bez nagłówka obok tabeli harmonogramu z nagłówkiem „{shown}” ({where}); "
        "jeśli to część harmonogramu, proszę dodać jej nagłówek"
    )


def skipped_note(rows: Sequence[Row], kind: str = "") -> str:
    """The review's note of a table that is no harmonogram, with its first cells (Polish)."""
    where = next((c.where for r in rows for c in r if c is not None), Where(0, 0))
    seen = " | ".join(t for r in rows[:2] for c in r if (t := _text(c)))[:80]
    if not kind:
        kind = (
            "metryczka lub podpisy (etykieta | wartość)" if is_key_value(rows) else "bez terminów"
        )
    return f"{where}: {SKIPPED} „{seen}” ({kind}): to nie harmonogram"


def words_for_periods(rows: Sequence[Row], columns: Columns, year: int) -> list[str]:
    """The texts of the period column that are no period (names, other words: see
    notifier.core.undated_wording) when they are most of its filled cells, else []. Dates,
    dashes, undated wordings and cells that try to be dates (a misprint) are periods."""
    cells = {
        id(cell): _text(cell)
        for row in rows
        if (cell := _at(row, columns.period)) is not None
        and _text(cell) not in ("", "-")
        and len({id(c) for c in row if c is not None and _text(c)}) > 1  # not a heading row
    }
    odd = [
        text for text in cells.values() if MARK_RE.match(text) or period_wording_problem(text, year)
    ]
    return odd if odd and len(odd) * 2 > len(cells) else []


# a cell marking a column ("X" under "II kw."), never a period: "X" is no October
MARK_RE = re.compile(r"^(x|\+|✓|✔|•|tak)$", re.IGNORECASE)


def odd_kind(header: Row, columns: Columns, odd: list[str]) -> str:
    named = _text(_at(header, columns.period))[:40]
    shown = ", ".join(f"{printed(t, 30)}" for t in odd[:3])
    if all(MARK_RE.match(t) for t in odd):
        return (
            f"w kolumnie „{named}” są tylko znaczniki, np. {shown}, a nie terminy: import czyta "
            "znaczniki w kolumnach miesięcy albo kwartałów (I–XII, styczeń–grudzień, I–IV kw.), "
            "gdy nagłówki tych kolumn są w jednym wierszu tabeli"
        )
    return (
        f"w kolumnie „{named}” zamiast terminów ogłoszenia są inne słowa, np. {shown} — "
        "ani daty, ani opis zadania bez terminu"
    )
