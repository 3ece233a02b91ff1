"""What a reminder email says: the due tasks grouped by department, with links (pure data).

templates/emails/reminder.* turn this context into the email; notifier.mail.render renders it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from notifier.core.catalog import year_path
from notifier.core.due import DueItem
from notifier.core.language import gettext as _
from notifier.core.language import in_language
from notifier.core.polish import count_more_tasks, count_tasks
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import PeriodKind, period_with_wording, window_wording
from notifier.core.task_wording import task_details
from notifier.core.time import warsaw_day


def _title(schedule: Schedule, task: Task) -> str:
    """The task's short name (or a readable title) for a subject line."""
    department = schedule.department(task.department_id)
    return department.title_of(task) if department else task.title


def _page_of(items: Sequence[DueItem]) -> str:
    """The page an email's "stronie harmonogramu" link opens: the harmonogram's page when all
    its items are from one (notifier.core.catalog.year_path), the city's page (every year)
    when from one city, else the service's first page (every city; the one harmonogram's
    page when it serves one)."""
    schedules = [i.schedule for i in items if i.schedule is not None]
    if len(schedules) < len(items) or len({s.city_id for s in schedules}) > 1:
        return "/"
    if len({s.year for s in schedules}) == 1:
        return year_path(schedules[0])
    return f"/{schedules[0].city_id}/"


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

    Items from a catalog name their own harmonogram (DueItem.schedule; `schedule` speaks for
    the others); with several cities each department is named with its city.
    Only the task windows of `items` matter (their lead times do not show in the email);
    `now` decides which windows have already started. A window of a deadline reads
    "ogłoszenie najpóźniej do 20 marca 2025"; a round says which of how many it is.
    """
    if not items:
        raise ValueError("a reminder email needs at least one due item")
    today = warsaw_day(now)
    cities = list(dict.fromkeys((item.schedule or schedule).city for item in items))
    groups: dict[tuple[str, int, str], dict[str, Any]] = {}
    for item in items:
        task = item.task
        own = item.schedule or schedule
        department = own.department(task.department_id)
        name = department.name if department else task.department_id
        page = year_path(own) if item.schedule is not None else "/"
        group = groups.setdefault(
            (own.city_id, own.year, task.department_id),
            {
                "id": task.department_id,
                "name": f"{own.city}: {name}" if len(cities) > 1 else name,
                "url": in_language(f"{base_url}{page}#{task.department_id}"),
                "tasks": [],
            },
        )
        window = item.window
        group["tasks"].append(
            {
                "key": task.key,
                "label": task.label,
                "title": task.title,
                "short": _title(own, task),
                "period": task.period.text,
                "span": window_wording(task.period.kind, window),
                "when": period_with_wording(
                    task.period.text, window_wording(task.period.kind, window)
                ),
                "deadline": task.period.kind == PeriodKind.DEADLINE,
                "round": task.round_label(window),
                "started": window.start <= today,
                "details": task_details(task),  # mode, amount, realization, url, contact
                "details_without_url": task_details(task, with_url=False),
                "url": task.url,
            }
        )
    first = items[0].task
    head = items[0].schedule or schedule  # the first item's harmonogram speaks for the email
    more = len(items) - 1
    return {
        "city": ", ".join(cities),
        "year": head.year,
        "schedule_title": head.title,
        "office_name": head.office.name,
        "office_email": head.office.email,
        "subject_title": _title(head, first),
        "announcements_url": head.announcements_url,
        "more": more,
        "more_text": _("i %(more)s") % {"more": count_more_tasks(more)} if more else "",
        "task_count": count_tasks(len(items)),
        "groups": list(groups.values()),
        "page_url": in_language(f"{base_url}{_page_of(items)}"),
        "manage_url": manage_url,
        "unsubscribe_url": unsubscribe_url,
    }
