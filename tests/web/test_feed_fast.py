"""Cached feeds answered before routing (notifier.web.feed_fast): the very answer the routes
give, only while the schedule, the feed cache and (for catalog feeds) the day are the same."""

from __future__ import annotations

import gzip
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import BASE_URL as CATALOG_BASE_URL
from catalog_fixtures import MARCH_2025
from fastapi import FastAPI
from prometheus_client import REGISTRY
from web_fixtures import write_and_bump

from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.feed_fast import FeedIndex
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

GZIP = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": "identity"}


class _Answers(logging.Handler):
    """Counts the fast path's answers, which it logs at DEBUG (one line each)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_answers = _Answers()


@pytest.fixture(autouse=True)
def _count_fast_answers() -> Iterator[None]:
    logger = logging.getLogger("notifier.web.feed_fast")
    level = logger.level
    _answers.count = 0
    logger.setLevel(logging.DEBUG)
    logger.addHandler(_answers)
    try:
        yield
    finally:
        logger.removeHandler(_answers)
        logger.setLevel(level)


def answered() -> int:
    """How many requests of this test the fast path answered."""
    return _answers.count


async def raw(
    client: httpx.AsyncClient, method: str, url: str, headers: dict[str, str]
) -> tuple[httpx.Response, bytes]:
    """The response and its body as sent (httpx would decode gzip)."""
    async with client.stream(method, url, headers=headers) as response:
        body = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, body


async def routed_then_fast(
    client: httpx.AsyncClient, app: FastAPI, method: str, url: str, headers: dict[str, str]
) -> tuple[tuple[httpx.Response, bytes], tuple[httpx.Response, bytes]]:
    """The same request twice: first with an empty index (the routes answer and fill it),
    then from the fast path (checked by its count of answers)."""
    app_state(app).answered_feeds = FeedIndex()
    before = answered()
    routed = await raw(client, method, url, headers)
    assert answered() == before
    fast = await raw(client, method, url, headers)
    assert answered() == before + 1
    return routed, fast


def assert_same(
    routed: tuple[httpx.Response, bytes], fast: tuple[httpx.Response, bytes], status: int
) -> httpx.Response:
    """Status, every header (in order) and the body's bytes are the same; the fast one."""
    assert routed[0].status_code == fast[0].status_code == status
    assert fast[0].headers.raw == routed[0].headers.raw
    assert fast[1] == routed[1]
    return fast[0]


