"""The iCalendar feed endpoints: /calendar.ics with filters and the clean per-topic and
per-department URLs, across every city (?city=, ?region= choose), and per city
/{city_id}/calendar.ics (every year of a city) with its topics and departments.

Every feed is a FeedSpec over the catalog (notifier.core.feed_spec), rendered by one cache
(notifier.web.feed_cache); with one harmonogram served, its feeds are named as before cities
existed (feed_spec's one naming rule), and the city URLs give the same feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from notifier.core.announcements import FilterError
from notifier.core.catalog import Catalog
from notifier.core.echo import in_quotes, printable
from notifier.core.feed import ALARM_DAYS_RANGE
from notifier.core.feed_spec import FeedSpec, validate_spec
from notifier.core.input_rules import address_number
from notifier.core.language import N_
from notifier.core.language import gettext as _
from notifier.files.source import CatalogSnapshot
from notifier.web.conditional import accepts_gzip, not_modified
from notifier.web.feed_fast import count_feed, feed_response, request_key
from notifier.web.feed_variants import RenderedFeed
from notifier.web.routes import CityRoute
from notifier.web.state import AppState, app_state, catalog_snapshot, today

router = APIRouter(tags=["calendar"])
# Added after every other route: their first path segment is a city's id.
city_router = APIRouter(tags=["calendar"], route_class=CityRoute)


class BadRequest(Exception):
    """A query the feed cannot answer; the message (Polish) goes to the client as plain text."""


def feed_refusal(message: str, status: int = 400) -> PlainTextResponse:
    """A feed's refusal (a calendar's or an Atom feed's alike): the Polish text, readable
    by the pages of other sites as the feeds are (CORS)."""
    return PlainTextResponse(
        message + "\n", status_code=status, headers={"Access-Control-Allow-Origin": "*"}
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


LANG_PARAM = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "the language of the answer's own words: pl (the default), en or uk",
    "schema": {"type": "string", "enum": ["pl", "en", "uk"]},
}


def _openapi(*params: dict[str, object]) -> dict[str, object]:
    return {"parameters": [*params, _ALARM_PARAM, LANG_PARAM]}


def list_param(name: str, description: str) -> dict[str, object]:
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
        list_param("topic", "topic slug, repeatable (any of)"),
        list_param("department", "department id, repeatable"),
        list_param("city", "city id, repeatable (any of)"),
        list_param("region", "region, repeatable (any of)"),
    ),
)
@router.head("/calendar.ics", include_in_schema=False)
async def calendar(request: Request) -> Response:
    """The whole calendar: every city's, all years; ?city=ID and ?region=NAME choose,
    ?topic=SLUG and ?department=ID (repeatable, any of) narrow it."""
    params = request.query_params
    return await _chosen(request, params.getlist("topic"), params.getlist("department"))


@router.get(
    "/topics/{slug}.ics",
    summary="One topic's calendar",
    response_class=Response,
    openapi_extra=_openapi(_path_param("slug")),
)
@router.head("/topics/{slug}.ics", include_in_schema=False)
async def topic_calendar(request: Request) -> Response:
    """The calendar of one topic (the same as /calendar.ics?topic=SLUG), across every city
    (?city= and ?region= narrow it)."""
    return await _chosen(request, [request.path_params["slug"]])


@router.get(
    "/departments/{department_id}.ics",
    summary="One department's calendar",
    response_class=Response,
    openapi_extra=_openapi(_path_param("department_id")),
)
@router.head("/departments/{department_id}.ics", include_in_schema=False)
async def department_calendar(request: Request) -> Response:
    """The calendar of one department: the one city's that has such a department, every
    year; 404 naming the cities' own URLs when none or several have it."""
    department_id = request.path_params["department_id"]
    owner = department_owner(request, department_id, ".ics")
    if isinstance(owner, Response):
        return owner
    return await _serve(request, owner, (), (), [department_id])


# Where a cross-city department feed sends a reader who asked for a department no city, or
# several cities, have: the whole feed of the same format.
_WHOLE = {
    ".ics": N_("Cały kalendarz: /calendar.ics"),
    ".atom": N_("Wszystkie wiadomości: /feed.atom"),
}


