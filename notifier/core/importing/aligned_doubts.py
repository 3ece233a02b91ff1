"""When a table of aligned text (a PDF without ruling lines) cannot be read without guessing:
the aligned reader (notifier.core.importing.aligned_reader) refuses it rather than give a task
merged with the next or paired with another row's period.

- rows printed with no space between them and no number starting each task: a cell of two
  lines may be one task's title wrapped or two tasks' titles, and nothing on the page says which;
- a cell printed once for several rows (a merged period or department) in a table whose cells
  never show where they sit in a taller row: its text beside the first of three one-line rows
  may cover the three (printed at the top) or the row above too (printed in the middle).

Pure: lines and positions in, a Polish refusal (or None) out.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from notifier.core.importing.aligned_layout import Line
from notifier.core.importing.cells import LP_RE, NUMBER_RE
from notifier.core.importing.quoting import ending, excerpt

__all__ = [
    "ASK",
    "Piece",
    "ambiguous_merge",
    "broken_word",
    "crossed_cells",
    "rows_apart",
    "undivided_rows",
]

ASK = (
    "Proszę zaimportować oryginał, z którego powstał PDF (DOCX albo XLSX), albo wpisać te "
    "zadania w pliku harmonogramu (TOML) ręcznie."
)
UNDIVIDED = (
    "Tabela bez linii siatki na stronie {page} nie ma odstępów między wierszami, a jej komórki "
    "mają po kilka linii: nie da się rozpoznać, gdzie kończy się jeden wiersz, a zaczyna "
    "następny (tytuł albo nazwa komórki w dwóch liniach może być jednym wierszem albo dwoma). "
    "Import nie zgaduje podziału na zadania. " + ASK
)
BROKEN_WORD = (
    "Tabela bez linii siatki na stronie {page} ma kolumnę węższą niż jej słowa: słowa są "
    "przełamane między liniami („{shown}”), więc nie da się pewnie odczytać komórek. "
    "Import nie zgaduje. " + ASK
)
AMBIGUOUS = (
    "Tabela bez linii siatki na stronie {page}: termin lub komórka „{text}” wydrukowana raz "
    "obok wierszy {rows} może dotyczyć różnych z nich — z dokumentu nie wynika, czy tekst stoi "
    "u góry, czy na środku scalonej komórki. Import nie zgaduje, których wierszy dotyczy. " + ASK
)


@dataclass(frozen=True)
class Piece:
    """One cell's text in one column as the reader cut it: its lines' tops and its bottom."""

    page: int
    column: int
    tops: tuple[float, ...]
    bottom: float


def rows_apart(lines: Sequence[Line], skipped: set[int], step: float) -> bool:
    """Are rows printed with space between them: two table lines on a page further apart than
    a line and a tenth (`skipped`: indexes of rows spanning the table and repeated headers,
    whose space says nothing of the rows)?"""
    for (i, a), (j, b) in itertools.pairwise(enumerate(lines)):
        if (
            a.page == b.page
            and i not in skipped
            and j not in skipped
            and b.top - a.top > 1.12 * step
        ):
            return True
    return False


def undivided_rows(page: int, starts: Sequence[str]) -> str | None:
    """The refusal for rows without space between them whose tasks are not numbered
    (`starts`: the first line of each cell of the column driving the rows)."""
    if not starts or _numbered(starts):
        return None
    return UNDIVIDED.format(page=page)


def crossed_cells(
    pieces: Sequence[Piece], driver: int, starts: dict[int, list[float]], step: float
) -> str | None:
    """The refusal for rows without space between them when a column printed in some rows
    only (a merged department or period) has a cell of several lines, or two cells touching:
    each line may begin a row's cell or go on with the cell above."""
    by_column: dict[tuple[int, int], list[Piece]] = {}
    for piece in pieces:
        if piece.column != driver:
            by_column.setdefault((piece.page, piece.column), []).append(piece)
    for (page, _), column in sorted(by_column.items()):
        tops = [t for p in column for t in p.tops]
        if all(any(abs(t - s) < 0.25 * step for t in tops) for s in starts.get(page, [])):
            continue  # a line at every row's start: each cell begins there
        column.sort(key=lambda p: p.tops[0])
        touching = any(b.tops[0] - a.tops[-1] < 1.12 * step for a, b in itertools.pairwise(column))
        if touching or any(len(p.tops) > 1 for p in column):
            return UNDIVIDED.format(page=page)
    return None


def _numbered(starts: Sequence[str]) -> bool:
    numbered = sum(1 for s in starts if NUMBER_RE.match(s) or LP_RE.fullmatch(s.strip()))
    return numbered >= 0.9 * len(starts)


# Words of up to three letters a cell's line may begin with; any other such piece in small
# letters is the end of a word broken at a column too narrow for it ("stycze" / "ń 2023 r.").
_WORDS = (
    "a i o u w z ad by co do go ja je ku ma mu my na no od on po są ta te to tu we wy za ze że "
    "zł ok np aby ale bez był być coś czy dla dni dwa gdy ich ile jak jej już lat lub nad nam nas "
    "nie niż oba obu oni ono pod pół raz rok sam się tak tam tej ten też tym tys mln oraz"
)
_SHORT_WORDS = frozenset(_WORDS.split())


def broken_word(cells: Sequence[tuple[int, Sequence[str]]]) -> str | None:
    """The refusal for a column narrower than its words: a cell's line (of `cells`, each a page
    and its lines) beginning with the end of a word broken off the line above."""
    for page, texts in cells:
        for above, text in itertools.pairwise(texts):
            first = text.split()[0] if text.split() else ""
            broken = first.isalpha() and first.islower() and len(first) <= 3
            if broken and first not in _SHORT_WORDS and above.split():
                return BROKEN_WORD.format(
                    page=page, shown=f"{ending(above.split()[-1], 40)} / {excerpt(first, 40)}"
                )
    return None


def ambiguous_merge(page: int, text: str, rows: Sequence[int]) -> str:
    shown = excerpt(text, 60)
    numbers = ", ".join(str(r) for r in rows)
    return AMBIGUOUS.format(page=page, text=shown, rows=numbers)
