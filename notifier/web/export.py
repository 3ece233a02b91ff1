"""The schedule as data for other programs: the /api/tasks document (JSON) and a CSV sheet.

One builder for both `GET /api/tasks` and `notifier export --format json`, so they are equal;
the CSV has one row per task window (a task with rounds gives a row per round, an undated
task one row without dates), UTF-8 with a BOM so that Excel shows Polish letters, columns
separated by ";" and amounts with a decimal comma, as Excel set to Polish reads them.

Every cell goes through sheet_cell: a text a spreadsheet would run as a formula (a title
"=HYPERLINK(…)" or "-2+3+cmd|…" written into a harmonogram) is written with a leading
apostrophe, the OWASP rule against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from notifier.core.announcements import EVERYTHING, TaskFilter
from notifier.core.calls import Call
from notifier.core.schedule import Department, Schedule, Task
from notifier.core.spans import Period, window_wording
from notifier.core.task_status import TaskStatus, task_status
from notifier.web.links import feed_path

# OWASP "CSV Injection": a cell starting with one of these is a formula to Excel, LibreOffice
# and Google Sheets (tab and carriage return let one hide after blank space); line feed too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def sheet_cell(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it: prefixed with "'" when it starts
    with one of FORMULA_STARTS (OWASP, "CSV Injection"); otherwise unchanged, and so is a
    lone character (the period "-" of a task without a date is no formula)."""
    return "'" + text if len(text) > 1 and text.startswith(FORMULA_STARTS) else text


# With several harmonograms (a directory of files) each row first names its harmonogram.
PLACE_COLUMNS = (("city", "miasto"), ("year", "rok"))
CSV_COLUMNS = (
    ("key", "klucz"),
    ("department", "wydział"),
    ("number", "nr"),
    ("title", "zadanie"),
    ("short", "krótka nazwa"),
    ("period", "termin (jak w druku)"),
    ("kind", "rodzaj terminu"),
    ("round", "nabór"),
    ("start", "od"),
    ("last_day", "do (włącznie)"),
    ("wording", "termin"),
    ("note", "uwaga"),
    ("mode", "tryb"),
    ("amount", "kwota (zł)"),
    ("amount_note", "kwota – opis"),
    ("realization", "realizacja"),
    ("topics", "tematy"),
    ("url", "strona"),
    ("contact", "kontakt"),
    ("status", "status"),
    ("call_published", "ogłoszono"),
    ("call_deadline", "oferty do"),
    ("call_url", "ogłoszenie"),
)


def _period_out(period: Period) -> dict[str, Any]:
    return {
        "period": period.text,
        "kind": period.kind.value,
        "start": period.windows[0].start.isoformat() if period.windows else None,
        "end": period.windows[-1].end.isoformat() if period.windows else None,
        "note": period.note,
        "window": getattr(period, "window", None),  # the clerk's reading of a vague print
        "windows": [
            {
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "wording": window_wording(period.kind, w),
            }
            for w in period.windows
        ],
    }


def call_out(call: Call) -> dict[str, Any]:
    """A call in /api/tasks: days as ISO text, the deadline with its Warsaw offset when an
    hour is given ("2024-05-28T15:30:00+02:00"), the amount in PLN."""
    deadline = call.closes_at.isoformat() if call.deadline_time else call.deadline.isoformat()
    results = call.results
    return {
        "key": call.key,
        "tasks": list(call.tasks),
        "published": call.published.isoformat(),
        "url": call.url,
        "deadline": deadline,
        "title": call.title,
        "amount": float(call.amount) if call.amount is not None else None,
        "results": {"date": results.date.isoformat(), "url": results.url} if results else None,
    }


def task_out(
    task: Task,
    department: Department,
    base_url: str,
    status: TaskStatus | None = None,
    *,
    schedule: Schedule,
    place: tuple[str, str] = ("", "/"),
) -> dict[str, Any]:
    """One task of /api/tasks: every field the API had, then the optional ones (null if unset),
    then its status on the day asked and the call it is about (null before any).

    `place`: the path before the feeds' and the page's ("", "/") for the one harmonogram at
    "/", ("/leszno", "/leszno/2024/") for a city's year among several.
    """
    feeds, page = place
    out: dict[str, Any] = {
        "key": task.key,
        "city_id": schedule.city_id,
        "year": schedule.year,
        "department_id": department.id,
        "department": department.name,
        "task_id": task.id,
        "number": task.number,
        "title": task.title,
        **_period_out(task.period),
        "topics": list(task.topics),
        "feed_url": base_url
        + feeds
        + feed_path(TaskFilter(departments=frozenset({department.id}))),
        "page_url": f"{base_url}{page}#{department.id}",
        "short": task.short,
        "calendar_title": department.title_of(task),
        "mode": task.mode.value,
        "amount": float(task.amount) if task.amount is not None else None,
        "amount_note": task.amount_note,
        "realization": _period_out(task.realization) if task.realization else None,
        "url": task.url,
        "contact": vars(task.contact) if task.contact else None,
    }
    if status is not None:
        out["status"] = status.status.value
        out["status_text"] = status.describe()
        out["call"] = call_out(status.call) if status.call is not None else None
    return out


