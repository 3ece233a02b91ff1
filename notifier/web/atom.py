"""The Atom feeds (/feed.atom, /topics/{slug}.atom, /departments/{id}.atom, and a city's
beside its calendars, /{city_id}/feed.atom, /{city_id}/topics/{slug}.atom and
/{city_id}/departments/{id}.atom): calls, results and window changes, with the same paths,
filters and refusals (status and text) as the calendars. Each filtered feed has its own id and rel="self"; answers carry
ETag and Last-Modified, are gzipped and answer 304 through the calendars' path
(notifier.web.feeds.conditional_answer)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from notifier.core.announcements import FilterError
from notifier.core.atom import catalog_feed
from notifier.core.feed_spec import spec_entries, validate_spec
from notifier.core.language import POLISH, current_language
from notifier.core.placement import placement
from notifier.web.feed_variants import rendered
from notifier.web.feeds import (
    LANG_PARAM,
    conditional_answer,
    department_owner,
    feed_refusal,
    list_param,
    unknown_path_city,
)
from notifier.web.links import language_query
from notifier.web.routes import CityRoute
from notifier.web.state import app_state, catalog_snapshot, recorded_path
from notifier.web.task_lists import select_entries

router = APIRouter(tags=["atom"])
# Added after every other route, with the calendars' (its first path segment is a city's id).
city_router = APIRouter(tags=["atom"], route_class=CityRoute)

CONTENT_TYPE = "application/atom+xml; charset=utf-8"
FILTERS = ("city", "department", "region", "topic", "year")  # what makes a feed its own
# Read from the request (as the calendars' are), described for the OpenAPI schema (M23).
_TOPIC = list_param("topic", "topic slug, repeatable (any of)")
_DEPARTMENT = list_param("department", "department id, repeatable (any of)")
_CITY = list_param("city", "city id, repeatable (any of)")
_REGION = list_param("region", "region, repeatable (any of)")
_YEAR = list_param("year", "the harmonogram's year (ASCII digits), repeatable (any of)")


def _doc(*params: dict[str, object]) -> dict[str, object]:
    return {"parameters": [*params, LANG_PARAM]}


@router.get(
    "/feed.atom",
    summary="News: calls, results and window changes (Atom)",
    openapi_extra=_doc(_TOPIC, _DEPARTMENT, _CITY, _REGION, _YEAR),
)
@router.head("/feed.atom", include_in_schema=False)
async def feed(request: Request) -> Response:
    """Everything; ?topic=SLUG and ?department=ID (repeatable, any of) narrow it, and
    ?city=ID, ?region=NAME and ?year=YYYY choose harmonograms."""
    params = request.query_params
    return await _atom(request, params.getlist("topic"), params.getlist("department"))


@router.get(
    "/topics/{slug}.atom",
    summary="One topic's news (Atom)",
    openapi_extra=_doc(_CITY, _REGION, _YEAR),
)
@router.head("/topics/{slug}.atom", include_in_schema=False)
async def topic_feed(request: Request, slug: str) -> Response:
    """One topic's calls, results and window changes; 400 for an unknown topic."""
    return await _atom(request, [slug], ())


@router.get(
    "/departments/{department_id}.atom",
    summary="One department's news (Atom)",
    openapi_extra=_doc(_YEAR),
)
@router.head("/departments/{department_id}.atom", include_in_schema=False)
async def department_feed(request: Request, department_id: str) -> Response:
    """One department's calls, results and window changes: the one city's that has such a
    department, as /departments/{id}.ics is (404 naming the cities' own feeds when none or
    several have it; with one city, 400 for a department it does not have)."""
    owner = department_owner(request, department_id, ".atom")
    if isinstance(owner, Response):
        return owner
    return await _atom(request, (), [department_id], owner)


