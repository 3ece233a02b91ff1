"""The harmonogram page (GET /) and the Polish error pages, rendered server-side with jinja2."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from notifier.core.announcements import FilterError, TaskFilter, group_announcements, select
from notifier.core.feed import calendar_name
from notifier.core.polish import count_tasks, format_as_of, format_total
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import window_wording
from notifier.core.task_wording import task_details
from notifier.templating import environment
from notifier.web.links import feed_path, page_path, subscribe_links, webcal_url
from notifier.web.state import app_state, request_filter, snapshot
from notifier.web.timeline import build_timeline

router = APIRouter()


@dataclass(frozen=True)
class TopicLink:
    slug: str
    label: str
    count: int
    href: str
    active: bool


@dataclass(frozen=True)
class TaskRow:
    key: str
    number: str | None
    title: str
    period: str  # as printed
    span: str | None  # "1 maja – 31 maja 2024" ("; " between rounds), None when undated
    note: str | None
    topics: tuple[tuple[str, str], ...]  # (slug, label)
    details: tuple[str, ...] = ()  # mode, amount, realization, url, contact (Polish lines)
    url: str | None = None


@dataclass(frozen=True)
class DepartmentSection:
    id: str
    name: str
    scope: str | None
    tasks: tuple[TaskRow, ...]
    feed_url: str  # the department's own calendar (https:// or http://, as base_url)
    webcal_url: str
    planned_total: str | None = None  # "Łącznie planowane: 2,3 mln zł" figure, or None


@router.api_route(
    "/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
def harmonogram_page(request: Request) -> HTMLResponse:
    snap = snapshot(request)
    try:
        task_filter = request_filter(request, snap)
    except FilterError as exc:
        return render_error(400, "Nie ma takiego widoku", str(exc))
    html = render_page("page.html.j2", page_context(request, snap.schedule, task_filter))
    return HTMLResponse(html)


def page_context(request: Request, schedule: Schedule, task_filter: TaskFilter) -> dict[str, Any]:
    """Everything page.html.j2 shows for one view of the schedule."""
    base_url = app_state(request.app).settings.base_url
    tasks = [t for t in schedule.tasks() if task_filter.matches(t)]
    selected = select(group_announcements(schedule), task_filter)
    name = calendar_name(schedule, task_filter)
    feed_url = base_url + feed_path(task_filter)
    in_departments = TaskFilter(departments=task_filter.departments)
    topics = [
        TopicLink(
            slug=slug,
            label=label,
            count=sum(
                1 for t in schedule.tasks() if slug in t.topics and in_departments.matches(t)
            ),
            href=page_path(TaskFilter(frozenset({slug}), task_filter.departments)),
            active=task_filter.topics == {slug},
        )
        for slug, label in schedule.topics.items()
    ]
    return {
        "schedule": schedule,
        "as_of": format_as_of(schedule.as_of),
        "filter_label": task_filter.describe(schedule),
        "is_everything": task_filter.is_everything,
        "all_topics_href": page_path(in_departments),
        "all_href": "/",
        "topics": [t for t in topics if t.count],
        "departments": _sections(schedule, task_filter, base_url),
        "task_count": count_tasks(len(tasks)),
        "undated_count": sum(1 for t in tasks if not t.period.dated),
        "timeline": build_timeline(schedule.year, selected),
        "calendar_name": name,
        "feed_url": feed_url,
        "links": subscribe_links(feed_url, name),
        "base_url": base_url,
        "planned_total": _total(schedule.planned_amount),
        "csv_url": "/api/tasks.csv",
    }


def _sections(
    schedule: Schedule, task_filter: TaskFilter, base_url: str
) -> list[DepartmentSection]:
    sections = []
    for department in schedule.departments:
        rows = tuple(_row(schedule, t) for t in department.tasks if task_filter.matches(t))
        if rows:
            url = base_url + feed_path(TaskFilter(departments=frozenset({department.id})))
            sections.append(
                DepartmentSection(
                    department.id,
                    department.name,
                    department.scope,
                    rows,
                    feed_url=url,
                    webcal_url=webcal_url(url),
                    planned_total=_total(department.planned_amount),
                )
            )
    return sections


def _total(amount: Decimal | None) -> str | None:
    return format_total(amount) if amount is not None else None


def _row(schedule: Schedule, task: Task) -> TaskRow:
    period = task.period
    return TaskRow(
        key=task.key,
        number=task.number,
        title=task.title,
        period=period.text,
        span="; ".join(window_wording(period.kind, w) for w in period.windows) or None,
        note=period.note,
        topics=tuple((slug, schedule.topics[slug]) for slug in task.topics),
        details=tuple(task_details(task, with_url=False)),
        url=task.url,
    )


def render_page(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def render_error(status_code: int, heading: str, message: str) -> HTMLResponse:
    """A Polish error page in the site's layout (no control characters echoed, line breaks kept)."""
    html = render_page(
        "error.html.j2",
        {"status_code": status_code, "heading": heading, "message": _CONTROL.sub("", message)},
    )
    return HTMLResponse(html, status_code=status_code)
