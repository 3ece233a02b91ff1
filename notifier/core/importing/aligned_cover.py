"""Where a cell of a merged column may sit in a whole cut of a stretch into bands
(notifier.core.importing.aligned_bands): the bands it may cover as its alignment says, worked
out once for each cut, however many ways the column's own cells are cut under it. Pure."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Cell", "Frame", "options"]


@dataclass(frozen=True)
class Cell:
    """A cell of a column as cut: its first and last line (half-lines) and its text."""

    first: int
    last: int
    text: str


class Frame:
    """The bands of one whole cut of a stretch and what covering them asks again and again:
    each band's kind, the band a line falls in, how far a merged cell may reach, and each
    cell's options (by column, first and last line)."""

    def __init__(self, bands: tuple[int, ...], kinds: list[str]) -> None:
        self.bands, self.kinds = bands, kinds
        self.index = {b: i for i, b in enumerate(bands)}
        # up[i], down[i]: the farthest bands a merged cell in band i may cover going up or
        # down, through rows only (a header's or heading's band holds only its own cells)
        self.up = list(range(len(kinds)))
        self.down = list(range(len(kinds)))
        for i in range(1, len(kinds)):
            if kinds[i] == kinds[i - 1] == "row":
                self.up[i] = self.up[i - 1]
        for i in range(len(kinds) - 2, -1, -1):
            if kinds[i] == kinds[i + 1] == "row":
                self.down[i] = self.down[i + 1]
        # rows[i]: how many of the bands before band i are rows
        self.rows = [0, *itertools.accumulate(kind == "row" for kind in kinds)]
        self.options: dict[tuple[int, int, int], list[tuple[int, int]] | None] = {}

    def band_of(self, at: int) -> int:
        """The band the line `at` (half-lines) is in."""
        return min(bisect.bisect_right(self.bands, at), len(self.bands) - 1) - 1


def options(
    mode: str, period: bool, reads: Callable[[str], bool], cell: Cell, frame: Frame
) -> list[tuple[int, int]] | None:
    """The bands (a, z) `cell` may cover (a from its own band up, z from the band after its
    last line down) in which it sits as `mode` aligns cells: bands[a] or bands[z] is where it
    must begin or end, or (centred) as far above it as below. A cell in its own band alone
    when it may (not a period's). None for a period cell in a row whose text `reads` says is no period."""
    bands, index = frame.bands, frame.index
    first, last = cell.first, cell.last
    i, k = frame.band_of(first), frame.band_of(last)
    if period and frame.kinds[i] == "row" and not reads(cell.text):
        return None
    low, high = frame.up[i], frame.down[k] + 1
    found: list[tuple[int, int]]
    if mode == "top":
        a = index.get(first, -1)
        found = [(a, z) for z in range(k + 1, high + 1)] if low <= a <= i else []
    elif mode == "bottom":
        z = index.get(last + 2, -1)
        found = [(a, z) for a in range(i, low - 1, -1)] if k < z <= high else []
    else:
        found = []
        for a in range(i, low - 1, -1):
            z = index.get(first + last + 2 - bands[a], -1)
            if k < z <= high:
                found.append((a, z))
    if not period and (i, k + 1) in found:
        found = [(i, k + 1)]
    return found
