"""The importer's plain data: what a printed harmonogram holds and what the import decided."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from notifier.core.errors import NotifierError


class DocumentError(NotifierError):
    """The document cannot be imported; the message (Polish) says why and what to send instead."""


@dataclass(frozen=True)
class Where:
    """Where a thing was read: page (1-based, 0 when the format has no pages) and line/row;
    `unit` names what `page` counts as a clerk would look for it ("strona" of a PDF,
    "arkusz" of a spreadsheet, "tabela" of a page or text document)."""

    page: int
    row: int
    unit: str = "strona"

    def __str__(self) -> str:
        if not (self.page or self.row):
            return "tekst poza tabelą"
        return f"{self.unit} {self.page}, wiersz {self.row}" if self.page else f"wiersz {self.row}"


@dataclass
class ImportedTask:
    """One task as printed: `title` and `period` with whitespace normalised, `number` ("2");
    `printed` the title as printed when `title` is its readable case (printed in capitals)."""

    title: str
    where: Where
    number: str | None = None
    period: str | None = None
    period_where: Where | None = None
    merged: bool = False  # the period was printed once for several tasks (a merged cell)
    window: str | None = None  # the dates a clerk gave beside a vague period (office draft)
    printed: str | None = None
    remark: str | None = None  # the remarks column's text beside the task ("dwa nabory")


@dataclass
class ImportedDepartment:
    """A department as printed (`printed`, e.g. in capitals) and its readable `name`."""

    name: str
    printed: str
    where: Where
    scope: str | None = None
    tasks: list[ImportedTask] = field(default_factory=list)


@dataclass
class ImportedSchedule:
    """Everything read from one document, in printed order, and the notes for the review."""

    title: str | None
    year: int | None
    as_of: date | None
    departments: list[ImportedDepartment]
    notes: list[str] = field(default_factory=list)  # decisions, each saying where
    year_from: str | None = None  # where the year was read ("tytuł „…”"), for the review
    # a "stan na dzień" printed with no date that reads, and where ("strona 2: „stan na …”")
    as_of_unread: str | None = None
    # the cities the document's text names, as (name as printed, phrase, first case?)
    # (notifier.core.importing.document_place), filled by the adapter reading the whole text
    named: list[tuple[str, str, bool]] = field(default_factory=list)

    def tasks(self) -> list[ImportedTask]:
        """Every task in printed order."""
        return [t for d in self.departments for t in d.tasks]