async def _etag(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> str:
    return (await client.get(url, headers=headers)).headers["etag"]


@pytest.mark.parametrize("url", ["/calendar.ics", "/topics/sport.ics", "/calendar.ics?alarm=7"])
async def test_full_answers_equal_the_routed_ones(
    client: httpx.AsyncClient, app: FastAPI, url: str
) -> None:
    routed, fast = await routed_then_fast(client, app, "GET", url, GZIP)
    answer = assert_same(routed, fast, 200)
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.headers["x-content-type-options"] == "nosniff"  # the middleware's, too
    assert gzip.decompress(fast[1]).startswith(b"BEGIN:VCALENDAR")
    routed, fast = await routed_then_fast(client, app, "GET", url, PLAIN)
    answer = assert_same(routed, fast, 200)
    assert "content-encoding" not in answer.headers
    assert fast[1].startswith(b"BEGIN:VCALENDAR")


async def test_304s_by_etag_and_by_date_equal_the_routed_ones(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    first = await client.get("/topics/sport.ics", headers=GZIP)
    by_etag = {**GZIP, "If-None-Match": first.headers["etag"]}
    routed, fast = await routed_then_fast(client, app, "GET", "/topics/sport.ics", by_etag)
    assert_same(routed, fast, 304)
    assert fast[1] == b""
    # The plain feed's ETag still means the client's copy is current (conditional.py).
    plain_etag = await _etag(client, "/topics/sport.ics", PLAIN)
    stale = await client.get("/topics/sport.ics", headers={**GZIP, "If-None-Match": plain_etag})
    assert stale.status_code == 304
    modified = first.headers["last-modified"]
    by_date = {**GZIP, "If-Modified-Since": modified}
    routed, fast = await routed_then_fast(client, app, "GET", "/topics/sport.ics", by_date)
    assert_same(routed, fast, 304)
    earlier = format_datetime(
        parsedate_to_datetime(modified).replace(year=2000).astimezone(UTC), usegmt=True
    )
    before = {**GZIP, "If-Modified-Since": earlier}
    routed, fast = await routed_then_fast(client, app, "GET", "/topics/sport.ics", before)
    assert_same(routed, fast, 200)
    assert gzip.decompress(fast[1]) == first.content
    # A wrong ETag: the full feed, If-None-Match winning over a matching date.
    other = {**GZIP, "If-None-Match": '"other"', "If-Modified-Since": modified}
    routed, fast = await routed_then_fast(client, app, "GET", "/topics/sport.ics", other)
    assert_same(routed, fast, 200)


async def test_head_answers_like_the_routes_without_a_body(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    routed, fast = await routed_then_fast(client, app, "HEAD", "/calendar.ics", GZIP)
    answer = assert_same(routed, fast, 200)
    assert fast[1] == b""
    full, body = await raw(client, "GET", "/calendar.ics", GZIP)
    assert answer.headers["content-length"] == str(len(body))
    assert answer.headers.raw == full.headers.raw
    # A HEAD served from what a GET left in the index.
    served = answered()
    head, nothing = await raw(client, "HEAD", "/calendar.ics", GZIP)
    assert answered() == served + 1
    assert head.headers.raw == answer.headers.raw
    assert nothing == b""


def rename_sport(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "Rozwój sportu" in text
    write_and_bump(path, text.replace("Rozwój sportu", "Rozwój sportu i rekreacji"))


async def test_an_edited_schedule_is_served_at_once(
    client: httpx.AsyncClient, app: FastAPI, schedule_file: Path
) -> None:
    old = await client.get("/calendar.ics", headers=GZIP)
    await client.get("/calendar.ics", headers=GZIP)
    assert answered() == 1
    rename_sport(schedule_file)
    new = await client.get("/calendar.ics", headers=GZIP)
    assert answered() == 1  # the routes answered
    assert new.headers["etag"] != old.headers["etag"]
    revalidated = await client.get(
        "/calendar.ics", headers={**GZIP, "If-None-Match": old.headers["etag"]}
    )
    assert revalidated.status_code == 200
    assert revalidated.headers["etag"] == new.headers["etag"]
    assert revalidated.content == new.content
    assert answered() == 2  # the new feed, from the fast path again


async def test_forgotten_renderings_are_not_served(client: httpx.AsyncClient, app: FastAPI) -> None:
    await client.get("/calendar.ics", headers=GZIP)
    app_state(app).forget_rendered()
    again = await client.get("/calendar.ics", headers=GZIP)
    assert again.status_code == 200
    assert answered() == 0


async def test_errors_never_come_from_the_fast_path(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    for _ in range(2):
        wrong = await client.get("/calendar.ics?alarm=99", headers=GZIP)
        assert wrong.status_code == 400
        missing = await client.get("/topics/nie-ma-takiego.ics", headers=GZIP)
        assert missing.status_code == 400
    assert len(app_state(app).answered_feeds) == 0
    assert answered() == 0


async def test_fast_answers_are_counted_by_route(client: httpx.AsyncClient, app: FastAPI) -> None:
    def count(status: str) -> float:
        labels = {"route": "/topics/{slug}.ics", "status": status}
        return REGISTRY.get_sample_value("notifier_feed_requests_total", labels) or 0.0

    first = await client.get("/topics/sport.ics", headers=GZIP)
    full, not_modified = count("200"), count("304")
    await client.get("/topics/sport.ics", headers=GZIP)
    await client.head("/topics/sport.ics", headers=GZIP)
    await client.get("/topics/sport.ics", headers={**GZIP, "If-None-Match": first.headers["etag"]})
    assert answered() == 3
    assert count("200") == full + 2
    assert count("304") == not_modified + 1


async def test_the_index_stays_bounded(client: httpx.AsyncClient, app: FastAPI) -> None:
    app_state(app).answered_feeds = FeedIndex(max_answers=3)
    for days in range(1, 6):
        assert (await client.get(f"/calendar.ics?alarm={days}", headers=GZIP)).status_code == 200
    assert len(app_state(app).answered_feeds) == 3
    await client.get("/calendar.ics?alarm=5", headers=GZIP)  # the newest are kept
    assert answered() == 1
    await client.get("/calendar.ics?alarm=1", headers=GZIP)  # the oldest went
    assert answered() == 1
    assert len(app_state(app).answered_feeds) == 3


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def catalog(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI, MovableClock]]:
    clock = MovableClock(MARCH_2025)
    settings = load_settings(
        schedule=catalog_dir,
        base_url=CATALOG_BASE_URL,
        database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
    )
    app = create_app(settings, catalog_source=CatalogSource(catalog_dir), clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client, app, clock


@pytest.mark.parametrize(
    "url", ["/leszno/calendar.ics", "/topics/sport.ics", "/calendar.ics?city=leszno&topic=sport"]
)
async def test_catalog_feeds_are_served_only_on_the_day_they_were_made(
    catalog: tuple[httpx.AsyncClient, FastAPI, MovableClock], url: str
) -> None:
    client, app, clock = catalog
    routed, fast = await routed_then_fast(client, app, "GET", url, GZIP)
    etag = {**GZIP, "If-None-Match": assert_same(routed, fast, 200).headers["etag"]}
    routed, fast = await routed_then_fast(client, app, "GET", url, etag)
    assert_same(routed, fast, 304)
    # Half a year on, more of Leszno's 2024 events have dropped out: another feed.
    clock.now = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
    served = answered()
    later = await client.get(url, headers=etag)
    assert answered() == served  # the routes answered
    assert later.status_code == 200
    assert later.headers["etag"] != etag["If-None-Match"]
    again = await client.get(url, headers=GZIP)
    assert answered() == served + 1
    assert again.headers.raw == later.headers.raw
    assert again.content == later.content
