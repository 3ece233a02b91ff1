"""The rows of a table of aligned text printed without space between rows, its cells at the
top of their rows (a PDF without ruling lines; for notifier.core.importing.aligned_reader).

With cells at the top, every cell of a row begins on the row's first line: a row begins where
a column begins a cell — text under a blank in that column, a number ("2)", "3."), a name in
capitals, or a period cell complete by itself under another ("Maj 2024" / "Maj 2024"). The
title column must begin a cell there too: under a blank, beside a number, beside two period
cells meeting (each row's period lies in the row, however cells sit), or under a line its
first word would have fitted on (no word wrap ended that line). A title line that begins no
row must go on with the line above: it breaks off mid-phrase ("… w", "krajoznaw-"), or the
word wrap (its first word did not fit above; in numbered rows whatever sentence ended there). A cell printed once for several rows (a merged department or period) may run past a
row's first line only as its text says. A row broken by a page goes on under the header
repeated on the next. Whatever could be read two ways is refused, naming the line.

Pure: lines and gutters in, the cells (blocks of lines per column) or a Polish refusal out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notifier.core.importing.aligned_doubts import ASK
from notifier.core.importing.aligned_layout import (
    BREAKS_OFF_RE,
    Gutters,
    Line,
)
from notifier.core.importing.aligned_merges import TextBlock
from notifier.core.importing.aligned_pieces import (
    LP_RE,
    Piece,
    column_pieces,
    dated,
    ends_sentence,
    in_column,
    new_period,
    number_column,
    period_column,
    word_space,
)
from notifier.core.importing.cells import (
    NUMBER_RE,
    SCOPE_RE,
    is_heading,
    period_or_none,
    year_assumed,
)
from notifier.core.importing.layout_doubts import begins_unit
from notifier.core.importing.quoting import excerpt
from notifier.core.importing.table_reader import header_role

__all__ = [
    "DOUBT",
    "dated",
    "ends_sentence",
    "gapless_blocks",
    "goes_on",
    "is_number",
    "new_period",
    "segments",
    "shown",
]

# a cell's line going on with the line above: a conjunction or preposition first
_GOES_ON_RE = re.compile(r"^(i|oraz|lub|albo|a także|a|bądź|ani|czy)\s", re.IGNORECASE)
DOUBT = (
    "Tabela bez linii siatki na stronie {page} nie ma odstępów między wierszami: przy linii "
    "„{text}” nie wiadomo, czy zaczyna się nowy wiersz (zadanie), czy ciągnie się komórka "
    "powyżej. Import nie zgaduje podziału na zadania. " + ASK
)


class _Doubt(Exception):  # a refusal carried out of the row reading
    pass


def gapless_blocks(
    lines: Sequence[Line],
    gutters: Gutters,
    skipped: set[int],
    repeated: set[int],
    year: int,
) -> tuple[list[TextBlock], int] | str:
    """Each column's cells as blocks and the title column's index (the rows' driver), or a
    Polish refusal. `skipped`: indexes of lines spanning the table (department headings),
    `repeated`: of a header row repeated at a page's top."""
    width = len(gutters) + 1
    grid = [column_pieces(line, gutters, width) for line in lines]
    chars = [sum(len(p.text) for p in in_column(grid, c)) for c in range(width)]
    title = max(range(width), key=chars.__getitem__)
    period = period_column(grid, width, title, year)
    kept = [g for i, g in enumerate(grid) if i not in skipped]  # a spanning row is wider
    number = number_column(kept, width, title)  # a department's name is no "Lp." cell
    limits = [max((p.x1 for p in in_column(kept, c)), default=0.0) for c in range(width)]
    space = word_space(lines)
    reader = _Reader(title, period, number, limits, space, year)
    blocks: list[TextBlock] = []
    pages_begun: set[int] = set()
    try:
        for indexes in segments(lines, skipped, repeated):
            page = lines[indexes[0]].page
            if indexes[0] in repeated:
                blocks += reader.segment([grid[i] for i in indexes], page, repeated=True)
                continue
            if indexes[0] - 1 in skipped and lines[indexes[0] - 1].page == page:
                reader.last_row = {}  # under a row spanning the table: nothing goes on
            page_top = page not in pages_begun and bool(pages_begun)
            pages_begun.add(page)
            blocks += reader.segment([grid[i] for i in indexes], page, page_top=page_top)
    except _Doubt as doubt:
        return str(doubt)
    return blocks, title


def segments(lines: Sequence[Line], skipped: set[int], repeated: set[int]) -> list[list[int]]:
    """The indexes of the lines between rows spanning the table, page breaks and a header
    repeated on a page (each its own segment)."""
    out: list[list[int]] = []
    for index, line in enumerate(lines):
        if index in skipped:
            continue
        last = out[-1][-1] if out else None
        if (
            last is None
            or last != index - 1
            or line.page != lines[last].page
            or (index in repeated) != (last in repeated)
        ):
            out.append([index])
        else:
            out[-1].append(index)
    return out


class _Reader:
    """Reads one segment (the lines between rows spanning the table, a page, a header)."""

    def __init__(
        self, title: int, period: int, number: int, limits: list[float], space: float, year: int
    ) -> None:
        self.title, self.period, self.number = title, period, number
        self.limits, self.space, self.year = limits, space, year
        self.first_segment = True
        self.last_row: dict[int, TextBlock] = {}  # cells open on the last line of a segment
        self.last_line: list[Piece | None] = []

    def segment(
        self,
        grid: list[list[Piece | None]],
        page: int,
        *,
        repeated: bool = False,
        page_top: bool = False,
    ) -> list[TextBlock]:
        """The cells of one segment's lines; `page_top`: the first on a page after the first,
        whose first line may go on with the row the page before broke off."""
        header = (
            not repeated and self.first_segment and any(header_role(p.text) for p in grid[0] if p)
        )
        self.first_segment = self.first_segment and repeated
        open_: dict[int, TextBlock] = {}
        blocks: list[TextBlock] = []
        starts = 0  # rows begun in this segment
        numbered = 0  # of them, with a number
        for j, row in enumerate(grid):
            above: list[Piece | None] = list(grid[j - 1]) if j else [None] * len(row)
            if j == 0 and page_top and self._goes_over_page(row, page):
                open_ = dict(self.last_row)  # a row broken by the page goes on
                begins = False
            else:
                begins = j == 0 or self._begins(row, above, open_)
            if begins:
                if j and row[self.title] is None:
                    raise _Doubt(self._doubt(page, row))
                meet = self._periods_meet(row, open_) or _scope_ended(open_.get(self.title))
                if j and not self._title_begins(row, above, meet):
                    raise _Doubt(self._doubt(page, row))
                if not (header and j == 0):
                    starts += 1
                    numbered += self._numbered(row)
            elif (
                j
                and row[self.title] is not None
                and not (
                    (starts > 1 and numbered == starts and self._wrapped(row, above))
                    or self._title_goes_on(row, above)
                )
            ):
                raise _Doubt(self._doubt(page, row))
            for c, piece in enumerate(row):
                if piece is None:
                    open_.pop(c, None)
                    continue
                block = open_.get(c)
                new = block is None or (
                    begins
                    and (
                        c == self.title
                        or self._cell_begins(c, piece, block, above[c] or piece, header)
                    )
                )
                if new:
                    block = TextBlock(page, c, [], piece.top, piece.bottom)
                    blocks.append(block)
                    open_[c] = block
                assert block is not None
                block.texts.append(piece.text)
                if block.page == page:  # a cell broken by a page keeps its place on the first
                    block.tops.append(piece.top)
                    block.bottom = piece.bottom
            if begins and j:
                header = False
        if not repeated:
            self.last_row, self.last_line = open_, grid[-1]
        return blocks

    def _goes_over_page(self, row: list[Piece | None], page: int) -> bool:
        """Does the first line under a page's header go on with the row the page before
        broke off (Word's rows allowed to break across pages)? Not when it begins a cell
        (a number, a period); yes when the title goes on (mid-phrase, a small letter, or a
        word the line before could not hold); refused when either could be."""
        piece = row[self.title]
        over = self.last_line[self.title] if self.last_line else None
        if piece is None or over is None or self.title not in self.last_row:
            if any(p and c not in self.last_row for c, p in enumerate(row)):
                return False
            return any(row)
        if self._numbered(row):
            return False
        period = row[self.period] if self.period >= 0 else None
        if period is not None and (
            self.period not in self.last_row
            or self._new_period(self.last_row[self.period], period.text)
        ):
            return False
        if goes_on(over.text, piece.text) or piece.text[:1].islower():
            return not any(p and c not in self.last_row for c, p in enumerate(row))
        if self._title_goes_on(row, self.last_line):
            return not any(p and c not in self.last_row for c, p in enumerate(row))
        raise _Doubt(DOUBT.format(page=page, text=shown(piece.text)))

    def _begins(
        self, row: list[Piece | None], above: list[Piece | None], open_: dict[int, TextBlock]
    ) -> bool:
        """Does a column begin a cell on this line (so a row begins)?"""
        for c, piece in enumerate(row):
            over = above[c]
            if piece is None:
                continue
            if over is None:
                return True
            if c in (self.title, self.number) and is_number(piece.text):
                return True
            if c == self.title and is_heading(piece.text) != is_heading(over.text):
                return True  # a department's name in capitals is a row of its own
            if c == self.period and c in open_ and self._new_period(open_[c], piece.text):
                return True
        return False

    def _numbered(self, row: list[Piece | None]) -> int:
        own = row[self.title]
        lp = row[self.number] if self.number >= 0 else None
        return int(bool(own and NUMBER_RE.match(own.text)) or bool(lp and is_number(lp.text)))

    def _periods_meet(self, row: list[Piece | None], open_: dict[int, TextBlock]) -> bool:
        """Does a period cell begin right under the line ending another ("Maj 2024" under
        "Maj 2024")? Each row's period lies within the row, so a row begins here, wherever
        the table prints a cell in a taller row."""
        piece = row[self.period] if self.period >= 0 else None
        block = open_.get(self.period)
        return piece is not None and block is not None and self._new_period(block, piece.text)

    def _title_begins(self, row: list[Piece | None], above: list[Piece | None], meet: bool) -> bool:
        """The title column begins a cell where another column begins one: under a blank, a
        number, a name in capitals, beside two period cells meeting, or under a line its
        first word would have fitted on (no word wrap)."""
        piece, over = row[self.title], above[self.title]
        assert piece is not None
        if over is None or self._numbered(row) or is_heading(piece.text) != is_heading(over.text):
            return True
        if goes_on(over.text, piece.text):
            return False
        return meet or self._fits(self.title, over, piece)

    def _wrapped(self, row: list[Piece | None], above: list[Piece | None]) -> bool:
        """Of numbered rows, does a title line go on with the row above it: the word wrap or
        mid-phrase, not a line whose first word would have fitted above (it may begin the next
        row, its number printed lower: cells in the middle or at the bottom of their rows)?"""
        piece, over = row[self.title], above[self.title]
        assert piece is not None
        if over is None or goes_on(over.text, piece.text):
            return True
        return not self._fits(self.title, over, piece)

    def _title_goes_on(self, row: list[Piece | None], above: list[Piece | None]) -> bool:
        """A title line that begins no row goes on with the line above (wrapped there)."""
        piece, over = row[self.title], above[self.title]
        assert piece is not None
        assert over is not None
        if goes_on(over.text, piece.text):
            return True
        if is_heading(piece.text) != is_heading(over.text):
            return False
        sentence = ends_sentence(over.text, piece.text)
        return not sentence and not self._fits(self.title, over, piece)

    def _cell_begins(
        self, c: int, piece: Piece, block: TextBlock, last: Piece, header: bool
    ) -> bool:
        """On a row's first line, does column `c` (not the title) begin a cell or go on with
        the one above (a merged cell taller than its first row)? Raises _Doubt when either."""
        if header:
            return True  # the header row's cells end where the first row begins
        so_far = " ".join(block.texts)
        if c == self.number:
            return is_number(piece.text) or self._doubtful(block.page, piece)
        if c == self.period:
            if self._new_period(block, piece.text):
                return True
            joined = f"{so_far} {piece.text}"
            # the line below giving the period above its year ("do 15 marca" / "2027 r.")
            year_given = year_assumed(so_far, self.year) and not year_assumed(joined, self.year)
            alone = period_or_none(so_far, self.year) and period_or_none(piece.text, self.year)
            if alone and not year_given and self._fits(c, last, piece):
                return True  # two periods by themselves, no word wrap ended the line above
            whole = period_or_none(joined, self.year)
            if whole and (not period_or_none(so_far, self.year) or piece.text[:1].islower()):
                return False
            # "Wrzesień 2027" / "Październik 2027": two dated periods are two cells
            if not year_given and dated(so_far, self.year) and dated(piece.text, self.year):
                return not piece.text[:1].islower() or self._doubtful(block.page, piece)
            return self._doubtful(block.page, piece)
        if goes_on(block.texts[-1], piece.text) or piece.text[:1].islower():
            return False
        if begins_unit(piece.text) or piece.text[:1].isdigit():
            return True
        if not self._fits(c, last, piece):  # "Organizacji" / "Pozarządowych": the word wrap
            return False
        return self._doubtful(block.page, piece)

    def _doubtful(self, page: int, piece: Piece) -> bool:
        raise _Doubt(DOUBT.format(page=page, text=shown(piece.text)))

    def _new_period(self, block: TextBlock, text: str) -> bool:
        return new_period(" ".join(block.texts), text, self.year)

    def _fits(self, column: int, over: Piece, piece: Piece) -> bool:
        """Would the line's first word have fitted on the line above (so no word wrap
        ended that line)?"""
        return over.x1 + self.space + piece.first <= self.limits[column] - 0.5

    def _doubt(self, page: int, row: list[Piece | None]) -> str:
        text = " ".join(p.text for p in row if p)
        return DOUBT.format(page=page, text=shown(text))


def _scope_ended(block: TextBlock | None) -> bool:
    """Does the title cell above end a department's scope ("Zadania w zakresie …, w tym
    m.in.:"), which the rows under it follow?"""
    return bool(
        block is not None and SCOPE_RE.match(block.texts[0]) and block.texts[-1].endswith(":")
    )


def is_number(text: str) -> bool:
    return bool(LP_RE.fullmatch(text.strip()) or NUMBER_RE.match(text))


def goes_on(above: str, text: str) -> bool:
    """A line certainly going on with the one above: that one breaks off mid-phrase, or
    this one begins with a conjunction."""
    return bool(BREAKS_OFF_RE.search(above) or _GOES_ON_RE.match(text))


def shown(text: str) -> str:
    return excerpt(text, 60)
