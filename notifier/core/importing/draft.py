"""The office's draft of an imported harmonogram: the document's tasks as editable rows.

An upload is read by the importer (notifier.documents.import_document); the office then sees
one row per task — department, title, period as printed, and a `window` beside a vague period
("na początku marca" with "1–10 marca 2025", as in the file format: notifier.core.task_period)
— with every problem marked, fixes cells, and sends the rows back. The rows are read here into what the importer had read
(`imported_from_rows`), so the file is written by the importer's own writer and validated by
the schedule reader, and `notifier check` accepts what is saved. Pure: rows in, data out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notifier.core.importing.model import ImportedDepartment, ImportedSchedule, ImportedTask, Where
from notifier.core.importing.sanity import title_problem
from notifier.core.importing.toml_writer import remark_mode
from notifier.core.input_rules import (
    LINE_MAX,
    TEXT_MAX,
    length_problem,
    removed_char_problem,
    without_forbidden_chars,
)
from notifier.core.schedule import Mode
from notifier.core.schedule_lint import period_warnings
from notifier.core.task_period import read_period

MAX_ROWS = 2000


@dataclass(frozen=True)
class DraftRow:
    """One task of the draft: its department (name, scope), number, title, period as printed,
    the window (dates) a clerk gives beside a vague period ("" for none) and the remarks
    printed beside the task (kept in the file: `mode` or a comment)."""

    department: str
    title: str
    period: str
    number: str = ""
    scope: str = ""
    window: str = ""
    remark: str = ""


def draft_rows(imported: ImportedSchedule) -> list[DraftRow]:
    """The importer's tasks as rows, in printed order."""
    return [
        DraftRow(d.name, t.title, t.period or "", t.number or "", d.scope or "", "", t.remark or "")
        for d in imported.departments
        for t in d.tasks
    ]


def row_problems(rows: list[DraftRow], year: int, as_of: date | None) -> list[str]:
    """One Polish problem per row ("" when the row is fine): an empty title or department,
    a period the period reader cannot read (its own message, with the window to give beside a
    vague one), a window that does not read or stands beside a period that reads by itself
    (the file format's own rule, notifier.core.task_period), or no period at all."""
    out = []
    for row in rows:
        if not row.title.strip():
            out.append("brak nazwy zadania")
        elif not row.department.strip():
            out.append("brak nazwy komórki (wydziału)")
        elif odd := title_problem(row.title, year):
            out.append(f"nazwa zadania {odd}")
        elif row.period.strip() in ("", "-") and not row.window.strip():
            out.append("brak terminu ogłoszenia – zadanie zostanie zapisane bez terminu („-”)")
        else:
            out.append(row_period_problem(row, year, as_of))
    return out


def row_period_problem(row: DraftRow, year: int, as_of: date | None) -> str:
    """The problem (Polish) of a row's period and the window beside it, read as the file will
    be (notifier.core.task_period.read_period: a vague period is told to take a window), then
    what `notifier check` warns of in the saved file (notifier.core.schedule_lint.
    period_warnings: a window outside what the print names, words that are no period, a
    deadline past on "stan na dzień"…), or "" when the row has its dates."""
    problems: list[str] = []
    table = {"period": " ".join(row.period.split()) or "-"}
    if row.window.strip():
        table["window"] = row.window
    period = read_period(table, "", year, as_of, lambda _where, why: problems.append(why))
    if period is not None and not problems:
        mode = remark_mode(row.remark)
        day = as_of or date(year, 1, 1)  # as build_import writes a file without one
        problems = period_warnings(period, year, day, Mode(mode) if mode else None)
    return "; ".join(problems).replace("window:", "okno dat (window):", 1)


NUMBER_MAX = 20  # characters of a task's number as printed ("12", "III.4a")
# Each column's label and the most characters it takes (notifier.core.input_rules).
COLUMNS = (
    ("department", "Komórka", LINE_MAX),
    ("scope", "Komórka (zakres)", TEXT_MAX),
    ("number", "Numer", NUMBER_MAX),
    ("title", "Zadanie", TEXT_MAX),
    ("period", "Termin", LINE_MAX),
    ("window", "Okno dat", LINE_MAX),
    ("remark", "Uwagi", TEXT_MAX),
)


def row_control_problem(row: DraftRow) -> str:
    """The first field of `row` as sent that is longer than its column takes or holds a
    control character, as "Label: why" (Polish, the label of its column; the draft shown
    back has them cut and removed, see shown_row), or "" (notifier.core.input_rules)."""
    for name, label, most in COLUMNS:
        value = getattr(row, name)
        problem = length_problem(value, most) or removed_char_problem(value)
        if problem is not None:
            return f"{label}: {problem}"
    return ""


def shown_row(row: DraftRow) -> DraftRow:
    """`row` as it may be shown back and saved: each field cut to its column's limit, its
    control characters removed (row_control_problem says so)."""
    fields = {n: without_forbidden_chars(getattr(row, n)[:most])[0] for n, _, most in COLUMNS}
    return DraftRow(**fields)


def imported_from_rows(
    rows: list[DraftRow], *, title: str | None, year: int, as_of: date | None
) -> ImportedSchedule:
    """What the importer reads from a document, rebuilt from the rows (a department is a run
    of rows with the same name — runs of one name further apart are joined by build_import,
    notifier.core.importing.repeated; a row without a title is left out)."""
    departments: list[ImportedDepartment] = []
    for index, row in enumerate(rows, start=1):
        if not row.title.strip():
            continue
        name = " ".join(row.department.split()) or "Bez nazwy komórki"
        where = Where(0, index)
        if not departments or departments[-1].name != name:
            departments.append(ImportedDepartment(name, name, where, row.scope.strip() or None))
        period = " ".join(row.period.split())
        departments[-1].tasks.append(
            ImportedTask(
                " ".join(row.title.split()),
                where,
                row.number.strip() or None,
                period if period and period != "-" else None,
                where,
                window=" ".join(row.window.split()) or None,
                remark=" ".join(row.remark.split()) or None,
            )
        )
    return ImportedSchedule(title, year, as_of, departments)
