"""JSON for integrations (GET /api/tasks) and the health check (GET /healthz)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from notifier.core.announcements import FilterError, TaskFilter, make_filter
from notifier.core.periods import PeriodKind
from notifier.core.schedule import Department, Task
from notifier.web.links import feed_path
from notifier.web.state import app_state, snapshot

router = APIRouter()


class TaskOut(BaseModel):
    key: str = Field(description="stable global id of the task: 'department/task'")
    department_id: str
    department: str = Field(description="department name, in Polish")
    task_id: str
    number: str | None = Field(description="item number as printed in the harmonogram")
    title: str
    period: str = Field(description="the period exactly as printed, e.g. 'Maj 2024'")
    kind: PeriodKind
    start: date | None = Field(description="first day of the period; null when undated")
    end: date | None = Field(description="day after the last day (exclusive); null when undated")
    note: str | None = Field(description="what an undated period says instead of a date")
    topics: list[str] = Field(description="topic slugs")
    feed_url: str = Field(description="the department's calendar feed")
    page_url: str = Field(description="the department on the harmonogram page")


class TasksOut(BaseModel):
    title: str
    city: str
    year: int
    as_of: date = Field(description="'stan na dzień' of the harmonogram")
    version: str = Field(description="hash of the schedule file; changes with every edit")
    topics: dict[str, str] = Field(description="topic slug -> Polish label")
    feed_url: str = Field(description="the calendar feed of this selection")
    tasks: list[TaskOut]


class ErrorOut(BaseModel):
    detail: str


class HealthOut(BaseModel):
    status: str
    version: str = Field(description="version of the schedule being served")
    problems: list[str] = Field(
        description="why the latest edit of the schedule file was not loaded (empty if it was)"
    )


@router.get(
    "/api/tasks",
    response_model=TasksOut,
    responses={400: {"model": ErrorOut, "description": "unknown topic or department"}},
    summary="The schedule's tasks",
)
@router.head("/api/tasks", response_model=TasksOut, include_in_schema=False)
def api_tasks(
    request: Request,
    topic: Annotated[list[str] | None, Query(description="topic slug, repeatable (any of)")] = None,
    department: Annotated[
        list[str] | None, Query(description="department id, repeatable (any of)")
    ] = None,
) -> TasksOut | JSONResponse:
    """Every task (or those of ?topic=SLUG / ?department=ID, repeatable), in file order."""
    snap = snapshot(request)
    try:
        task_filter = make_filter(snap.schedule, topic or (), department or ())
    except FilterError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    base_url = app_state(request.app).settings.base_url
    schedule = snap.schedule
    tasks = []
    for dept in schedule.departments:
        for task in dept.tasks:
            if task_filter.matches(task):
                tasks.append(_task_out(task, dept, base_url))
    return TasksOut(
        title=schedule.title,
        city=schedule.city,
        year=schedule.year,
        as_of=schedule.as_of,
        version=snap.version,
        topics=dict(schedule.topics),
        feed_url=base_url + feed_path(task_filter),
        tasks=tasks,
    )


def _task_out(task: Task, department: Department, base_url: str) -> TaskOut:
    return TaskOut(
        key=task.key,
        department_id=department.id,
        department=department.name,
        task_id=task.id,
        number=task.number,
        title=task.title,
        period=task.period.text,
        kind=task.period.kind,
        start=task.period.start,
        end=task.period.end,
        note=task.period.note,
        topics=list(task.topics),
        feed_url=base_url + feed_path(TaskFilter(departments=frozenset({department.id}))),
        page_url=f"{base_url}/#{department.id}",
    )


@router.get("/healthz", response_model=HealthOut, summary="Health check")
@router.head("/healthz", response_model=HealthOut, include_in_schema=False)
def healthz(request: Request) -> HealthOut:
    """200 with the version of the schedule being served (HEAD: the same, without a body)."""
    snap = snapshot(request)
    return HealthOut(status="ok", version=snap.version, problems=list(snap.problems))
