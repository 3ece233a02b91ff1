"""The iCalendar feed endpoints: /calendar.ics with filters, and the clean per-topic URLs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse

from notifier.announcements import FilterError, TaskFilter, make_filter
from notifier.feed import ALARM_DAYS_RANGE, REFRESH_INTERVAL
from notifier.web.conditional import accepts_gzip, http_date, not_modified
from notifier.web.links import feed_filename
from notifier.web.state import app_state, snapshot

router = APIRouter(tags=["calendar"])

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Clients are told to poll every REFRESH_INTERVAL; caches may keep a copy as long.
CACHE_CONTROL = f"public, max-age={int(REFRESH_INTERVAL.total_seconds())}"


class BadRequest(Exception):
    """A query the feed cannot answer; the message (Polish) goes to the client as plain text."""


def _bad_request(message: str) -> PlainTextResponse:
    return PlainTextResponse(
        message + "\n", status_code=400, headers={"Access-Control-Allow-Origin": "*"}
    )


TopicQuery = Annotated[list[str] | None, Query(description="topic slug, repeatable (any of)")]
DepartmentQuery = Annotated[list[str] | None, Query(description="department id, repeatable")]
AlarmQuery = Annotated[
    str | None, Query(description="add a reminder this many days (1–60) before each event")
]


@router.get("/calendar.ics", summary="The whole calendar", response_class=Response)
@router.head("/calendar.ics", include_in_schema=False)
def calendar(
    request: Request,
    topic: TopicQuery = None,
    department: DepartmentQuery = None,
    alarm: AlarmQuery = None,
) -> Response:
    """The whole calendar; ?topic=SLUG and ?department=ID (repeatable, any of) narrow it."""
    return _feed(request, topic or (), department or (), alarm)


@router.get("/topics/{slug}.ics", summary="One topic's calendar", response_class=Response)
@router.head("/topics/{slug}.ics", include_in_schema=False)
def topic_calendar(request: Request, slug: str, alarm: AlarmQuery = None) -> Response:
    """The calendar of one topic (the same as /calendar.ics?topic=SLUG)."""
    return _feed(request, [slug], (), alarm)


@router.get(
    "/departments/{department_id}.ics",
    summary="One department's calendar",
    response_class=Response,
)
@router.head("/departments/{department_id}.ics", include_in_schema=False)
def department_calendar(request: Request, department_id: str, alarm: AlarmQuery = None) -> Response:
    """The calendar of one department (the same as /calendar.ics?department=ID)."""
    return _feed(request, (), [department_id], alarm)


def _feed(
    request: Request, topics: Sequence[str], departments: Sequence[str], alarm: str | None
) -> Response:
    try:
        task_filter = make_filter(snapshot(request).schedule, topics, departments)
        alarm_days = _alarm_days(alarm)
    except (FilterError, BadRequest) as exc:
        return _bad_request(str(exc))
    return _feed_response(request, task_filter, alarm_days)


def _alarm_days(value: str | None) -> int | None:
    if value is None:
        return None
    low, high = ALARM_DAYS_RANGE[0], ALARM_DAYS_RANGE[-1]
    text = value.strip()
    if not text.isdigit() or int(text) not in ALARM_DAYS_RANGE:
        raise BadRequest(
            f"alarm: podaj liczbę dni przed terminem, od {low} do {high} (np. ?alarm=7), "
            f"a nie {value!r}"
        )
    return int(text)


def _feed_response(request: Request, task_filter: TaskFilter, alarm_days: int | None) -> Response:
    state = app_state(request.app)
    snap = snapshot(request)
    feed = state.feed_cache.get(snap, task_filter, alarm_days, state.settings.base_url)
    variant = feed.gzip if accepts_gzip(request.headers.get("accept-encoding")) else feed.identity
    headers = {
        "ETag": variant.etag,
        "Last-Modified": http_date(feed.last_modified),
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept-Encoding",
        "Access-Control-Allow-Origin": "*",
    }
    if not_modified(
        request.headers.get("if-none-match"),
        request.headers.get("if-modified-since"),
        (feed.identity.etag, feed.gzip.etag),
        feed.last_modified,
    ):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = (
        f'inline; filename="{feed_filename(snap.schedule, task_filter)}"'
    )
    if variant is feed.gzip:
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(variant.body))
    body = b"" if request.method == "HEAD" else variant.body
    return Response(body, headers=headers, media_type=CONTENT_TYPE)
