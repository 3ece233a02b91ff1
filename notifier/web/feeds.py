"""The iCalendar feed endpoints: /calendar.ics with filters, and the clean per-topic URLs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from notifier.core.announcements import FilterError, TaskFilter
from notifier.core.feed import ALARM_DAYS_RANGE, REFRESH_INTERVAL
from notifier.metrics import FEED_REQUESTS
from notifier.web.conditional import accepts_gzip, not_modified
from notifier.web.feed_cache import RenderedFeed
from notifier.web.state import app_state, is_single, snapshot

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


# The feeds are the hot path (every calendar app polls them), so their parameters are read
# straight from the request instead of through FastAPI's per-request validation, and only
# described here for the OpenAPI schema (/api/docs).
_ALARM_PARAM = {
    "name": "alarm",
    "in": "query",
    "required": False,
    "description": "add a reminder this many days (1–60) before each event",
    "schema": {"type": "string"},
}


def _openapi(*params: dict[str, object]) -> dict[str, object]:
    return {"parameters": [*params, _ALARM_PARAM]}


def _list_param(name: str, description: str) -> dict[str, object]:
    schema = {"type": "array", "items": {"type": "string"}}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _path_param(name: str) -> dict[str, object]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


@router.get(
    "/calendar.ics",
    summary="The whole calendar",
    response_class=Response,
    openapi_extra=_openapi(
        _list_param("topic", "topic slug, repeatable (any of)"),
        _list_param("department", "department id, repeatable"),
    ),
)
@router.head("/calendar.ics", include_in_schema=False)
async def calendar(request: Request) -> Response:
    """The whole calendar; ?topic=SLUG and ?department=ID (repeatable, any of) narrow it.
    With several harmonograms: every city's, all years; ?city=ID and ?region=NAME choose."""
    params = request.query_params
    if not is_single(request):
        from notifier.web.catalog_feeds import cross_city_feed

        return await cross_city_feed(request, params.getlist("topic"), params.getlist("department"))
    return await _feed(request, params.getlist("topic"), params.getlist("department"))


@router.get(
    "/topics/{slug}.ics",
    summary="One topic's calendar",
    response_class=Response,
    openapi_extra=_openapi(_path_param("slug")),
)
@router.head("/topics/{slug}.ics", include_in_schema=False)
async def topic_calendar(request: Request) -> Response:
    """The calendar of one topic (the same as /calendar.ics?topic=SLUG); across every city
    with several harmonograms (?city= and ?region= narrow it)."""
    if not is_single(request):
        from notifier.web.catalog_feeds import cross_city_feed

        return await cross_city_feed(request, [request.path_params["slug"]])
    return await _feed(request, [request.path_params["slug"]], ())


@router.get(
    "/departments/{department_id}.ics",
    summary="One department's calendar",
    response_class=Response,
    openapi_extra=_openapi(_path_param("department_id")),
)
@router.head("/departments/{department_id}.ics", include_in_schema=False)
async def department_calendar(request: Request) -> Response:
    """The calendar of one department (the same as /calendar.ics?department=ID); with
    several harmonograms, the one city's that has such a department."""
    if not is_single(request):
        from notifier.web.catalog_feeds import lone_department_feed

        return await lone_department_feed(request, request.path_params["department_id"])
    return await _feed(request, (), [request.path_params["department_id"]])


async def _feed(request: Request, topics: Sequence[str], departments: Sequence[str]) -> Response:
    try:
        task_filter = app_state(request.app).feed_cache.task_filter(
            snapshot(request), topics, departments
        )
        alarm_days = parse_alarm(request.query_params.get("alarm"))
    except (FilterError, BadRequest) as exc:
        return _bad_request(str(exc))
    return await _feed_response(request, task_filter, alarm_days)


def parse_alarm(value: str | None) -> int | None:
    """?alarm=N: days (1–60) before each event, None when absent; BadRequest in Polish."""
    if value is None:
        return None
    low, high = ALARM_DAYS_RANGE[0], ALARM_DAYS_RANGE[-1]
    text = value.strip()
    if not text.isdigit() or int(text) not in ALARM_DAYS_RANGE:
        raise BadRequest(
            f"alarm: prosimy podać liczbę dni przed terminem, od {low} do {high} "
            f"(np. ?alarm=7), a nie {value!r}"
        )
    return int(text)


async def _feed_response(
    request: Request, task_filter: TaskFilter, alarm_days: int | None
) -> Response:
    state = app_state(request.app)
    snap = snapshot(request)
    # A cached feed is served on the event loop; rendering one (a miss) goes to a thread.
    feed = state.feed_cache.peek(snap, task_filter, alarm_days)
    if feed is None:
        feed = await run_in_threadpool(
            state.feed_cache.get, snap, task_filter, alarm_days, state.settings.base_url
        )
    return feed_answer(request, feed)


def feed_answer(request: Request, feed: RenderedFeed) -> Response:
    """A rendered feed as the answer: gzip if accepted, 304 when the client has it."""
    variant = feed.gzip if accepts_gzip(request.headers.get("accept-encoding")) else feed.identity
    headers = {
        "ETag": variant.etag,
        "Last-Modified": feed.last_modified_header,
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
        count_request(request, "304")
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'inline; filename="{feed.filename}"'
    if variant is feed.gzip:
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(variant.body))
    body = b"" if request.method == "HEAD" else variant.body
    count_request(request, "200")
    return Response(body, headers=headers, media_type=CONTENT_TYPE)


def count_request(request: Request, status: str) -> None:
    """One feed request for the metrics, by route template (never the slug or the query)."""
    route = request.scope.get("route")
    key = (getattr(route, "path", "other"), status)
    counter = _FEED_COUNTERS.get(key)
    if counter is None:  # labels() takes a lock and builds its key each time: once per series
        counter = _FEED_COUNTERS.setdefault(key, FEED_REQUESTS.labels(*key))
    counter.inc()


_FEED_COUNTERS: dict[tuple[str, str], Any] = {}