def department_owner(request: Request, department_id: str, suffix: str) -> list[str] | Response:
    """The city of /departments/ID.ics and /departments/ID.atom (`suffix`), one rule for
    both formats: the one city that has the department (with one city served, that city:
    its 400 lists its departments); else a 404 naming the cities' own URLs of the format
    (several have it) or the whole feed (none has)."""
    catalog = catalog_snapshot(request).catalog
    having = [
        c.city_id
        for c in catalog.cities()
        if any(e.schedule.department(department_id) for e in c.entries)
    ]
    cities = catalog.cities()
    if len(having) == 1 or len(cities) == 1:
        return having or [cities[0].city_id]
    where = ", ".join(f"/{c}/departments/{department_id}{suffix}" for c in having)
    shown = in_quotes(printable(department_id))
    text = (
        _("Wydział %(id)s jest w kilku miastach – prosimy wybrać adres miasta: %(where)s")
        % {"id": shown, "where": where}
        if having
        else _("Nie ma wydziału %(id)s w żadnym mieście.") % {"id": shown} + " " + _(_WHOLE[suffix])
    )
    return feed_refusal(text, 404)


@city_router.get(
    "/{city_id}/calendar.ics",
    summary="Every year of one city",
    response_class=Response,
    openapi_extra=_openapi(),  # the path parameters: the function's own
)
@city_router.head("/{city_id}/calendar.ics", include_in_schema=False)
async def city_calendar(request: Request, city_id: str) -> Response:
    """Every year of the city in one feed; ?topic= and ?department= (repeatable) narrow it."""
    params = request.query_params
    return await _serve(
        request, [city_id], (), params.getlist("topic"), params.getlist("department")
    )


@city_router.get(
    "/{city_id}/topics/{slug}.ics",
    summary="One topic of one city, every year",
    response_class=Response,
    openapi_extra=_openapi(),  # the path parameters: the function's own
)
@city_router.head("/{city_id}/topics/{slug}.ics", include_in_schema=False)
async def city_topic_calendar(request: Request, city_id: str, slug: str) -> Response:
    """One topic of one city, every year."""
    return await _serve(request, [city_id], (), [slug], ())


@city_router.get(
    "/{city_id}/departments/{department_id}.ics",
    summary="One department of one city, every year",
    response_class=Response,
    openapi_extra=_openapi(),  # the path parameters: the function's own
)
@city_router.head("/{city_id}/departments/{department_id}.ics", include_in_schema=False)
async def city_department_calendar(request: Request, city_id: str, department_id: str) -> Response:
    """One department of one city, every year."""
    return await _serve(request, [city_id], (), (), [department_id])


async def _chosen(
    request: Request, topics: Sequence[str], departments: Sequence[str] = ()
) -> Response:
    """A feed across the cities that ?city= and ?region= (repeatable) choose, every one
    when neither is given."""
    params = request.query_params
    return await _serve(
        request, params.getlist("city"), params.getlist("region"), topics, departments
    )


async def _serve(
    request: Request,
    cities: Sequence[str],
    regions: Sequence[str],
    topics: Sequence[str],
    departments: Sequence[str],
) -> Response:
    snap = catalog_snapshot(request)
    try:
        spec = validate_spec(snap.catalog, cities, regions, topics, departments)
        alarm_days = parse_alarm(request.query_params.get("alarm"))
    except (FilterError, BadRequest) as exc:
        return feed_refusal(str(exc), 404 if unknown_path_city(request, snap.catalog) else 400)
    return await _respond(request, spec, alarm_days)


def unknown_path_city(request: Request, catalog: Catalog) -> bool:
    """A /{city_id}/… address of a city the service does not have (a 404, not a 400): the
    rule of the calendars and the Atom feeds alike."""
    city_id = request.path_params.get("city_id")
    return city_id is not None and catalog.city(city_id) is None


