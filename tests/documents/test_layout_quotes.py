"""Every refusal of the readers of tables printed as aligned text (a PDF without ruling lines,
`pdftotext -layout` text of one) quotes a cell through the one helper
(notifier.core.importing.quoting): at most ECHO_CHARS of it, cut at a word, whatever the
cell's length — a 13,000-character cell is never printed whole (blind10a M5, swept here from
the rest of the importer by b7e76f8). One test per kind of line that quotes a cell, each made
by the reader's own function from the cell."""

from __future__ import annotations

import re

import pytest

from notifier.core.echo import ECHO_CHARS
from notifier.core.importing import aligned_headings
from notifier.core.importing.aligned_doubts import ambiguous_merge, broken_word
from notifier.core.importing.aligned_gapless import DOUBT, shown
from notifier.core.importing.layout_doubts import (
    merged_period,
    off_column,
    spilled_cells,
    top_aligned,
    touching_cells,
    unforced_break,
)
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.quoting import ending
from notifier.core.importing.table_cells import Columns
from notifier.core.importing.table_choice import YearTable, one_year

WORDS = " bardzo długi dopisek do tej komórki" * 360  # 12,960 characters
CELL = "Październik 2024" + WORDS
WORD = "x" * 13_000  # one word, no space to cut at
HERE = Where(2, 14)
QUOTED = re.compile(r"„([^”]*)”")


def _refusal(make) -> str:  # type: ignore[no-untyped-def]
    try:
        said = make()
    except DocumentError as refused:
        return str(refused)
    assert isinstance(said, str), said
    return said


def _bounded(line: str) -> None:
    quotes = QUOTED.findall(line)
    assert quotes, line[:300]
    for quote in quotes:
        assert len(quote) <= ECHO_CHARS + 1, line[:300]  # "…" at a cut end
    assert len(line) < 1000, line[:300]
    assert "dopisek do tej komórki bardzo długi dopisek do tej komórki bardzo" not in line
    assert "x" * (ECHO_CHARS + 2) not in line


COLUMNS = Columns(task=1, period=2, number=0)
KINDS = {
    "layout: a period printed once": lambda cell: merged_period(cell, HERE, Where(2, 16)),
    "layout: a cell off the header's columns": lambda cell: off_column(cell, HERE),
    "layout: a cell right under another": lambda cell: touching_cells(cell, cell, HERE),
    "layout: a line that did not wrap": lambda cell: unforced_break(
        cell, "Nowe zadanie", 10**9, HERE
    ),
    "layout: a line that did not wrap, its own words": lambda cell: unforced_break(
        "ab", cell, 10**9, HERE
    ),
    "layout: a first task without its period": lambda cell: top_aligned(
        HERE, {1: cell}, [], COLUMNS, 2024, (False, True)
    ),
    "layout: a cell run on past the next column": lambda cell: spilled_cells(
        [(0, "5."), (6, f"{cell} konkurs")], lambda at: 0 if at < 6 else 1 if at < 53 else 2, HERE
    ),
    "tables: harmonograms of several years": lambda cell: one_year(
        [
            YearTable(0, str(HERE), f"Harmonogram na rok 2026 {cell}"),
            YearTable(1, "", "Harmonogram na rok 2027"),
        ],
        "",
        None,
    ),
    "aligned: a word broken over lines": lambda cell: broken_word([(3, [cell, "cji " + cell])]),
    "aligned: a merged cell beside several rows": lambda cell: ambiguous_merge(3, cell, [4, 5, 6]),
    "aligned: rows without space between them": lambda cell: DOUBT.format(page=3, text=shown(cell)),
    "aligned: a line atop a page under a heading": lambda cell: aligned_headings._goes_on(
        cell, "dalszy ciąg " + cell, 3
    ),
}


@pytest.mark.parametrize("cell", [CELL, WORD], ids=["words", "one word"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_long_cell_is_quoted_cut_in_every_refusal(kind: str, cell: str) -> None:
    _bounded(_refusal(lambda: KINDS[kind](cell)))


def test_the_end_of_a_cell_is_quoted_from_a_word() -> None:
    assert ending("do 31 stycznia 2025 r.", 40) == "do 31 stycznia 2025 r."
    tail = ending(CELL, 40)
    assert len(tail) <= 40
    assert CELL.endswith(tail)
    assert tail.startswith("bardzo")
    assert ending(WORD, 40) == "x" * 40
