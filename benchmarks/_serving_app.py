"""The app under test for bench_feed_serving.py: the real web app plus bare reference routes.

uvicorn imports `build` (with --factory) in its own process. Each bare route returns, with a
plain Response, the very response a feed endpoint sends (status, headers, body) built once in
advance: the least work the same server can do to answer the same request, i.e. the ceiling.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import Response

from notifier.core.feed_spec import validate_spec
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.feed_cache import RenderedFeed
from notifier.web.feed_fast import CACHE_CONTROL, CONTENT_TYPE
from notifier.web.state import app_state

SCHEDULE_ENV = "BENCH_SCHEDULE"
TOPIC_ENV = "BENCH_TOPIC"
BASE_URL = "https://konkursy.example.org"


def build() -> FastAPI:
    settings = load_settings(schedule=Path(os.environ[SCHEDULE_ENV]), base_url=BASE_URL)
    app = create_app(settings)
    state = app_state(app)
    snap = state.catalog_source.snapshot()
    today = state.today()
    feeds = {
        "calendar": validate_spec(snap.catalog),
        "topic": validate_spec(snap.catalog, topics=[os.environ[TOPIC_ENV]]),
    }
    # One static route each, no parameters to parse.
    for name, spec in feeds.items():
        feed = state.feed_cache.get(snap, spec, None, today, settings.base_url)
        _first(app, f"/bare/{name}.ics", _bare(feed, 200))
        _first(app, f"/bare/not-modified/{name}.ics", _bare(feed, 304))
    return app


def _first(app: FastAPI, path: str, endpoint: Callable[[], Awaitable[Response]]) -> None:
    """A GET route tried before the app's own: "/bare/calendar.ics" would otherwise be the
    city "bare"'s feed (/{city_id}/calendar.ics), and a 404."""
    app.add_api_route(path, endpoint, methods=["GET"])
    app.router.routes.insert(0, app.router.routes.pop())


def _bare(feed: RenderedFeed, status: int) -> Callable[[], Awaitable[Response]]:
    """The feed's gzip answer (200 with its bytes, or 304 with none), pre-built."""
    headers = {
        "ETag": feed.gzip.etag,
        "Last-Modified": feed.last_modified_header,
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept-Encoding",
        "Access-Control-Allow-Origin": "*",
    }
    if status == 304:

        async def not_modified() -> Response:
            return Response(status_code=304, headers=headers)

        return not_modified
    headers["Content-Disposition"] = f'inline; filename="{feed.filename}"'
    headers["Content-Encoding"] = "gzip"
    body = feed.gzip.body

    async def full() -> Response:
        return Response(body, headers=headers, media_type=CONTENT_TYPE)

    return full
