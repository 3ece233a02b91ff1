"""Read a harmonogram from plain text as a PDF's text extraction gives it (cells as paragraphs).

The text of a printed table comes out cell by cell: a department heading in capitals, a
"Zadania w zakresie …:" scope, task cells (numbered "2) …" or not, lines broken anywhere,
split by a page break), each followed by its period cell or with the period at the end of
its last line. A period printed once for several tasks (a merged cell) is given to every
task without a period of its own that it covers, before and after it, up to the next period
or department. A title line ("Harmonogram …") and a "stan na dzień DD.MM.RRRR" note give the
title, the year and `as_of`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from notifier.core.importing.cells import (
    AS_OF_RE,
    NUMBER_RE,
    SCOPE_RE,
    YEAR_RE,
    is_heading,
    join_lines,
    normalise,
    period_or_none,
    readable_case,
    trailing_period,
)
from notifier.core.importing.model import (
    ImportedDepartment,
    ImportedSchedule,
    ImportedTask,
    Where,
)
from notifier.core.periods import MIN_YEAR

_HEADER_ROW_RE = re.compile(
    r"^(lp\.?\s+)?(zadanie|rodzaj zadania|nazwa zadania|działanie|komórka)\b.*\btermin",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^[•·▪*]\s*")
NO_DEPARTMENT = "Zadania bez wskazanej komórki"


@dataclass(frozen=True)
class Line:
    """One non-empty line and where it was printed."""

    text: str
    where: Where


def paragraphs(text: str) -> list[list[Line]]:
    """Non-empty lines grouped by blank lines; a form feed starts a new page."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for page, page_text in enumerate(text.split("\f"), start=1):
        for row, raw in enumerate(page_text.splitlines(), start=1):
            line = _BULLET_RE.sub("", raw.strip())
            if line:
                current.append(Line(line, Where(page, row)))
            elif current:
                out.append(current)
                current = []
    if current:
        out.append(current)
    return out


def as_of_in(text: str) -> date | None:
    """The "stan na dzień DD.MM.RRRR" date of a text, or None."""
    found = AS_OF_RE.search(text)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _Reader:
    def __init__(self, year: int | None) -> None:
        self.result = ImportedSchedule(title=None, year=year, as_of=None, departments=[])
        self.department: ImportedDepartment | None = None
        self.task: ImportedTask | None = None
        self.pending: list[ImportedTask] = []  # tasks since the last period, without one
        self.last_period: tuple[str, Where] | None = None

    @property
    def year(self) -> int:
        return self.result.year or MIN_YEAR  # only to tell periods from text: any year does

    def note(self, where: Where, what: str) -> None:
        self.result.notes.append(f"{where}: {what}")

    def paragraph(self, lines: list[Line]) -> None:
        text = normalise(" ".join(line.text for line in lines))
        found = as_of_in(text)
        if found:
            self.result.as_of = found
            self.note(lines[0].where, f"„{text}” → stan na dzień {found.isoformat()}")
            return
        if (
            self.result.title is None
            and not self.result.departments
            and "harmonogram" in (text.lower())
        ):
            self.result.title = text
            year = YEAR_RE.search(text)
            if year and self.result.year is None:
                self.result.year = int(year.group(1))
            return
        if _HEADER_ROW_RE.match(text):
            self.note(lines[0].where, f"pominięto wiersz nagłówka tabeli „{text}”")
            return
        period = period_or_none(text, self.year) if self.department or self.pending else None
        if period is not None and self.pending:
            self.give_period(period, lines[0].where)
            return
        heading = 0
        while heading < len(lines) and is_heading(lines[heading].text):
            heading += 1
        if heading:
            self.start_department(lines[:heading])
            lines = lines[heading:]
        if (
            lines
            and SCOPE_RE.match(lines[0].text)
            and self.department
            and not (self.department.tasks or self.department.scope)
        ):
            end = next((i for i, x in enumerate(lines) if x.text.rstrip().endswith(":")), None)
            if end is not None:
                self.department.scope = join_lines([x.text for x in lines[: end + 1]])
                lines = lines[end + 1 :]
        if lines:
            self.body(lines)

    def start_department(self, lines: list[Line]) -> None:
        self.close_department()
        printed = normalise(" ".join(x.text for x in lines))
        self.department = ImportedDepartment(readable_case(printed), printed, lines[0].where)
        self.result.departments.append(self.department)
        self.task = None

    def ensure_department(self, where: Where) -> ImportedDepartment:
        if self.department is None:
            self.department = ImportedDepartment(NO_DEPARTMENT, "", where)
            self.result.departments.append(self.department)
            self.note(where, "w dokumencie nie ma komórki nad zadaniami: dodano jedną wspólną")
        return self.department

    def body(self, lines: list[Line]) -> None:
        groups: list[list[Line]] = []
        for line in lines:
            if NUMBER_RE.match(line.text) or not groups:
                groups.append([line])
            else:
                groups[-1].append(line)
        for group in groups:
            texts = [x.text for x in group]
            beside = trailing_period(texts[-1], self.year)
            if beside:
                texts[-1] = beside[0]
            numbered = NUMBER_RE.match(texts[0])
            if numbered or self.task is None or self.task.period or self.task not in self.pending:
                self.start_task(texts, group[0].where)
            else:
                self.task.title = join_lines([self.task.title, *texts])
            if beside:
                self.give_period(beside[1], group[-1].where)

    def start_task(self, texts: list[str], where: Where) -> None:
        department = self.ensure_department(where)
        number = None
        numbered = NUMBER_RE.match(texts[0])
        if numbered:
            number = numbered.group(1)
            texts = [texts[0][numbered.end() :], *texts[1:]]
        self.task = ImportedTask(join_lines(texts), where, number=number)
        department.tasks.append(self.task)
        self.pending.append(self.task)

    def give_period(self, period: str, where: Where) -> None:
        for task in self.pending:
            task.period, task.period_where = period, where
        if len(self.pending) > 1:
            for task in self.pending:
                task.merged = True
        self.pending = []
        self.last_period = (period, where)

    def close_department(self) -> None:
        if self.pending and self.last_period is not None:
            period, where = self.last_period
            covered = [
                t
                for t in (self.department.tasks if self.department else [])
                if t.period == period and t.period_where == where
            ]
            for task in self.pending:
                task.period, task.period_where, task.merged = period, where, True
            for task in covered:
                task.merged = True
            numbers = ", ".join(t.number or "–" for t in [*covered, *self.pending])
            self.note(
                where,
                f"termin „{period}” wydrukowany raz dla kilku zadań (komórka scalona): "
                f"przypisano go zadaniom {numbers} komórki „{self.department.name if self.department else ''}”",
            )
        for task in self.pending:
            if task.period is None:
                self.note(task.where, f"zadanie „{task.title[:60]}” nie ma terminu")
        self.pending = []
        self.last_period = None


def read_text(text: str, year: int | None = None) -> ImportedSchedule:
    """The harmonogram printed in `text` (a PDF's text extraction, or cells as paragraphs).

    `year` is the harmonogram's year if known (else read from the title line). Decisions go
    into the result's notes, each with its page and line. Never raises on odd text: a text
    without tasks gives a result without tasks (the caller refuses it).
    """
    reader = _Reader(year)
    for lines in paragraphs(text):
        reader.paragraph(lines)
    reader.close_department()
    return reader.result
