"""What a reminder email says: the due tasks grouped by department, with links (pure data).

templates/emails/reminder.* turn this context into the email; notifier.mail.render renders it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from notifier.core.due import DueItem
from notifier.core.polish import count_tasks, format_span
from notifier.core.schedule import Schedule, Task, shorten
from notifier.core.time import require_aware

SUBJECT_TITLE_MAX = 70  # characters of the first task's title in a subject line


def _subject_title(task: Task) -> str:
    # Only ",;:" are trimmed: an abbreviation's dot stays ("m.in.…").
    return shorten(task.title[:1].upper() + task.title[1:], SUBJECT_TITLE_MAX, trim=",;:")


def reminder_email_context(
    schedule: Schedule,
    items: Sequence[DueItem],
    now: datetime,
    *,
    base_url: str,
    manage_url: str,
    unsubscribe_url: str,
) -> dict[str, Any]:
    """Everything templates/emails/reminder.* need: tasks grouped by department, links.

    `items`: the due items of one email, in the order to show them (at least one; ValueError
    otherwise); only their tasks matter, the lead times do not show. `now` (aware; ValueError
    if naive) decides, by its Warsaw day, which windows have already started. URLs are
    absolute: `base_url` without a trailing slash, the personal manage/unsubscribe links.

    Returns a dict: "groups" is a list, per department in order of first appearance, of
    {"id", "name", "url", "tasks"}, each task {"key", "label", "title", "period" (as printed),
    "span" ('1 maja – 31 maja 2024'), "started" (bool)}; then the subject's parts
    ("subject_title", "more", "more_text"), "task_count", the schedule's "city", "year",
    "schedule_title", the office's "office_name"/"office_email", and "page_url",
    "manage_url", "unsubscribe_url".
    """
    if not items:
        raise ValueError("a reminder email needs at least one due item")
    today = require_aware(now).date()
    groups: dict[str, dict[str, Any]] = {}
    for item in items:
        task = item.task
        department = schedule.department(task.department_id)
        group = groups.setdefault(
            task.department_id,
            {
                "id": task.department_id,
                "name": department.name if department else task.department_id,
                "url": f"{base_url}/#{task.department_id}",
                "tasks": [],
            },
        )
        assert task.period.start is not None
        assert task.period.end is not None
        group["tasks"].append(
            {
                "key": task.key,
                "label": task.label,
                "title": task.title,
                "period": task.period.text,
                "span": format_span(task.period.start, task.period.end),
                "started": task.period.start <= today,
            }
        )
    first = items[0].task
    more = len(items) - 1
    return {
        "city": schedule.city,
        "year": schedule.year,
        "schedule_title": schedule.title,
        "office_name": schedule.office.name,
        "office_email": schedule.office.email,
        "subject_title": _subject_title(first),
        "more": more,
        "more_text": f"i jeszcze {count_tasks(more)}" if more else "",
        "task_count": count_tasks(len(items)),
        "groups": list(groups.values()),
        "page_url": f"{base_url}/",
        "manage_url": manage_url,
        "unsubscribe_url": unsubscribe_url,
    }
