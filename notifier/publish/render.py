"""What the site publishes as static files, rendered through the app itself.

`publishable_paths` is the one list of the URLs a static host can serve without the app (the
page, every feed, the schedule as JSON and CSV). A feature that adds a feed adds its paths
here; the publisher (notifier.publish.site) writes whatever this list names. `render_paths` asks
the real ASGI app for each path, so a published file holds exactly the bytes the app serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import httpx
from fastapi import FastAPI

from notifier.core.announcements import FilterError
from notifier.core.catalog import Catalog, Entry
from notifier.core.errors import NotifierError
from notifier.core.placement import placement
from notifier.publish.direct import direct_answer
from notifier.web.feed_fast import inline_disposition
from notifier.web.feed_variants import CALENDAR_TYPE
from notifier.web.feeds import render_feed
from notifier.web.state import AppState, app_state

# httpx logs every request it sends at INFO ("HTTP Request: GET https://… 200 OK"): for the
# pages rendered in process that reads as if the worker fetched the public site, ~80 lines a
# publication. While render_paths runs (this task only), those lines are dropped; httpx's
# warnings and errors still go out, and so do the requests any other code sends.
_RENDERING: ContextVar[bool] = ContextVar("notifier_rendering_in_process", default=False)


class InProcessRequests(logging.Filter):
    """On the "httpx" logger: drops records below WARNING logged while render_paths asks
    the app in process (notifier's publishing), passes everything else."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for httpx records below WARNING while render_paths runs; True for the rest."""
        return record.levelno >= logging.WARNING or not _RENDERING.get()


def _quiet_httpx() -> None:
    """Put InProcessRequests on the "httpx" logger, once."""
    httpx_log = logging.getLogger("httpx")
    if not any(isinstance(f, InProcessRequests) for f in httpx_log.filters):
        httpx_log.addFilter(InProcessRequests())


class RenderError(NotifierError):
    """The app did not answer 200 for a path it lists as publishable (Polish message)."""


@dataclass(frozen=True)
class Rendered:
    """One published URL: its path, the app's body (identity encoding) and headers."""

    path: str  # "/", "/calendar.ics", "/topics/sport.ics", "/api/tasks"
    body: bytes
    content_type: str
    last_modified: datetime | None  # the app's Last-Modified (UTC), when it sends one
    disposition: str | None = None  # the app's Content-Disposition (a feed's file name)
    policy: str | None = None  # the app's Content-Security-Policy of a page


@dataclass(frozen=True)
class Published:
    """One publishable URL and the harmonograms its bytes are made of (`entries`, in the
    catalog's order): what notifier.publish.plan fingerprints to know whether it changed."""

    path: str
    entries: tuple[Entry, ...]
    # A calendar's (cities, topics, departments) as its route reads them from the path:
    # rendered by notifier.web.feeds.render_feed, without a request.
    feed: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None = None
    # A file of every city (its calendars, /api/tasks and its CSV), streamed from each
    # harmonogram's share kept on disk (notifier.publish.shares) instead of rendered whole.
    assembled: bool = False


def publishable_paths(catalog: Catalog) -> list[str]:
    """Every URL of the harmonograms served that does not depend on the request, page first:
    the calendars (iCalendar) and news feeds (Atom), whole and per topic and department;
    with several harmonograms, the cross-city ones (whole and per topic) and each city's
    pages (every year) and calendars.

    Views with a query (?topic=a&topic=b, ?alarm=N, ?city=) are left to the app: a static
    host serves paths, and their number is unbounded.
    """
    return [published.path for published in site_map(catalog)]


def site_map(catalog: Catalog) -> list[Published]:
    """publishable_paths, each with the harmonograms it is made of: a city's paths of the
    city's years, the rest (the cross-city page, calendars, news and API, whose names and
    Last-Modified speak of every city) of every harmonogram."""
    schedule = placement(catalog).lone
    every = catalog.entries
    if schedule is not None:
        lone = (schedule.city_id,)
        site = [Published("/", every), _calendar("/calendar.ics", every, ())]
        site.append(Published("/feed.atom", every))
        for slug in schedule.topics:
            site += [_calendar(f"/topics/{quote(slug)}.ics", every, (), (slug,))]
            site += [Published(f"/topics/{quote(slug)}.atom", every)]
        for department in schedule.departments:
            feed = f"/departments/{quote(department.id)}"
            site += [_calendar(f"{feed}.ics", every, lone, (), (department.id,))]
            site += [Published(f"{feed}.atom", every)]
        return [*site, Published("/api/tasks", every), Published("/api/tasks.csv", every)]
    site = [Published("/", every), _calendar("/calendar.ics", every, (), assembled=True)]
    site += [Published("/feed.atom", every)]
    site += [Published(p, every, assembled=True) for p in ("/api/tasks", "/api/tasks.csv")]
    # Each topic across every city, as the page lists them (/topics/sport.ics and .atom).
    for slug in sorted(catalog.topics()):
        site += [_calendar(f"/topics/{quote(slug)}.ics", every, (), (slug,), assembled=True)]
        site += [Published(f"/topics/{quote(slug)}.atom", every)]
    for city in catalog.cities():
        base, own, ids = f"/{quote(city.city_id)}", city.entries, (city.city_id,)
        site += [Published(f"{base}/", own)]
        site += [Published(f"{base}/{year}/", own) for year in city.years]
        site += [_calendar(f"{base}/calendar.ics", own, ids), Published(f"{base}/feed.atom", own)]
        schedules = [entry.schedule for entry in city.entries]
        topics = sorted({slug for s in schedules for t in s.tasks() for slug in t.topics})
        departments = sorted({d.id for s in schedules for d in s.departments})
        site += [_calendar(f"{base}/topics/{quote(t)}.ics", own, ids, (t,)) for t in topics]
        site += [
            _calendar(f"{base}/departments/{quote(d)}.ics", own, ids, (), (d,)) for d in departments
        ]
    return site


def _calendar(
    path: str,
    entries: tuple[Entry, ...],
    cities: tuple[str, ...],
    topics: tuple[str, ...] = (),
    departments: tuple[str, ...] = (),
    *,
    assembled: bool = False,
) -> Published:
    return Published(path, entries, (cities, topics, departments), assembled)


def current_paths(app: FastAPI) -> list[str]:
    """publishable_paths of what the app serves now (changed files are re-read first)."""
    return publishable_paths(app_state(app).catalog_source.settle().catalog)


async def render_paths(app: FastAPI, paths: Iterable[str]) -> list[Rendered]:
    """GET each path from the app in process (no network); RenderError unless each is 200.

    The requests carry the configured base URL's host and scheme, as a visitor's would.
    """
    return [page async for page in iter_rendered(app, paths)]


async def iter_rendered(app: FastAPI, paths: Iterable[str]) -> AsyncGenerator[Rendered]:
    """render_paths one path at a time: each page is yielded as soon as it is rendered, so
    a publication holds one page, not the site."""
    async with contextlib.aclosing(iter_published(app, (Published(p, ()) for p in paths))) as it:
        async for page in it:
            yield page


async def iter_published(app: FastAPI, items: Iterable[Published]) -> AsyncGenerator[Rendered]:
    """Each of `items` rendered, one at a time: a calendar by the feeds' own function
    (notifier.web.feeds.render_feed: the bytes and headers its route answers, without the
    cost of a request), anything else by a GET through the app in process. RenderError
    unless each is what a 200 would be. The requests carry the configured base URL's host
    and scheme, as a visitor's would."""
    state = app_state(app)
    _quiet_httpx()
    transport = httpx.ASGITransport(app=app)
    rendering = _RENDERING.set(True)
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url=state.settings.base_url
        ) as client:
            for item in items:
                if item.feed is not None:
                    yield await _calendar_page(state, item)
                    continue
                direct = await direct_answer(app, state.settings.base_url, item.path)
                if direct is not None:
                    yield _page(item.path, direct.status_code, bytes(direct.body), direct.headers)
                    continue
                response = await client.get(item.path, headers={"Accept-Encoding": "identity"})
                yield _page(item.path, response.status_code, response.content, response.headers)
    finally:
        with contextlib.suppress(ValueError):  # closed from another context (garbage)
            _RENDERING.reset(rendering)


async def _calendar_page(state: AppState, item: Published) -> Rendered:
    assert item.feed is not None
    snap = state.catalog_source.snapshot()
    try:
        body, modified, filename = await asyncio.to_thread(render_feed, state, snap, *item.feed)
    except FilterError as exc:
        raise RenderError(f"Strona {item.path}: {exc}") from None
    last_modified = modified.replace(microsecond=0)
    return Rendered(item.path, body, CALENDAR_TYPE, last_modified, inline_disposition(filename))


def _page(path: str, status: int, body: bytes, headers: Mapping[str, str]) -> Rendered:
    """A page or feed the app answered; RenderError unless it answered 200."""
    if status != 200:
        raise RenderError(
            f"Strona {path} odpowiedziała kodem {status}; "
            "publikacja została przerwana (następna ją dokończy)."
        )
    return Rendered(
        path,
        body,
        headers.get("content-type", "application/octet-stream"),
        _last_modified(headers.get("last-modified")),
        headers.get("content-disposition"),
        headers.get("content-security-policy"),
    )


def _last_modified(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
