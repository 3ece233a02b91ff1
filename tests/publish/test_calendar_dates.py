"""A calendar's date is its own bytes' (issue 25, the Atom feeds' rule: notifier.core.
feed_dates): for every calendar path of the site map, the app's Last-Modified is the
published file's mtime, before and after a call recorded in one city, and in a new process.
A calendar whose bytes the call left alone (another city's, another topic's) keeps its date
in both; one whose bytes changed is dated when the change was first seen, in both — the
city's own files (rendered) and the cross-city ones (streamed from shares). SQLite and
PostgreSQL."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import BASE_URL, record_przykladowo_call
from fastapi import FastAPI

from notifier.files.source import CatalogSource
from notifier.publish.render import current_paths
from notifier.publish.site import file_name, publish_app
from notifier.settings import load_settings
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
UNTOUCHED = ("/leszno/calendar.ics", "/zielona-gora/calendar.ics", "/topics/kultura.ics")
TOUCHED = ("/przykladowo/calendar.ics", "/topics/sport.ics", "/calendar.ics")


class SteppedClock:
    """A clock the test moves by hand (aware UTC)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _app(folder: Path, database_url: str, clock: SteppedClock) -> FastAPI:
    settings = load_settings(schedule=folder, base_url=BASE_URL, database_url=database_url)
    return create_app(settings, catalog_source=CatalogSource(folder), clock=clock)


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


def _file_dates(out: Path, paths: list[str]) -> dict[str, datetime]:
    found = {}
    for path in paths:
        name = out / file_name(path)
        assert os.stat(name).st_mtime == os.stat(f"{name}.gz").st_mtime, path
        found[path] = datetime.fromtimestamp(os.stat(name).st_mtime, UTC)
    return found


def _dates(calendars: dict[str, tuple[datetime, bytes]]) -> dict[str, datetime]:
    return {path: modified for path, (modified, _body) in calendars.items()}


async def test_every_calendar_path_has_one_date_in_app_and_file_after_a_call_in_another_city(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, database_url: str, tmp_path: Path
) -> None:
    clock = SteppedClock(START)
    app = _app(catalog_dir, database_url, clock)
    out = tmp_path / "site"
    await publish_app(app, out)
    before = await _calendars(app)
    assert set(UNTOUCHED) | set(TOUCHED) <= set(before)
    assert any(path.count("/") > 2 for path in before)  # a city's topics or departments too
    assert _file_dates(out, list(before)) == _dates(before)

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
    assert _file_dates(out, list(after)) == _dates(after)

    later = SteppedClock(START + timedelta(days=5))  # another process, later
    assert _dates(await _calendars(_app(catalog_dir, database_url, later))) == _dates(after)
