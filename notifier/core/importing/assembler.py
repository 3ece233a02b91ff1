"""Assemble departments, scopes, tasks and periods from paragraphs of printed text.

Both readers feed it: the text reader (roles guessed from the text itself) and the table
reader (roles known from the columns). A paragraph is a list of Lines; the first line's
`role` says what it is ("department", "scope", "task", "more" for a task continued across a
page break, "period", "same-period" for a period cell covered by the merged one above,
"no-period" for a task's own empty period cell, "remark"), or None to guess: a dated period,
a dash or a period phrase is a period; lines in capitals a department; "Zadania w zakresie …:"
a scope; "2) …" starts a task, other text continues a task still without a period or starts a
new one.

A period printed once for several tasks (a merged cell, or a cell centred beside a list) is
given to every task without a period of its own since the last period, and to the tasks after
it up to the next period or department; each such decision goes into the notes with its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from notifier.core.importing.cells import (
    NUMBER_RE,
    SCOPE_RE,
    YEAR_RE,
    is_heading,
    join_lines,
    normalise,
    period_or_none,
    trailing_period,
)
from notifier.core.importing.document_dates import DATE_RE, as_of_unread, year_phrase
from notifier.core.importing.document_dates import as_of_in as as_of_printed
from notifier.core.importing.document_place import place_and_date
from notifier.core.importing.letter_case import readable_case
from notifier.core.importing.model import (
    ImportedDepartment,
    ImportedSchedule,
    ImportedTask,
    Where,
)
from notifier.core.importing.quoting import printed
from notifier.core.importing.table_roles import add_round, task_label
from notifier.core.periods import MIN_YEAR

HEADER_ROW_RE = re.compile(
    r"^(lp\.?\s+)?(zadanie|rodzaj zadania|nazwa zadania|działanie|komórka)\b.*\btermin",
    re.IGNORECASE,
)
# one heading cell on its own (a PDF's text puts each column's heading in its own paragraph)
HEADER_CELL_RE = re.compile(
    r"^(lp\.?|zadanie|zadania|działanie|rodzaj zadania|nazwa zadania|komórka organizacyjna"
    r"|uwagi|(planowany )?termin( ogłoszenia)?( konkursu)?)$",
    re.IGNORECASE,
)
# a plan's title without the word "harmonogram"
_PLAN_TITLE_RE = re.compile(
    r"^(planowane\s+terminy|plan\b|wykaz\b|lista\b|zestawienie\b|terminy\b|konkursy\b)"
    r".*\bkonkurs",
    re.IGNORECASE,
)
NO_DEPARTMENT = "Zadania bez wskazanej komórki"


@dataclass(frozen=True)
class Line:
    """One non-empty line, where it was printed, and its role if the reader knows it."""

    text: str
    where: Where
    role: str | None = None


def as_of_in(text: str) -> date | None:
    """The "stan na dzień …" date of a text (notifier.core.importing.document_dates), or None."""
    found = as_of_printed(text)
    return found[0] if found else None


def title_in(text: str) -> str | None:
    """The first line of `text` that names a harmonogram ("Harmonogram … 2024"), else the
    first short one with the word inside ("Lista zadań/harmonogram konkursów 2023"), or a line
    naming a plan of competitions by other words ("Planowane terminy ogłoszenia otwartych
    konkursów ofert … w 2025 roku", "Wykaz konkursów ofert planowanych na 2024 rok"), or None;
    the first line wins if it is one (a page's heading above its table, put first);
    a title wrapped before its year takes the next line or two up to the year."""
    lines = [normalise(x) for x in text.splitlines()]
    starts = [i for i, x in enumerate(lines) if re.match(r"^harmonogram\b", x, re.IGNORECASE)]
    inside = [i for i, x in enumerate(lines) if re.search(r"\bharmonogram", x, re.IGNORECASE)]
    starts += [i for i, x in enumerate(lines) if _PLAN_TITLE_RE.match(x) and i not in inside]
    first = [0] if 0 in starts or 0 in inside else []  # the heading an adapter put first
    for i in [*first, *starts, *inside]:
        line = lines[i]
        if len(line) < (300 if i in starts else 120):
            for more in lines[i + 1 : i + 3]:
                if YEAR_RE.search(line) or not more:
                    break
                line = f"{line} {more}"
            return line if YEAR_RE.search(line) else lines[i]
    return None


class Assembler:
    """Collects what the paragraphs say into an ImportedSchedule (see the module docstring)."""

    def __init__(self, year: int | None) -> None:
        self.result = ImportedSchedule(title=None, year=year, as_of=None, departments=[])
        self.department: ImportedDepartment | None = None
        self.task: ImportedTask | None = None
        self.pending: list[ImportedTask] = []  # tasks since the last period, without one
        self.last_period: tuple[str, Where] | None = None
        self.stated = False  # a "stan na dzień" was read: a signature's date does not replace it

    @property
    def year(self) -> int:
        """The year periods are read in (only to tell periods from text: any year does)."""
        return self.result.year or MIN_YEAR

    def note(self, where: Where, what: str) -> None:
        """Record a decision (Polish) with its place for the review."""
        self.result.notes.append(f"{where}: {what}")

    def set_title(self, title: str) -> None:
        """The harmonogram's title; its year when none is known yet (a phrase such as "na rok
        2027", else a year that is no date's)."""
        self.result.title = title
        if self.result.year is None:
            phrase = year_phrase(title)
            year = YEAR_RE.search(DATE_RE.sub(" ", title))
            if phrase or year:
                self.result.year = phrase[0] if phrase else int(year.group(1))  # type: ignore[union-attr]
                self.result.year_from = f"tytuł {printed(title, 100)}"

    def set_year(self, text: str, where: Where) -> bool:
        """Take the year from a phrase of the text ("W 2027 ROKU") if none is known yet."""
        phrase = year_phrase(text) if self.result.year is None else None
        if phrase:
            self.result.year = phrase[0]
            self.result.year_from = f"tekst „{phrase[1]}” ({where})"
        return phrase is not None

    def set_as_of(self, text: str, where: Where) -> bool:
        """Take `as_of` from a "stan na dzień" text, else from a signature line ("Kalisz,
        30.11.2026 r.") unless a "stan na dzień" was read; False if it has neither."""
        found = as_of_printed(text)
        if found:
            self.result.as_of, self.stated = found[0], True
            self.note(where, f"„{found[1]}” → stan na dzień {found[0].isoformat()}")
            return True
        signed = place_and_date(text)
        if signed is None:
            unread = as_of_unread(text)
            if unread is not None and self.result.as_of_unread is None:
                self.result.as_of_unread = f"{where}: {printed(unread)}"
            return unread is not None
        if not self.stated:
            self.result.as_of = signed[1]
            self.note(
                where,
                f"„{signed[2]}” (miejsce i data podpisu dokumentu) → stan na dzień "
                f"{signed[1].isoformat()}",
            )
        return True

    def paragraph(self, lines: list[Line]) -> None:
        """Take one paragraph (see the module docstring for the roles)."""
        role = lines[0].role
        text = normalise(" ".join(line.text for line in lines))
        where = lines[0].where
        if role == "department":
            self.start_department(lines)
        elif role == "scope":
            self.set_scope(text, where)
        elif role == "task":
            self.start_task([x.text for x in lines], where)
        elif role == "more" and self.task is not None:
            self.task.title = join_lines([self.task.title, *(x.text for x in lines)])
            self.note(where, f"ciąg dalszy zadania {printed(self.task.title, 50)} (podział strony)")
        elif role == "more":
            self.start_task([x.text for x in lines], where)
        elif role == "period":
            self.period_cell(text, where)
        elif role == "round":
            self.next_round(text, where)
        elif role == "same-period":
            self.same_period(where)
        elif role == "no-period":
            self.no_period(where, grid=text == "months")
        elif role == "prose":
            self.note(where, f"pominięto zdanie poza tabelą: {printed(text, 60)}")
        elif role == "remark" and self.task is not None:
            self.task.remark = join_lines([self.task.remark or "", text])
        elif role == "remark":
            self.note(where, f"uwagi bez zadania obok, pominięte: {printed(text, 60)}")
        else:
            self.guess(lines, text)

    def guess(self, lines: list[Line], text: str) -> None:
        """A paragraph of plain text: find out what it is."""
        where = lines[0].where
        if self.set_as_of(text, where):
            return
        if (
            self.result.title is None
            and not self.result.departments
            and ("harmonogram" in text.lower())
        ):
            self.set_title(text)
            return
        # "WYKAZ KONKURSÓW W 2027 ROKU" above the table: a title, no department
        first = not (self.result.departments or self.result.title) and len(text) < 200
        if first and self.set_year(text, where):
            self.set_title(text)
            return
        if HEADER_ROW_RE.match(text) or HEADER_CELL_RE.match(text):
            self.note(where, f"pominięto wiersz nagłówka tabeli {printed(text)}")
            return
        if self.pending and period_or_none(text, self.year) is not None:
            self.give_period(text, where)
            return
        heading = 0
        while heading < len(lines) and is_heading(lines[heading].text):
            heading += 1
        if heading:
            self.start_department(lines[:heading])
            lines = lines[heading:]
        if lines and SCOPE_RE.match(lines[0].text) and self.department is not None:
            end = next((i for i, x in enumerate(lines) if x.text.rstrip().endswith(":")), None)
            if end is not None and not (self.department.tasks or self.department.scope):
                self.department.scope = join_lines([x.text for x in lines[: end + 1]])
                lines = lines[end + 1 :]
        if lines:
            self.body(lines)

    def set_scope(self, text: str, where: Where) -> None:
        """A "Zadania w zakresie …" row: the department's scope, or a note if it has one."""
        department = self.ensure_department(where)
        if department.scope or department.tasks:
            self.note(where, f"drugi opis zakresu w komórce, pominięty: {printed(text, 60)}")
        else:
            department.scope = text

    def period_cell(self, text: str, where: Where) -> None:
        """A period cell: it goes to the tasks waiting for one."""
        if self.pending:
            self.give_period(text, where)
        else:
            self.note(where, f"termin {printed(text)} bez zadania obok, pominięty")

    def next_round(self, text: str, where: Where) -> None:
        """A period in a row the task's cell (merged over rows) covers: another round of the
        task above ("Marzec 2027" / "Wrzesień 2027" beside "I nabór" / "II nabór")."""
        task = self.task
        if task is None or self.pending or not task.period or task.period == "-":
            self.period_cell(text, where)
        else:
            self.note(where, add_round(task, text, where, self.year))

    def same_period(self, where: Where) -> None:
        """A task whose period cell is covered by the merged cell above: the last period."""
        if self.last_period is None:
            self.note(where, "scalona komórka terminu bez tekstu: zadanie czeka na termin")
            return
        period, at = self.last_period
        for task in self.result.tasks():
            if task.period_where == at:
                task.merged = True
        for task in self.pending:
            task.period, task.period_where, task.merged = period, at, True
        self.pending = []

    def no_period(self, where: Where, grid: bool) -> None:
        """A task's own empty period cell (a row of month columns with none marked, a cell no
        merged one covers): the task has no period, and takes none from a row above or below."""
        why = (
            "w kolumnach miesięcy nie zaznaczono żadnego miesiąca"
            if grid
            else "pusta komórka terminu (nie scalona z komórką obok)"
        )
        for task in self.pending:
            self.note(where, f"{why}: zadanie {printed(task.title, 60)} bez terminu")
        self.pending = []

    def start_department(self, lines: list[Line]) -> None:
        """A new department (its printed name kept, a readable case for the name)."""
        printed = normalise(" ".join(x.text for x in lines))
        if self.department is not None and self.department.printed == printed:
            return  # a department column merged over its tasks, or repeated after a page break
        self.close_department()
        self.department = ImportedDepartment(readable_case(printed), printed, lines[0].where)
        self.result.departments.append(self.department)
        self.task = None

    def ensure_department(self, where: Where) -> ImportedDepartment:
        """The current department, or one shared department for a table without any."""
        if self.department is None:
            self.department = ImportedDepartment(NO_DEPARTMENT, "", where)
            self.result.departments.append(self.department)
            self.note(where, "w dokumencie nie ma komórki nad zadaniami: dodano jedną wspólną")
        return self.department

    def body(self, lines: list[Line]) -> None:
        """Task text: "N)" starts a task; a line may end with its period."""
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
        """A new task; "N)" at its start becomes its number."""
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
        """The period to every task waiting for one."""
        for task in self.pending:
            task.period, task.period_where = period, where
        if len(self.pending) > 1:
            for task in self.pending:
                task.merged = True
        self.pending = []
        self.last_period = (period, where)

    def note_merged(self, department: ImportedDepartment) -> None:
        """One note per period printed once for several of the department's tasks."""
        places = list(dict.fromkeys(t.period_where for t in department.tasks if t.merged))
        for place in places:
            tasks = [t for t in department.tasks if t.merged and t.period_where == place]
            self.result.notes.append(
                f"{place}: termin {printed(tasks[0].period or '')} wydrukowany raz (scalona komórka tabeli) "
                f"dla {len(tasks)} zadań w {printed(department.name)}: "
                f"{', '.join(task_label(t) for t in tasks)}; przypisano go każdemu z nich"
            )

    def close_department(self) -> None:
        """End of a department: tasks after its last period get that period (merged cell)."""
        department = self.department
        if self.pending and self.last_period is not None and department is not None:
            period, where = self.last_period
            covered = [t for t in department.tasks if t.period_where == where]
            for task in self.pending:
                task.period, task.period_where = period, where
            for task in [*covered, *self.pending]:
                task.merged = True
        if department is not None:
            self.note_merged(department)
        for task in self.pending:
            if task.period is None:
                self.note(task.where, f"zadanie {printed(task.title, 60)} nie ma terminu")
        self.pending = []
        self.last_period = None


def assemble(
    paragraphs: Iterable[list[Line]], surrounding: str = "", year: int | None = None
) -> ImportedSchedule:
    """The harmonogram the paragraphs hold; the title and "stan na dzień" are also looked for
    in `surrounding` (the text around a document's tables)."""
    assembler = Assembler(year)
    title = title_in(surrounding)
    if title:
        assembler.set_title(title)
    if surrounding:
        assembler.set_as_of(surrounding, Where(0, 0))
        assembler.set_year(surrounding, Where(0, 0))
    for lines in paragraphs:
        assembler.paragraph(lines)
    assembler.close_department()
    result = assembler.result
    for department in [d for d in result.departments if not d.tasks]:
        result.departments.remove(department)
        result.notes.append(
            f"{department.where}: pominięto {printed(department.printed, 60)}: nie ma pod nim "
            "zadań (to nie komórka harmonogramu albo jej zadania są gdzie indziej: proszę sprawdzić)"
        )
    return result