def tasks_out(
    schedule: Schedule,
    task_filter: TaskFilter,
    base_url: str,
    today: date,
    place: tuple[str, str] = ("", "/"),
) -> list[dict[str, Any]]:
    """The "tasks" items of /api/tasks for one harmonogram: task_out of each task
    `task_filter` matches, in the harmonogram's order, statuses as on `today`."""
    return [
        task_out(
            task,
            department,
            base_url,
            task_status(schedule, task, today),
            schedule=schedule,
            place=place,
        )
        for department in schedule.departments
        for task in department.tasks
        if task_filter.matches(task)
    ]


def tasks_document(
    schedule: Schedule,
    task_filter: TaskFilter,
    base_url: str,
    version: str,
    today: date,
    place: tuple[str, str] = ("", "/"),
) -> dict[str, Any]:
    """The /api/tasks document (JSON-ready: dates as ISO text, amounts in PLN as numbers);
    statuses as on `today` (a Warsaw day)."""
    tasks = tasks_out(schedule, task_filter, base_url, today, place)
    total = schedule.planned_amount
    return {
        "title": schedule.title,
        "city": schedule.city,
        "year": schedule.year,
        "as_of": schedule.as_of.isoformat(),
        "version": version,
        "topics": dict(schedule.topics),
        "feed_url": base_url + place[0] + feed_path(task_filter),
        "announcements_url": schedule.announcements_url,
        "planned_amount": float(total) if total is not None else None,
        "today": today.isoformat(),
        "tasks": tasks,
    }


def tasks_csv(schedule: Schedule, today: date, task_filter: TaskFilter = EVERYTHING) -> str:
    """The schedule as CSV text: a BOM, a Polish header row, one row per task window; the
    status and call columns as on `today`."""
    return schedules_csv((schedule,), today, task_filter, with_place=False)


def schedules_csv(
    schedules: Sequence[Schedule],
    today: date,
    task_filter: TaskFilter = EVERYTHING,
    *,
    with_place: bool = True,
) -> str:
    """Several harmonograms as one CSV text, in the given order: as tasks_csv, and with
    `with_place` two first columns, the city ("miasto") and the year ("rok"), since the task
    keys repeat across cities and years."""
    text = [csv_head(with_place=with_place)]
    text += [schedule_csv_rows(s, today, task_filter, with_place=with_place) for s in schedules]
    return "".join(text)


def _columns(*, with_place: bool) -> tuple[tuple[str, str], ...]:
    return (PLACE_COLUMNS if with_place else ()) + CSV_COLUMNS


def csv_head(*, with_place: bool) -> str:
    """The CSV's first bytes: the BOM and the header row (see schedules_csv)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label in _columns(with_place=with_place)])  # no formulas
    return buffer.getvalue()


def schedule_csv_rows(
    schedule: Schedule, today: date, task_filter: TaskFilter, *, with_place: bool
) -> str:
    """One harmonogram's rows of schedules_csv (static publishing streams them from disk)."""
    columns = _columns(with_place=with_place)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    place = {"city": schedule.city, "year": str(schedule.year)}
    for department in schedule.departments:
        for task in department.tasks:
            if task_filter.matches(task):
                for row in _rows(schedule, department, task, today):
                    row = {**place, **row}
                    writer.writerow([sheet_cell(row.get(key) or "") for key, _ in columns])
    return buffer.getvalue()


def _rows(
    schedule: Schedule, department: Department, task: Task, today: date
) -> list[dict[str, Any]]:
    period = task.period
    status = task_status(schedule, task, today)
    call = status.call
    base = {
        "key": task.key,
        "department": department.name,
        "number": task.number,
        "title": task.title,
        "short": department.title_of(task),
        "period": period.text,
        "kind": period.kind.label,  # Polish: people read the sheet (the JSON keeps the codes)
        "note": period.note,
        "mode": task.mode.label,
        "amount": f"{task.amount:.2f}".replace(".", ",") if task.amount is not None else "",
        "amount_note": task.amount_note,
        "realization": task.realization.text if task.realization else "",
        "topics": ", ".join(schedule.topics[t] for t in task.topics),
        "url": task.url,
        "contact": task.contact.describe() if task.contact else "",
        "status": status.describe(),
        "call_published": call.published.isoformat() if call else "",
        "call_deadline": call.deadline_wording if call else "",
        "call_url": call.url if call else "",
    }
    if not period.windows:
        return [{**base, "wording": "bez terminu"}]
    count = len(period.windows)
    return [
        {
            **base,
            "round": f"{n} z {count}" if count > 1 else "",
            "start": window.start.isoformat(),
            "last_day": window.last_day.isoformat(),
            "wording": window_wording(period.kind, window),
        }
        for n, window in enumerate(period.windows, start=1)
    ]
