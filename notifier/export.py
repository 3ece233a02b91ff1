"""The schedule as data for other programs: the /api/tasks document (JSON) and a CSV sheet.

One builder for both `GET /api/tasks` and `notifier export --format json`, so they are equal;
the CSV has one row per task window (a task with rounds gives a row per round, an undated
task one row without dates), UTF-8 with a BOM so that Excel shows Polish letters, columns
separated by ";" and amounts with a decimal comma, as Excel set to Polish reads them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from notifier.core.announcements import EVERYTHING, TaskFilter
from notifier.core.schedule import Department, Schedule, Task
from notifier.core.spans import Period, window_wording
from notifier.web.links import feed_path

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
)


def _period_out(period: Period) -> dict[str, Any]:
    return {
        "period": period.text,
        "kind": period.kind.value,
        "start": period.windows[0].start.isoformat() if period.windows else None,
        "end": period.windows[-1].end.isoformat() if period.windows else None,
        "note": period.note,
        "windows": [
            {
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "wording": window_wording(period.kind, w),
            }
            for w in period.windows
        ],
    }


def task_out(task: Task, department: Department, base_url: str) -> dict[str, Any]:
    """One task of /api/tasks: every field the API had, then the optional ones (null if unset)."""
    out: dict[str, Any] = {
        "key": task.key,
        "department_id": department.id,
        "department": department.name,
        "task_id": task.id,
        "number": task.number,
        "title": task.title,
        **_period_out(task.period),
        "topics": list(task.topics),
        "feed_url": base_url + feed_path(TaskFilter(departments=frozenset({department.id}))),
        "page_url": f"{base_url}/#{department.id}",
        "short": task.short,
        "calendar_title": department.title_of(task),
        "mode": task.mode.value,
        "amount": float(task.amount) if task.amount is not None else None,
        "amount_note": task.amount_note,
        "realization": _period_out(task.realization) if task.realization else None,
        "url": task.url,
        "contact": vars(task.contact) if task.contact else None,
    }
    return out


def tasks_document(
    schedule: Schedule, task_filter: TaskFilter, base_url: str, version: str
) -> dict[str, Any]:
    """The /api/tasks document (JSON-ready: dates as ISO text, amounts in PLN as numbers)."""
    tasks = [
        task_out(task, department, base_url)
        for department in schedule.departments
        for task in department.tasks
        if task_filter.matches(task)
    ]
    total = schedule.planned_amount
    return {
        "title": schedule.title,
        "city": schedule.city,
        "year": schedule.year,
        "as_of": schedule.as_of.isoformat(),
        "version": version,
        "topics": dict(schedule.topics),
        "feed_url": base_url + feed_path(task_filter),
        "announcements_url": schedule.announcements_url,
        "planned_amount": float(total) if total is not None else None,
        "tasks": tasks,
    }


def tasks_csv(schedule: Schedule, task_filter: TaskFilter = EVERYTHING) -> str:
    """The schedule as CSV text: a BOM, a Polish header row, one row per task window."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    for department in schedule.departments:
        for task in department.tasks:
            if task_filter.matches(task):
                for row in _rows(schedule, department, task):
                    writer.writerow([row.get(key) or "" for key, _ in CSV_COLUMNS])
    return buffer.getvalue()


def _rows(schedule: Schedule, department: Department, task: Task) -> list[dict[str, Any]]:
    period = task.period
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
