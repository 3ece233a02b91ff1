"""JSON for integrations (GET /api/tasks) and the health check (GET /healthz)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from notifier.core.announcements import FilterError
from notifier.core.periods import PeriodKind
from notifier.core.schedule import Mode
from notifier.core.task_status import Status as TaskStatusValue
from notifier.web.faults import problem_lines
from notifier.web.feed_fast import disposition
from notifier.web.feeds import LANG_PARAM
from notifier.web.state import app_state, catalog_snapshot, today
from notifier.web.static_site import static_site_problems
from notifier.web.task_lists import catalog_csv, catalog_document

router = APIRouter()


class WindowOut(BaseModel):
    """One expected announcement window."""

    start: date
    end: date = Field(description="exclusive")
    wording: str = Field(description="in Polish, e.g. 'najpóźniej do 20 marca 2025'")


class PeriodOut(BaseModel):
    """A period as printed (here the realization period), its kind and its windows."""

    period: str
    kind: PeriodKind
    start: date | None
    end: date | None
    note: str | None
    window: str | None = Field(
        default=None, description="the office's reading given beside a vague printed period"
    )
    windows: list[WindowOut]


class ContactOut(BaseModel):
    """The person to ask about a task."""

    name: str | None
    email: str | None
    phone: str | None


class TaskOut(BaseModel):
    """One task of a harmonogram, with its period, call and status today."""

    key: str = Field(description="stable id of the task within its harmonogram: 'department/task'")
    city_id: str = Field(description="the city's id, as in /{city_id}/")
    year: int = Field(description="the harmonogram's year")
    department_id: str
    department: str = Field(description="department name, in Polish")
    task_id: str
    number: str | None = Field(description="item number as printed in the harmonogram")
    title: str
    period: str = Field(description="the period exactly as printed, e.g. 'Maj 2024'")
    kind: PeriodKind
    start: date | None = Field(description="first day of the period; null when undated")
    end: date | None = Field(description="day after the last day (exclusive); null when undated")
    note: str | None = Field(
        description="what an undated period says instead of a date, or a dated one's remark "
        "(a footnote mark, 'konkurs trzyletni')"
    )
    window: str | None = Field(
        default=None,
        description="the office's reading given beside a vague printed period ('window = "
        '"1–10 marca 2025"\' in the file): the windows are its, `period` stays as printed',
    )
    windows: list[WindowOut] = Field(
        description="the expected announcement windows: one, one per round, none when undated"
    )
    topics: list[str] = Field(description="topic slugs")
    feed_url: str = Field(description="the department's calendar feed")
    page_url: str = Field(description="the department on the harmonogram page")
    short: str | None = Field(description="short name given in the schedule file")
    calendar_title: str = Field(description="the name used in calendar titles and subjects")
    mode: Mode = Field(description="konkurs, maly-grant (art. 19a), powierzenie, wsparcie, …")
    amount: float | None = Field(description="planned funds in PLN")
    amount_note: str | None = Field(description="the amount as worded, e.g. '3 × 400 000 zł'")
    realization: PeriodOut | None = Field(description="the realization period as printed")
    url: str | None = Field(description="the competition's or department's page")
    contact: ContactOut | None
    status: TaskStatusValue = Field(description="the task's status today")
    status_text: str = Field(description="the status in Polish, with the deadline and days left")
    call: CallOut | None = Field(description="the call the status is about; null before any")


class ResultsOut(BaseModel):
    """The published results of a call (rozstrzygnięcie): the day and where to read them."""

    date: date
    url: str


class CallOut(BaseModel):
    """A published call (ogłoszenie konkursu) covering some of the tasks."""

    key: str = Field(description="stable id of the call (publication day and tasks)")
    tasks: list[str] = Field(description="keys of the tasks the call covers")
    published: date
    url: str = Field(description="the published call (ogłoszenie)")
    deadline: date | datetime = Field(
        description="termin składania ofert: a day, or a moment with the Warsaw offset"
    )
    title: str | None
    amount: float | None = Field(description="the call's funds in PLN")
    results: ResultsOut | None


class HarmonogramOut(BaseModel):
    """One harmonogram of those listed."""

    city_id: str
    city: str
    region: str | None
    year: int
    title: str
    as_of: date
    version: str


class TasksOut(BaseModel):
    """The answer of GET /api/tasks: the chosen harmonograms' tasks in file order."""

    title: str
    city: str | None = Field(description="null when several harmonograms are listed")
    year: int | None = Field(description="null when several harmonograms are listed")
    as_of: date | None = Field(description="'stan na dzień' of the harmonogram")
    version: str = Field(description="hash of the schedule file; changes with every edit")
    topics: dict[str, str] = Field(description="topic slug -> Polish label")
    feed_url: str = Field(description="the calendar feed of this selection")
    announcements_url: str | None = Field(description="where the city publishes its calls")
    planned_amount: float | None = Field(description="the year's planned total in PLN")
    harmonograms: list[HarmonogramOut] | None = Field(
        default=None, description="the harmonograms listed, when there are several"
    )
    today: date = Field(description="the day (Europe/Warsaw) the statuses are for")
    tasks: list[TaskOut]


