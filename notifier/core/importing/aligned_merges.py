"""A cell printed once for several rows of a table of aligned text (a merged period or
department cell of a PDF without ruling lines): where the table prints a cell's text in a row
taller than it (top, middle or bottom), the rows such a cell covers, and the refusal when the
table never shows it and the rows differ as read at the top, in the middle or at the bottom
(for notifier.core.importing.aligned_reader). Pure: rows in, rows or a refusal out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from notifier.core.importing.aligned_doubts import ambiguous_merge
from notifier.core.importing.model import DocumentError, Where

__all__ = ["TextBlock", "TextRow", "alignment", "refuse_ambiguous", "spread_of"]


@dataclass
class TextBlock:
    """One cell's text in one column: its pieces (lines) and where they were printed."""

    page: int
    column: int
    texts: list[str]
    top: float
    bottom: float
    tops: list[float] = field(default_factory=list)  # each piece's top

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class TextRow:
    page: int
    top: float
    bottom: float
    cells: dict[int, list[TextBlock]] = field(default_factory=dict)
    spanning: str | None = None

    def text(self, column: int) -> str:
        return "\n".join(t for b in self.cells.get(column, []) for t in b.texts)


def alignment(rows: Sequence[TextRow], step: float) -> str:
    """'top', 'middle' or 'bottom': where the table prints a cell's text in a row taller than
    it (read from every cell one line or more shorter than its row; a table aligns all
    alike)."""
    votes = {"top": 0, "middle": 0, "bottom": 0}
    for row in rows:
        for blocks in row.cells.values():
            if row.bottom - row.top < blocks[-1].bottom - blocks[0].top + step * 0.9:
                continue
            above, below = blocks[0].top - row.top, row.bottom - blocks[-1].bottom
            if abs(above - below) < 0.5 * step:
                votes["middle"] += 1
            else:
                votes["top" if above < below else "bottom"] += 1
    if not any(votes.values()):
        return ""  # rows of one line: nothing shows where a merged cell's text sits
    return max(votes, key=lambda k: (votes[k], k == "top"))


def spread_of(group: Sequence[TextRow], column: int, mode: str) -> dict[int, int]:
    """For each row of a group printed without text in `column`: the row whose text covers it
    ({covered row index: row index holding the text}); rows before any text stay open."""
    holders = [i for i, r in enumerate(group) if r.cells.get(column)]
    covered: dict[int, int] = {}
    if not holders:
        return covered
    if mode == "top":
        for k, i in enumerate(holders):
            end = holders[k + 1] if k + 1 < len(holders) else len(group)
            covered |= dict.fromkeys(range(i + 1, end), i)
        return covered
    start = 0
    for k, i in enumerate(holders):
        end = i
        if mode == "middle":
            block = group[i].cells[column]
            first = group[start] if group[start].page == block[0].page else group[i]
            limit = block[0].top + block[-1].bottom - first.top
            after = holders[k + 1] if k + 1 < len(holders) else len(group)
            while (
                end + 1 < after
                and group[end + 1].page == block[0].page
                and (group[end + 1].top + group[end + 1].bottom) / 2 <= limit
            ):
                end += 1
        covered |= {j: i for j in range(start, end + 1) if j != i}
        start = end + 1
    covered |= dict.fromkeys(range(start, len(group)), holders[-1])
    return covered


def refuse_ambiguous(
    group: Sequence[TextRow], column: int, where: list[Where], spread: dict[int, int]
) -> None:
    """Refuse a cell printed once for several rows when the table never shows where a cell
    sits in a taller row and its rows differ as read at the top or in the middle."""
    others = [spread_of(group, column, mode) for mode in ("middle", "bottom")]
    if all(other == spread for other in others):
        return
    holders = {h for s in (spread, *others) for h in s.values()}
    for holder in sorted(holders):
        rows = sorted(
            {j for s in (spread, *others) for j, h in s.items() if h == holder} | {holder}
        )
        if any(s.get(j, j) != (spread.get(j, j)) for s in others for j in rows):
            text = group[holder].text(column)
            numbers = [where[j].row for j in rows if where[j].page == where[holder].page]
            raise DocumentError(ambiguous_merge(where[holder].page, text, numbers))
