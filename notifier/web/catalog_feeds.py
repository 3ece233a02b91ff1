"""Feeds over the catalog: /{city_id}/calendar.ics (every year of a city), its topics and
departments, and across cities /calendar.ics?city=…&region=…&topic=… and /topics/{slug}.ics.

With one harmonogram, /calendar.ics, /topics/… and /departments/… stay that harmonogram's own
feeds (notifier.web.feeds); the city URLs work too.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from notifier.core.announcements import FilterError
from notifier.core.catalog import Catalog
from notifier.core.catalog_feed import FeedSpec, validate_spec
from notifier.web.feed_cache import RenderedFeed
from notifier.web.feeds import (
    BadRequest,
    _bad_request,
    _openapi,
    _path_param,
    feed_answer,
    parse_alarm,
)
from notifier.web.state import app_state, catalog_snapshot, today

router = APIRouter(tags=["calendar"])


async def cross_city_feed(
    request: Request, topics: Sequence[str], departments: Sequence[str] = ()
) -> Response:
    """/calendar.ics and /topics/{slug}.ics with several harmonograms: ?city= and ?region=
    (repeatable) choose the cities, every one when neither is given."""
    params = request.query_params
    return await _serve(
        request, params.getlist("city"), params.getlist("region"), topics, departments
    )


async def lone_department_feed(request: Request, department_id: str) -> Response:
    """/departments/{id}.ics with several cities: the one city that has such a department,
    every year; 404 naming the cities' own URLs when none or several have it."""
    catalog = catalog_snapshot(request).catalog
    having = [
        c.city_id
        for c in catalog.cities()
        if any(e.schedule.department(department_id) for e in c.entries)
    ]
    if len(having) == 1:
        return await _serve(request, having, (), (), [department_id])
    where = ", ".join(f"/{c}/departments/{department_id}.ics" for c in having)
    text = (
        f"Wydział „{department_id}” jest w kilku miastach – prosimy wybrać adres miasta: {where}"
        if having
        else f"Nie ma wydziału „{department_id}” w żadnym mieście. Cały kalendarz: /calendar.ics"
    )
    response = _bad_request(text)
    response.status_code = 404
    return response


@router.get(
    "/{city_id}/calendar.ics",
    summary="Every year of one city",
    response_class=Response,
    openapi_extra=_openapi(_path_param("city_id")),
)
@router.head("/{city_id}/calendar.ics", include_in_schema=False)
async def city_calendar(request: Request, city_id: str) -> Response:
    """Every year of the city in one feed; ?topic= and ?department= (repeatable) narrow it."""
    params = request.query_params
    return await _serve(
        request, [city_id], (), params.getlist("topic"), params.getlist("department")
    )


@router.get(
    "/{city_id}/topics/{slug}.ics",
    summary="One topic of one city, every year",
    response_class=Response,
    openapi_extra=_openapi(_path_param("city_id"), _path_param("slug")),
)
@router.head("/{city_id}/topics/{slug}.ics", include_in_schema=False)
async def city_topic_calendar(request: Request, city_id: str, slug: str) -> Response:
    return await _serve(request, [city_id], (), [slug], ())


@router.get(
    "/{city_id}/departments/{department_id}.ics",
    summary="One department of one city, every year",
    response_class=Response,
    openapi_extra=_openapi(_path_param("city_id"), _path_param("department_id")),
)
@router.head("/{city_id}/departments/{department_id}.ics", include_in_schema=False)
async def city_department_calendar(request: Request, city_id: str, department_id: str) -> Response:
    return await _serve(request, [city_id], (), (), [department_id])


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
        status = 404 if _unknown_path_city(request, snap.catalog) else 400
        response = _bad_request(str(exc))
        response.status_code = status
        return response
    return await _respond(request, spec, alarm_days)


def _unknown_path_city(request: Request, catalog: Catalog) -> bool:
    """A /{city_id}/… address of a city the service does not have (a 404, not a 400)."""
    city_id = request.path_params.get("city_id")
    return city_id is not None and catalog.city(city_id) is None


async def _respond(request: Request, spec: FeedSpec, alarm_days: int | None) -> Response:
    state = app_state(request.app)
    snap = catalog_snapshot(request)
    day = today(request)
    cache = state.catalog_feed_cache
    feed: RenderedFeed | None = cache.peek(snap, spec, alarm_days, day)
    if feed is None:
        feed = await run_in_threadpool(
            cache.get, snap, spec, alarm_days, day, state.settings.base_url
        )
    return feed_answer(request, feed, cache, day)
