"""What a document holds but its reader does not see, and the review's notes naming it.

The importer reads a document as its reader sees it (Word, LibreOffice, Excel, a browser):
text hidden by its format (Word's "Ukryty", ODF's `text:display="none"`, HTML's `hidden` and
`display:none`), text struck through (a BIP page's old date after a change: `<del>`, `<s>`,
Word's and Excel's strikethrough), a tracked deletion, a hidden sheet, row or column. None of
it is the harmonogram the city prints, so none of it is read; yet a clerk must be able to see
that the print had a struck date, so each place is named in the review with what was skipped
and what the cell still says (one rule for every format, blind11 F10/F11).

A superscript after a token is a footnote mark ("do 31.03.2027¹"): `superscript` writes its
digits as superscript characters, which the period reader keeps as a note (README, "Import the
city's document"), and keeps any other superscript apart from the word before it (blind11 M9).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from notifier.core.importing.quoting import printed
from notifier.core.importing.table_cells import Cell

HIDDEN = "tekst ukryty (niewidoczny w dokumencie)"
STRUCK = "tekst przekreślony"
DELETED = "tekst usunięty w śledzeniu zmian"
MAX_PLACES = 10  # places the review names; the rest are counted
UNSEEN_NOTE = (
    "pominięto to, czego czytelnik dokumentu nie widzi albo co jest przekreślone (ukryty lub "
    "przekreślony tekst, ukryte arkusze, wiersze i kolumny): to nie część drukowanego "
    "harmonogramu"
)


@dataclass(frozen=True)
class Unseen:
    """One place of a document with something its reader does not see: `place` as the review
    names it ("tabela 1, wiersz 3"), `what` was skipped (HIDDEN, STRUCK, "ukryty wiersz 5"),
    its `text`, and what the cell still says (`left`; None for a sheet, row or column)."""

    place: str
    what: str
    text: str
    left: str | None = None


def unseen_notes(unseen: list[Unseen]) -> list[str]:
    """The review's notes on `unseen`: one line saying why, then each place (the first
    MAX_PLACES) with what was skipped and what is left, quoted and cut; [] when none."""
    if not unseen:
        return []
    notes = [f"{UNSEEN_NOTE} ({len(unseen)})"]
    for item in unseen[:MAX_PLACES]:
        shown = f" {printed(item.text)}" if item.text.strip() else ""
        left = ""
        if item.left is not None:
            left = f"; zostało {printed(item.left)}" if item.left.strip() else "; komórka pusta"
        notes.append(f"{item.place}: pominięto {item.what}{shown}{left}")
    rest = len(unseen) - MAX_PLACES
    if rest > 0:
        notes.append(f"… i w {rest} innych miejscach dokumentu")
    return notes


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARK_CHARS = frozenset("0123456789*")


def superscript(text: str) -> str:
    """A superscript's text as it is put into the cell: digits and asterisks (a footnote
    mark "1", "**", "1)" or "(1)"; the minutes of "15³⁰") as superscript characters and
    asterisks, anything else after a space, so it never joins the word before it."""
    bare = text.strip().strip("()")
    if bare and set(bare) <= _MARK_CHARS:
        return bare.translate(_SUPERSCRIPT)
    return f" {text}" if text.strip() else text


class ShownText:
    """A cell's or paragraph's shown text built run by run: raised (superscript) runs in a row
    are one mark ("1" "2" is "¹²"), put in by `superscript` where the next shown run or the
    end comes; the others as they are."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._raised: list[str] = []

    def add(self, text: str, raised: bool = False) -> None:
        if raised:
            self._raised.append(text)
            return
        self._close_mark()
        self._parts.append(text)

    def text(self) -> str:
        self._close_mark()
        return "".join(self._parts)

    def _close_mark(self) -> None:
        if self._raised:
            self._parts.append(superscript("".join(self._raised)))
            self._raised.clear()


class Skipped:
    """What one cell (or paragraph) skipped, by kind in order of first appearance: a kind's
    text runs on while nothing visible comes between ("Sty" + "czeń" split in two runs),
    else its pieces are joined by " … "."""

    def __init__(self) -> None:
        self._pieces: dict[str, list[str]] = {}
        self._last: str | None = None

    def skip(self, what: str, text: str) -> None:
        if not text:
            return
        pieces = self._pieces.setdefault(what, [])
        if self._last == what and pieces:
            pieces[-1] += text
        else:
            pieces.append(text)
        self._last = what

    def seen(self, text: str) -> None:
        """Visible `text` came next: a skipped kind's next text is a piece of its own."""
        if text.strip():
            self._last = None

    def apart(self) -> None:
        """A new paragraph of the cell: a skipped kind's next text is a piece of its own."""
        self._last = None

    def found(self, place: str, left: str | None) -> list[Unseen]:
        """The Unseen of this cell at `place`, whose visible text is `left`."""
        return [
            Unseen(place, what, " … ".join(" ".join(p.split()) for p in pieces), left)
            for what, pieces in self._pieces.items()
            if any(p.strip() for p in pieces)
        ]


def without_hidden(
    grid: Sequence[Sequence[Cell | None]], rows: Collection[int], columns: Collection[int]
) -> list[list[Cell | None]]:
    """`grid` without its hidden `rows` and `columns` (0-based indexes). A cell merged down
    from a hidden row (None below it: "covered from above") is shown by the spreadsheet in the
    first row it still covers, so it goes there."""
    kept: list[list[Cell | None]] = []
    carried: dict[int, Cell] = {}  # column -> the cell of a hidden row, merged down
    for r, row in enumerate(grid):
        if r in rows:
            carried |= {c: cell for c, cell in enumerate(row) if cell is not None}
            continue
        shown = [carried.get(c) if cell is None else cell for c, cell in enumerate(row)]
        carried = {}
        kept.append([cell for c, cell in enumerate(shown) if c not in columns])
    return kept


def hidden_named(
    grid: Sequence[Sequence[Cell | None]],
    rows: Collection[int],
    columns: Collection[int],
    page: int,
    unit: str = "arkusz",
) -> list[Unseen]:
    """The review's places of the hidden `rows` and `columns` (0-based) of sheet (table)
    `page` of `grid` that hold text: "arkusz 2, wiersz 5: pominięto ukryty wiersz „2. | …”",
    "arkusz 2: pominięto ukrytą kolumnę D „Uwagi | …”". An empty one is no loss: unnamed."""
    found: list[Unseen] = []
    for r in sorted(rows):
        if r < len(grid) and (texts := cell_texts(grid[r])):
            where = next((c.where for c in grid[r] if c is not None), None)
            place = str(where) if where is not None else f"{unit} {page}, wiersz {r + 1}"
            found.append(Unseen(place, "ukryty wiersz", texts))
    for c in sorted(columns):
        if texts := cell_texts([row[c] for row in grid if c < len(row)]):
            found.append(Unseen(f"{unit} {page}", f"ukrytą kolumnę {column_letter(c)}", texts))
    return found


def cell_texts(cells: Sequence[Cell | None]) -> str:
    """A row's (a column's) cells as the review quotes them: "2. | Koncert | Maj 2027", a
    merged cell once."""
    seen: list[str] = []
    for cell in cells:
        text = " ".join(cell.text.split()) if cell is not None else ""
        if text and (not seen or seen[-1] != text):
            seen.append(text)
    return " | ".join(seen)


def column_letter(index: int) -> str:
    """A 0-based column index as a spreadsheet names it: 0 -> "A", 27 -> "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
