"""Refusals of the layout-text reader (notifier.core.importing.layout_text) where a text of
columns side by side (`pdftotext -layout`) cannot be read without guessing: a period printed
once beside rows of one line each (at the top of its merged cell it covers the rows below, in
its middle the rows above too), a department's line right under another's with no blank
line between rows (the next row's cell or the one above going on), and a task's line that
did not have to wrap (its first word would have fit on the line above): without a number a
new task under a period printed once for several rows, or a line broken inside the cell.
Pure: texts in, Polish out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from notifier.core.importing.cells import LP_RE, period_or_none
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.quoting import ending, excerpt
from notifier.core.importing.table_cells import Columns

__all__ = [
    "NUMBER_CELL_RE",
    "begins_unit",
    "merged_period",
    "new_period",
    "not_at_top",
    "off_column",
    "spilled_cells",
    "top_aligned",
    "touching_cells",
    "unforced_break",
    "width",
]

# A line beginning with the name of an office's unit begins a department's cell, never goes on
# with the one above ("Wydział Kultury" right above "Wydział Sportu").
_UNIT_RE = re.compile(
    r"(wydział|biuro|referat|departament|zespół|dział|urząd|centrum|ośrodek|pełnomocnik|"
    r"straż|kancelaria|sekretariat|gabinet|zarząd|komenda|stanowisko)\b",
    re.IGNORECASE,
)


NUMBER_CELL_RE = LP_RE  # "2.", "1.1", "1a"


def begins_unit(text: str) -> bool:
    return bool(_UNIT_RE.match(text))


def merged_period(period: str, holder: Where, row: Where) -> str:
    """The refusal of a period printed once beside rows of one line each."""
    return (
        f"W tekście z kolumnami obok siebie termin „{excerpt(period)}” ({holder}) wydrukowano raz, a "
        f"{row} nie ma własnego terminu. Wiersze mają po jednej linii, więc z tekstu nie "
        "wynika, czy termin stoi u góry scalonej komórki (i dotyczy wierszy pod nim), czy na "
        "jej środku (i dotyczy też wierszy nad nim). Import nie zgaduje. Proszę zaimportować "
        "sam plik PDF albo oryginał (DOCX, XLSX)."
    )


def not_at_top(where: Where, what: str) -> str:
    """The refusal of cells printed in the middle (at the bottom) of their rows."""
    return (
        f"W tekście z kolumnami obok siebie komórki nie stoją u góry wierszy ({where}: {what}), "
        "więc nie wiadomo, których wierszy dotyczy termin wydrukowany raz dla kilku z nich. "
        "Proszę zaimportować sam plik PDF."
    )


def off_column(text: str, where: Where) -> str:
    """The refusal of a cell starting where the header has no column."""
    return (
        f"W tekście z kolumnami obok siebie {where} ma tekst „{excerpt(text, 40)}” w miejscu, gdzie "
        "wiersz nagłówka nie ma kolumny, więc nie wiadomo, do której kolumny należy. Proszę "
        "zaimportować sam plik PDF."
    )


def touching_cells(above: str, text: str, where: Where) -> str:
    """The refusal of a department's (remarks') line right under another's cell."""
    return (
        f"W tekście z kolumnami obok siebie {where} zaczyna się od „{excerpt(text, 40)}” tuż pod "
        f"„{excerpt(above, 40)}”, bez pustej linii między wierszami: nie wiadomo, czy to nowa "
        "komórka, czy dalszy ciąg komórki powyżej. Import nie zgaduje. Proszę zaimportować sam "
        "plik PDF albo oryginał (DOCX, XLSX)."
    )


# what may run on past a column's start as the end of its cell's words: a year's words
_RUNS_ON_RE = re.compile(r"^(r\.?|rok|roku|(19|20)\d\d( r\.?| roku)?)$", re.IGNORECASE)
_BREAKS_OFF_RE = re.compile(r"(\s(w|we|i|o|z|ze|na|do|dla|od|oraz|ds\.)|[,-])$", re.IGNORECASE)


def spilled_cells(
    chunks: Sequence[tuple[int, str]], column_of: Callable[[int], int], where: Where
) -> dict[int, str]:
    """A numbered row's text by column (`chunks`: runs of words one space apart and where
    they start; `column_of` a position's column) when a cell runs on past the next column's
    start ("5.    Aktywizacja    nie wcześniej niż 1 marca 2027 r." past "Uwagi"): kept whole
    in the column it starts in when what runs on is its year's words ("2027 r.", "roku") or it
    breaks off mid-phrase; DocumentError naming the line when the words past the start may
    be the next column's cell ("… 2027 roku konkurs wieloletni") or that column has its own."""
    out: dict[int, str] = {}
    taken: set[int] = set()  # the columns a cell starts in or runs into
    for start, chunk in chunks:
        words = [(m.start() + start, m.group()) for m in re.finditer(r"\S+", chunk)]
        parts = [words]
        if len(words) > 1 and NUMBER_CELL_RE.fullmatch(words[0][1]):  # "5. Aktywizacja"
            parts = [words[:1], words[1:]]
        for part in parts:
            first = column_of(part[0][0])
            inside = " ".join(w for at, w in part if column_of(at) == first)
            past = " ".join(w for at, w in part if column_of(at) != first)
            text = " ".join(w for _, w in part)
            runs_on = _RUNS_ON_RE.match(past) or _BREAKS_OFF_RE.search(inside)
            if first in taken or (past and not runs_on):
                raise DocumentError(_spilled(text, where))
            out[first] = text
            taken |= {column_of(at) for at, _ in part}
    return out


