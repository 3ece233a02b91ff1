"""A document's table as the importer's table reading sees it: rows of Cells (None where a
merged cell above covers it) and the columns found by role."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from notifier.core.importing.cells import normalise
from notifier.core.importing.model import Where


@dataclass(frozen=True)
class Cell:
    """One table cell's text (lines joined by "\n") and where its row was printed."""

    text: str
    where: Where


# None: covered by a merged cell above; a cell merged across columns is the same Cell object
# in each column it spans.
Row = Sequence[Cell | None]
Table = Sequence[Row]


@dataclass(frozen=True)
class Columns:
    """Column indexes by role; -1 when the table has no such column."""

    task: int
    period: int
    number: int = -1
    department: int = -1
    remarks: int = -1
    amount: int = -1  # read to be skipped: a harmonogram file holds no amounts
    months: tuple[tuple[int, str, int], ...] = ()  # month columns (notifier...month_marks)

    @property
    def shared(self) -> bool:
        """One column holds departments and, under each, its tasks ("Komórka" with no task
        column): a department is a row there with no period (numbered, if rows are)."""
        return self.department == self.task >= 0


def cell_text(cell: Cell | None) -> str:
    return normalise(cell.text) if cell is not None else ""


def cell_at(row: Row, index: int) -> Cell | None:
    return row[index] if 0 <= index < len(row) else None


class HeadedTable(list[Row]):
    """A table with the heading printed right before it, as its reader found it: an HTML
    <caption>, <h2>–<h4> or bold paragraph, a sheet's name (a department's, when a plan
    prints one table per department: notifier.core.importing.table_roles)."""

    def __init__(self, rows: Table, heading: str = "") -> None:
        super().__init__(rows)
        self.heading = heading


def heading_of(table: Table) -> str:
    return table.heading if isinstance(table, HeadedTable) else ""
