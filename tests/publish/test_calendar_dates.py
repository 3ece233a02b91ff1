"""A calendar's date is its own bytes' (issue 25, the Atom feeds' rule: notifier.core.
feed_dates): for every calendar path of the site map, the app's Last-Modified is the
published file's mtime, before and after a call recorded in one city, and in a new process.
A calendar whose bytes the call left alone (another city's, another topic's) keeps its date
in both; one whose bytes changed is dated when the change was first seen, in both — the
city's own files (rendered) and the cross-city ones (streamed from shares). SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import BASE_URL, SteppedClock, app_at, file_dates, record_przykladowo_call
from fastapi import FastAPI

from notifier.publish.render import current_paths
from notifier.publish.site import file_name, publish_app

pytestmark = pytest.mark.anyio

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
UNTOUCHED = ("/leszno/calendar.ics", "/zielona-gora/calendar.ics", "/topics/kultura.ics")
TOUCHED = ("/przykladowo/calendar.ics", "/topics/sport.ics", "/calendar.ics")


async def _calendars(app: FastAPI) -> dict[str, tuple[datetime, bytes]]:
    """Every published calendar path's Last-Modified and bytes, as the app answers them."""
    transport = httpx.ASGITransport(app=app)
    found = {}
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        for path in current_paths(app):
            if path.endswith(".ics"):
                answer = await client.get(path)
                assert answer.status_code == 200, path
                modified = parsedate_to_datetime(answer.headers["last-modified"])
                found[path] = (modified, answer.content)
    return found


def _dates(calendars: dict[str, tuple[datetime, bytes]]) -> dict[str, datetime]:
    return {path: modified for path, (modified, _body) in calendars.items()}


async def test_every_calendar_path_has_one_date_in_app_and_file_after_a_call_in_another_city(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, database_url: str, tmp_path: Path
) -> None:
    clock = SteppedClock(START)
    app = app_at(catalog_dir, database_url, clock)
    out = tmp_path / "site"
    await publish_app(app, out)
    before = await _calendars(app)
    assert set(UNTOUCHED) | set(TOUCHED) <= set(before)
    assert any(path.count("/") > 2 for path in before)  # a city's topics or departments too
    assert file_dates(out, list(before)) == _dates(before)

    clock.now = START + timedelta(days=2, hours=3)  # a release, then a call in Przykładowo
    record_przykladowo_call(app, catalog_dir)
    report = await publish_app(app, out)
    after = await _calendars(app)
    assert set(after) == set(before)
    moved = {path for path in after if after[path][1] != before[path][1]}
    assert set(TOUCHED) <= moved
    assert not set(UNTOUCHED) & moved
    for path, (modified, _body) in after.items():
        expected = clock.now.replace(microsecond=0) if path in moved else before[path][0]
        assert modified == expected, path
        assert (file_name(path) in report.written) == (path in moved), path
    assert file_dates(out, list(after)) == _dates(after)

    later = SteppedClock(START + timedelta(days=5))  # another process, later
    assert _dates(await _calendars(app_at(catalog_dir, database_url, later))) == _dates(after)