def _spilled(text: str, where: Where) -> str:
    """The refusal of a cell's words running on past the next column's start."""
    return (
        f"W tekście z kolumnami obok siebie {where} ma tekst „{excerpt(text, 60)}”, który "
        "przechodzi przez początek następnej kolumny: nie wiadomo, czy to jedna komórka "
        "szersza od kolumny, czy dwie komórki obok siebie. Import nie zgaduje. Proszę "
        "zaimportować sam plik PDF albo oryginał (DOCX, XLSX)."
    )


# Glyph widths of a common proportional font (Helvetica's, in thousandths of an em; other
# letters and digits 556): `pdftotext -layout` gives a character per position, whatever its
# printed width, so a line's length in characters says little of how full it is.
_WIDTHS = {
    **dict(
        zip(
            "abcdefghijklmnopqrstuvwxyz",
            (
                556,
                556,
                500,
                556,
                556,
                278,
                556,
                556,
                222,
                222,
                500,
                222,
                833,
                556,
                556,
                556,
                556,
                333,
                500,
                278,
                556,
                500,
                722,
                500,
                500,
                500,
            ),
            strict=True,
        )
    ),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            (
                667,
                667,
                722,
                722,
                667,
                611,
                778,
                722,
                278,
                500,
                667,
                556,
                833,
                722,
                778,
                667,
                778,
                722,
                667,
                611,
                722,
                667,
                944,
                667,
                667,
                611,
            ),
            strict=True,
        )
    ),
    **dict.fromkeys(" .,;:!|/'", 278),
    **dict.fromkeys("-()[]", 333),
}
# A line whose first word would have fit on the line above by this share of the column's
# widest line at least did not wrap (the estimate errs by a few percent either way).
_ROOM = 0.95
_CONTINUES_RE = re.compile(
    r"(\s(w|i|o|z|u|a|na|do|dla|oraz|ds\.|ze|we|od|po)|[,\-–(])$", re.IGNORECASE
)


def width(text: str) -> int:
    """`text`'s printed width estimated in thousandths of an em."""
    return sum(
        _WIDTHS.get(unicodedata.normalize("NFD", ch.replace("ł", "l").replace("Ł", "L"))[0], 556)
        for ch in text
    )


def unforced_break(above: str, text: str, widest: int, where: Where) -> str | None:
    """The refusal of a task's line `text` (no number, no period of its own) under `above`,
    the line before it in the same cell column, when its first word would have fit there
    within `widest` (the column's widest line): the line did not wrap, so it begins a task
    under a period printed once for several rows, or the cell breaks its line; a line that
    had to wrap (or above breaks off mid-phrase) goes on with the task. None when it wraps."""
    first = text.split()[0] if text.split() else ""
    if not first or _CONTINUES_RE.search(above):
        return None
    if width(f"{above} {first}") >= _ROOM * widest:
        return None
    return (
        f"W tekście z kolumnami obok siebie {where} zaczyna się od „{excerpt(text, 40)}”, choć to "
        f"słowo zmieściłoby się w linii powyżej („…{ending(above, 40)}”). Bez numeru zadania w tej "
        "linii nie wiadomo, czy to nowe zadanie pod terminem wydrukowanym raz dla kilku "
        "wierszy, czy dalszy ciąg tego samego tytułu. Import nie zgaduje podziału na zadania. Proszę "
        "zaimportować sam plik PDF albo oryginał (DOCX, XLSX)."
    )


def top_aligned(
    where: Where,
    texts: dict[int, str],
    above: list[str],
    columns: Columns,
    year: int,
    state: tuple[bool, bool],
) -> None:
    """Refuse a table whose cells are not at the top of their rows (centred, as some PDFs
    print them): a row's number beside the middle of its task cell, a period on a line of no
    task, or the first task under the header or a heading without its period (no merged
    cell reaches over a heading). There a period printed once for several rows cannot be
    told to its rows. `above`: the period text of the row so far; `state`: whether the line
    above began a task cell with no number beside it, and whether no row is yet under the
    header or a heading."""
    first_unnumbered, fresh = state
    task = texts.get(columns.task, "")
    number = columns.number >= 0 and bool(NUMBER_CELL_RE.fullmatch(texts.get(columns.number, "")))
    period = texts.get(columns.period, "")
    begins = new_period(period, above, year)
    mid = number and (not task or (task[:1].islower() and first_unnumbered))
    if fresh and task and not period and columns.period != columns.task:
        what = (
            f"pierwsze zadanie pod nagłówkiem, „{excerpt(task, 40)}”, nie ma terminu w swojej linii"
        )
        raise DocumentError(not_at_top(where, what))
    if mid or (begins and not task and not number):
        what = "numer wiersza" if mid else f"termin „{excerpt(period)}”"
        raise DocumentError(
            not_at_top(where, f"{what} stoi obok środka komórki, nie obok jej pierwszego wiersza")
        )


_YEAR_ONLY_RE = re.compile(r"^((19|20)\d\d\s*)?(r\.?|roku|rok)?$", re.IGNORECASE)


def new_period(text: str, above: list[str], year: int) -> bool:
    """Does a period cell start with `text` (under `above`, the period text of the row so
    far)? Not when it only ends the one above ("styczeń" / "2023 r.", "do 31 stycznia 2025"
    / "r."): a year or "r." alone under a period."""
    if not text or not period_or_none(text, year):
        return False
    return not (above and _YEAR_ONLY_RE.match(text))
