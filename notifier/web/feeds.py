"""The iCalendar feed endpoints: /calendar.ics with filters, and the clean per-topic URLs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from notifier.core.announcements import FilterError, TaskFilter
from notifier.core.feed import ALARM_DAYS_RANGE
from notifier.web.conditional import accepts_gzip, not_modified
from notifier.web.feed_cache import RenderedFeed
from notifier.web.feed_fast import count_feed, feed_response, request_key
from notifier.web.state import app_state, catalog_snapshot, is_single, snapshot

router = APIRouter(tags=["calendar"])


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
    cache = state.feed_cache
    # A cached feed is served on the event loop; rendering one (a miss) goes to a thread.
    feed = cache.peek(snap, task_filter, alarm_days)
    if feed is None:
        feed = await run_in_threadpool(
            cache.get, snap, task_filter, alarm_days, state.settings.base_url
        )
    return feed_answer(request, feed, cache)


def feed_answer(
    request: Request, feed: RenderedFeed, cache: object, day: date | None = None
) -> Response:
    """A rendered feed as the answer: gzip if accepted, 304 when the client has it. The
    answer is remembered for the fast path (notifier.web.feed_fast) with what it was built
    from: the request's catalog snapshot, the feed `cache` and the `day` of catalog feeds."""
    accept_encoding = request.headers.get("accept-encoding")
    gzipped = accepts_gzip(accept_encoding)
    fresh = not_modified(
        request.headers.get("if-none-match"),
        request.headers.get("if-modified-since"),
        (feed.identity.etag, feed.gzip.etag),
        feed.last_modified,
    )
    response = feed_response(feed, gzipped, fresh, head=request.method == "HEAD")
    count_request(request, "304" if fresh else "200")
    app_state(request.app).answered_feeds.remember(
        request_key(request.scope, accept_encoding),
        feed,
        snapshot=catalog_snapshot(request),
        cache=cache,
        day=day,
        route=_route_path(request),
    )
    return response


def count_request(request: Request, status: str) -> None:
    """One feed request for the metrics, by route template (never the slug or the query)."""
    count_feed(_route_path(request), status)


def _route_path(request: Request) -> str:
    return getattr(request.scope.get("route"), "path", "other")