@city_router.get(
    "/{city_id}/feed.atom",
    summary="One city's news, every year (Atom)",
    openapi_extra=_doc(_TOPIC, _DEPARTMENT, _YEAR),
)
@city_router.head("/{city_id}/feed.atom", include_in_schema=False)
async def city_feed(request: Request, city_id: str) -> Response:
    """One city's calls, results and window changes, beside its /{city_id}/calendar.ics;
    ?topic=, ?department= and ?year= narrow it; 404 for a city the service does not have."""
    params = request.query_params
    return await _atom(request, params.getlist("topic"), params.getlist("department"), [city_id])


@city_router.get(
    "/{city_id}/topics/{slug}.atom",
    summary="One topic of one city (Atom)",
    openapi_extra=_doc(_YEAR),
)
@city_router.head("/{city_id}/topics/{slug}.atom", include_in_schema=False)
async def city_topic_feed(request: Request, city_id: str, slug: str) -> Response:
    """One topic of one city, every year, beside its /{city_id}/topics/{slug}.ics."""
    return await _atom(request, [slug], (), [city_id])


@city_router.get(
    "/{city_id}/departments/{department_id}.atom",
    summary="One department of one city (Atom)",
    openapi_extra=_doc(_YEAR),
)
@city_router.head("/{city_id}/departments/{department_id}.atom", include_in_schema=False)
async def city_department_feed(request: Request, city_id: str, department_id: str) -> Response:
    """One department of one city, every year, beside its /{city_id}/departments/{id}.ics."""
    return await _atom(request, (), [department_id], [city_id])


async def _atom(
    request: Request,
    topics: Sequence[str],
    departments: Sequence[str],
    city: Sequence[str] = (),
) -> Response:
    """Calls, results and window changes of the chosen harmonograms (every one by default):
    ?city=, ?region= and ?year= choose; a window moved in a file is listed at the next request
    (its windows are recorded first, see AppState.window_changes)."""
    state = app_state(request.app)
    snap = catalog_snapshot(request)
    catalog = snap.catalog
    params = request.query_params
    cities = list(city) or params.getlist("city")
    regions = params.getlist("region")
    try:
        spec = validate_spec(catalog, cities, regions, topics, departments)
        of_years = {e.key for e in select_entries(catalog, (), params.getlist("year"))}
    except FilterError as exc:  # the calendars' rule: 404 for a city the path names wrongly
        return feed_refusal(str(exc), 404 if unknown_path_city(request, catalog) else 400)
    chosen = [e for e in spec_entries(catalog, spec) if e.key in of_years]
    parts = await run_in_threadpool(state.window_changes, catalog, chosen)
    histories = await run_in_threadpool(state.call_histories, [e.schedule for e in chosen])
    place = placement(catalog)
    atom = catalog_feed(
        catalog,
        parts,
        spec.task_filter,
        title=place.feed_name(spec),
        base_url=state.settings.base_url,
        self_path=self_path(request),
        histories=histories,
    )
    # The feed's own date (notifier.core.feed_dates): its newest entry's when first seen,
    # then moved only when its bytes change, recorded once for every process; the
    # publisher dates the feed's file with this answer's Last-Modified.
    modified = await run_in_threadpool(state.atom_date, self_path(request), atom)
    filename = place.feed_filename(spec).removesuffix(".ics") + ".atom"
    # Its date names its bytes: nginx's ETag for the published (Polish) file.
    dated = recorded_path(self_path(request)) and current_language() == POLISH
    feed = rendered(atom.body, modified, filename, CONTENT_TYPE, dated=dated)
    return conditional_answer(request, feed)


def self_path(request: Request) -> str:
    """The feed's own path with its filters in a canonical order ("/feed.atom?city=leszno&
    topic=sport"): one per feed, whatever order the query came in; other parameters are
    left out."""
    params = request.query_params
    chosen = sorted((k, v) for k, v in params.multi_items() if k in FILTERS)
    chosen += language_query()
    return request.url.path + (f"?{urlencode(chosen)}" if chosen else "")