def render_feed(
    state: AppState,
    snap: CatalogSnapshot,
    cities: Sequence[str],
    topics: Sequence[str],
    departments: Sequence[str],
) -> tuple[bytes, datetime, str]:
    """The feed a calendar URL without a query answers (e.g. /leszno/topics/sport.ics is
    cities ["leszno"], topics ["sport"]), rendered as a request would have it, without the
    request (static publishing: notifier.publish.render): its identity bytes, Last-Modified
    and file name (FeedCache.assemble). FilterError for an unknown id."""
    spec = validate_spec(snap.catalog, cities, (), topics, departments)
    return state.feed_cache.assemble(snap, spec, None, state.today(), state.settings.base_url)


async def _respond(request: Request, spec: FeedSpec, alarm_days: int | None) -> Response:
    state = app_state(request.app)
    snap = catalog_snapshot(request)
    day = today(request)
    cache = state.feed_cache
    # A cached feed is served on the event loop; rendering one (a miss) goes to a thread.
    feed = cache.peek(snap, spec, alarm_days, day)
    if feed is None:
        feed = await run_in_threadpool(
            cache.get, snap, spec, alarm_days, day, state.settings.base_url
        )
    return feed_answer(request, feed, cache, day)


ALARM_RANGE = N_(
    "Przypomnienie w kalendarzu można ustawić od %(low)s do %(high)s dni przed terminem."
)


def alarm_range_text() -> str:
    """ALARM_RANGE in the reader's language, naming ALARM_DAYS_RANGE's ends (m3: one source
    of a range for every message)."""
    return _(ALARM_RANGE) % {"low": ALARM_DAYS_RANGE[0], "high": ALARM_DAYS_RANGE[-1]}


def parse_alarm(value: str | None) -> int | None:
    """?alarm=N: days (1–60) before each event, None when absent; BadRequest in Polish."""
    if value is None:
        return None
    low, high = ALARM_DAYS_RANGE[0], ALARM_DAYS_RANGE[-1]
    if not value:
        raise BadRequest(
            _("parametr alarm= jest pusty – prosimy wpisać po „=” liczbę dni przed terminem, od "
              "%(low)s do %(high)s (np. ?alarm=7), albo usunąć ten parametr z adresu")
            % {"low": low, "high": high}
        )  # fmt: skip
    days = address_number(value, 2)
    if days is None or days not in ALARM_DAYS_RANGE:
        raise BadRequest(
            _("alarm: prosimy podać liczbę dni przed terminem, od %(low)s do %(high)s (np. "
              "?alarm=7), a nie %(value)s") % {"low": low, "high": high, "value": in_quotes(value)}
        )  # fmt: skip
    return days


def feed_answer(
    request: Request, feed: RenderedFeed, cache: object, day: date | None = None
) -> Response:
    """A rendered feed as the answer: gzip if accepted, 304 when the client has it. The
    answer is remembered for the fast path (notifier.web.feed_fast) with what it was built
    from: the request's catalog snapshot, the feed `cache` and the `day` of catalog feeds."""
    response = conditional_answer(request, feed)
    app_state(request.app).answered_feeds.remember(
        request_key(request.scope, request.headers.get("accept-encoding")),
        feed,
        snapshot=catalog_snapshot(request),
        cache=cache,
        day=day,
        route=_route_path(request),
    )
    return response


def conditional_answer(request: Request, feed: RenderedFeed) -> Response:
    """A rendered feed (calendar or Atom) as the answer to `request`: gzip if accepted, 304
    when the client's ETag or If-Modified-Since says it has it, no body for HEAD; counted."""
    fresh = not_modified(
        request.headers.get("if-none-match"),
        request.headers.get("if-modified-since"),
        (feed.identity.etag, feed.gzip.etag),
        feed.last_modified,
    )
    gzipped = accepts_gzip(request.headers.get("accept-encoding"))
    response = feed_response(feed, gzipped, fresh, head=request.method == "HEAD")
    count_request(request, "304" if fresh else "200")
    return response


def count_request(request: Request, status: str) -> None:
    """One feed request for the metrics, by route template (never the slug or the query)."""
    count_feed(_route_path(request), status)


def _route_path(request: Request) -> str:
    return getattr(request.scope.get("route"), "path", "other")
