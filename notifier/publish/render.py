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
from collections.abc import AsyncGenerator, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import httpx
from fastapi import FastAPI

from notifier.core.catalog import Catalog, Entry
from notifier.core.errors import NotifierError
from notifier.core.placement import placement
from notifier.web.state import app_state

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


@dataclass(frozen=True)
class Published:
    """One publishable URL and the harmonograms its bytes are made of (`entries`, in the
    catalog's order): what notifier.publish.plan fingerprints to know whether it changed."""

    path: str
    entries: tuple[Entry, ...]


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
        paths = ["/", "/calendar.ics", "/feed.atom"]
        for feed in _feeds(schedule.topics, [d.id for d in schedule.departments]):
            paths += [f"{feed}.ics", f"{feed}.atom"]
        return [Published(path, every) for path in [*paths, "/api/tasks", "/api/tasks.csv"]]
    paths = ["/", "/calendar.ics", "/feed.atom", "/api/tasks", "/api/tasks.csv"]
    # Each topic across every city, as the page lists them (/topics/sport.ics and .atom).
    for feed in _feeds(sorted(catalog.topics()), ()):
        paths += [f"{feed}.ics", f"{feed}.atom"]
    site = [Published(path, every) for path in paths]
    for city in catalog.cities():
        base = f"/{quote(city.city_id)}"
        paths = [f"{base}/", *(f"{base}/{year}/" for year in city.years)]
        paths += [f"{base}/calendar.ics", f"{base}/feed.atom"]
        schedules = [entry.schedule for entry in city.entries]
        topics = sorted({slug for s in schedules for t in s.tasks() for slug in t.topics})
        departments = sorted({d.id for s in schedules for d in s.departments})
        paths += [f"{base}{feed}.ics" for feed in _feeds(topics, departments)]
        site += [Published(path, city.entries) for path in paths]
    return site


def _feeds(topics: Iterable[str], departments: Iterable[str]) -> list[str]:
    return [f"/topics/{quote(slug)}" for slug in topics] + [
        f"/departments/{quote(d)}" for d in departments
    ]


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
    base_url = app_state(app).settings.base_url
    _quiet_httpx()
    transport = httpx.ASGITransport(app=app)
    rendering = _RENDERING.set(True)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            for path in paths:
                response = await client.get(path, headers={"Accept-Encoding": "identity"})
                if response.status_code != 200:
                    raise RenderError(
                        f"Strona {path} odpowiedziała kodem {response.status_code}; "
                        "publikacja została przerwana (następna ją dokończy)."
                    )
                yield Rendered(
                    path,
                    response.content,
                    response.headers.get("content-type", "application/octet-stream"),
                    _last_modified(response.headers.get("last-modified")),
                    response.headers.get("content-disposition"),
                )
    finally:
        with contextlib.suppress(ValueError):  # closed from another context (garbage)
            _RENDERING.reset(rendering)


async def render_site(app: FastAPI) -> Sequence[Rendered]:
    """Every publishable path of the current schedule, rendered by the app."""
    return await render_paths(app, await asyncio.to_thread(current_paths, app))


def _last_modified(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
