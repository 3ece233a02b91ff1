"""An Atom feed's date is its own content's (issue 25, F5): the app answers it as
Last-Modified and the publisher dates the feed's file with it, whatever else changed. A call
recorded in one city leaves another city's feed and another topic's alone, in the app, in a
new process and in the published files; a feed whose bytes change (a new call, a corrected
deadline that moves no entry's date) gets a later date in both. SQLite and PostgreSQL."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import (
    BASE_URL,
    PRZYKLADOWO_CALL,
    SteppedClock,
    app_at,
    file_dates,
    record_przykladowo_call,
)
from fastapi import FastAPI

from notifier.publish.render import current_paths
from notifier.publish.site import publish_app

pytestmark = pytest.mark.anyio

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
UNTOUCHED = ("/leszno/feed.atom", "/zielona-gora/feed.atom", "/topics/kultura.atom")
TOUCHED = ("/przykladowo/feed.atom", "/topics/sport.atom", "/feed.atom")


async def _dates(app: FastAPI) -> dict[str, datetime]:
    """Every published Atom path's Last-Modified, as the app answers it."""
    transport = httpx.ASGITransport(app=app)
    found = {}
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        for path in current_paths(app):
            if path.endswith(".atom"):
                answer = await client.get(path)
                assert answer.status_code == 200, path
                found[path] = parsedate_to_datetime(answer.headers["last-modified"])
    return found


async def test_a_call_in_one_city_moves_only_the_feeds_that_show_it_in_app_and_files(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, database_url: str, tmp_path: Path
) -> None:
    clock = SteppedClock(START)
    app = app_at(catalog_dir, database_url, clock)
    out = tmp_path / "site"
    await publish_app(app, out)
    before = await _dates(app)
    assert set(UNTOUCHED) | set(TOUCHED) <= set(before)
    assert file_dates(out, list(before)) == before

    clock.now = START + timedelta(days=2, hours=3)  # a release, then a call in Przykładowo
    record_przykladowo_call(app, catalog_dir)
    await publish_app(app, out)
    after = await _dates(app)
    for path in UNTOUCHED:
        assert after[path] == before[path], path
    for path in TOUCHED:
        assert after[path] == clock.now.replace(microsecond=0), path
    assert file_dates(out, list(after)) == after

    later = SteppedClock(START + timedelta(days=5))  # another process, later
    assert await _dates(app_at(catalog_dir, database_url, later)) == after


async def test_a_correction_that_moves_no_entry_date_still_moves_the_feed_date(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, database_url: str, tmp_path: Path
) -> None:
    clock = SteppedClock(START)
    app = app_at(catalog_dir, database_url, clock)
    record_przykladowo_call(app, catalog_dir)
    out = tmp_path / "site"
    await publish_app(app, out)
    before = await _dates(app)

    clock.now = START + timedelta(hours=5)
    path = catalog_dir / "przykladowo-2025.toml"
    text = path.read_text(encoding="utf-8")
    assert PRZYKLADOWO_CALL in text
    corrected = text.replace("deadline = 2025-03-24", "deadline = 2025-03-25")
    stamp = os.stat(path).st_mtime_ns + 10**9
    path.write_text(corrected, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    app.state.notifier.catalog_source.settle()
    await publish_app(app, out)
    after = await _dates(app)
    assert after["/przykladowo/feed.atom"] == clock.now.replace(microsecond=0)
    assert after["/leszno/feed.atom"] == before["/leszno/feed.atom"]
    assert file_dates(out, list(after)) == after