class ErrorOut(BaseModel):
    """A 400 answer: what was wrong with the query (Polish)."""

    detail: str


class HealthOut(BaseModel):
    """The answer of GET /healthz."""

    status: str
    version: str = Field(description="version of the schedule being served")
    problems: list[str] = Field(
        description="why the latest edit of the schedule file was not loaded (empty if it was)"
    )
    static_site: list[str] = Field(
        description="why the static site in NOTIFIER_PUBLISH_DIR is stale (empty if it is not)"
    )


@router.get(
    "/api/tasks",
    openapi_extra={"parameters": [LANG_PARAM]},
    response_model=TasksOut,
    response_model_exclude_unset=True,  # "harmonograms" only where there are several
    responses={
        400: {"model": ErrorOut, "description": "unknown topic, department or city, or a bad year"}
    },
    summary="The schedule's tasks",
)
@router.head(
    "/api/tasks",
    response_model=TasksOut,
    response_model_exclude_unset=True,
    include_in_schema=False,
)
def api_tasks(
    request: Request,
    topic: Annotated[list[str] | None, Query(description="topic slug, repeatable (any of)")] = None,
    department: Annotated[
        list[str] | None, Query(description="department id, repeatable (any of)")
    ] = None,
    city: Annotated[list[str] | None, Query(description="city id, repeatable (any of)")] = None,
    year: Annotated[list[str] | None, Query(description="year, repeatable (any of)")] = None,
) -> TasksOut | JSONResponse:
    """Every task (or those of ?topic=SLUG / ?department=ID, repeatable), in file order;
    ?city=ID and ?year=YYYY choose harmonograms when the service holds several."""
    try:
        document = catalog_document(
            catalog_snapshot(request),
            city or (),
            year or (),
            topic or (),
            department or (),
            app_state(request.app).settings.base_url,
            today(request),
        )
    except FilterError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    return TasksOut.model_validate(document)


@router.get(
    "/api/tasks.csv",
    openapi_extra={"parameters": [LANG_PARAM]},
    responses={
        200: {"content": {"text/csv": {}}, "description": "one row per task window"},
        400: {"model": ErrorOut, "description": "unknown topic, department or city, or a bad year"},
    },
    summary="The schedule's tasks as CSV (UTF-8 with BOM, for Excel)",
)
@router.head("/api/tasks.csv", include_in_schema=False)
def api_tasks_csv(
    request: Request,
    topic: Annotated[list[str] | None, Query(description="topic slug, repeatable (any of)")] = None,
    department: Annotated[
        list[str] | None, Query(description="department id, repeatable (any of)")
    ] = None,
    city: Annotated[list[str] | None, Query(description="city id, repeatable (any of)")] = None,
    year: Annotated[list[str] | None, Query(description="year, repeatable (any of)")] = None,
) -> Response:
    """Every task window as a CSV row (or those of ?topic= / ?department=), in file order:
    the same tasks as /api/tasks for the same query; ?city=ID and ?year=YYYY choose
    harmonograms when the service holds several (then each row names its city and year)."""
    cat = catalog_snapshot(request)
    try:
        text, name = catalog_csv(
            cat, city or (), year or (), topic or (), department or (), today(request)
        )
    except FilterError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition("attachment", name)},
    )


@router.get("/healthz", response_model=HealthOut, summary="Health check")
@router.head("/healthz", response_model=HealthOut, include_in_schema=False)
def healthz(request: Request) -> HealthOut:
    """200 with the version of the schedule being served (HEAD: the same, without a body),
    the problems of files not served as they are now (a directory: "path: problem"), and
    whether the static site the worker publishes is stale (notifier.web.static_site)."""
    catalog = catalog_snapshot(request)
    return HealthOut(
        status="ok",
        version=catalog.version,
        problems=problem_lines(catalog, app_state(request.app).catalog_source.path),
        static_site=static_site_problems(app_state(request.app).settings.publish_dir),
    )
