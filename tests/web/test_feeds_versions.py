"""Event versions over HTTP: an edited event gets a later LAST-MODIFIED and a higher SEQUENCE,
remembered across restarts, and the feed's Last-Modified never goes backwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import icalendar
import pytest
from schedule_text import SPORT_CALL
from web_fixtures import write_and_bump

from notifier.settings import load_settings
from notifier.web.app import create_app

SPORT_EVENT = "2024-kultura-sport-20240501-20240601@leszno.harmonogram-konkursow"
SENIORS_EVENT = "2024-mopr-20240601-20240701@leszno.harmonogram-konkursow"


class Clock:
    """A clock the test moves by hand (aware UTC)."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@asynccontextmanager
async def serving(
    schedule_file: Path, clock: Clock, **settings: Any
) -> Iterator[httpx.AsyncClient]:  # type: ignore[misc]
    """A fresh app (a restart) on the test's database, serving `schedule_file`."""
    app = create_app(load_settings(schedule=schedule_file, **settings), clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        client.app = app  # type: ignore[attr-defined]
        yield client
    app.state.notifier.close()


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def restore(path: Path, text: str) -> None:
    """Put an older text back with an older mtime, as restoring a backup does."""
    path.write_text(text, encoding="utf-8")
    stamp = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))


def versions(data: bytes) -> dict[str, tuple[int, datetime]]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): (int(e["SEQUENCE"]), e["LAST-MODIFIED"].dt) for e in cal.walk("VEVENT")}


def since(response: httpx.Response) -> dict[str, str]:
    return {"If-Modified-Since": response.headers["last-modified"], "Accept-Encoding": "identity"}


@pytest.mark.anyio
async def test_an_edited_event_gets_a_later_last_modified_and_a_higher_sequence(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, clock: Clock
) -> None:
    original = read(schedule_file)
    async with serving(schedule_file, clock) as client:
        first = await client.get("/calendar.ics")
    before = versions(first.content)
    assert before[SPORT_EVENT][0] == 0

    clock.now += timedelta(hours=2)
    write_and_bump(schedule_file, original + SPORT_CALL)
    async with serving(schedule_file, clock) as client:  # a restart: versions come from the db
        second = await client.get("/calendar.ics")
        assert (await client.get("/calendar.ics", headers=since(first))).status_code == 200
        assert (await client.get("/calendar.ics", headers=since(second))).status_code == 304
    after = versions(second.content)
    assert after[SPORT_EVENT][0] == before[SPORT_EVENT][0] + 1
    assert after[SPORT_EVENT][1] == clock.now > before[SPORT_EVENT][1]
    assert after[SENIORS_EVENT] == before[SENIORS_EVENT]  # unchanged events keep theirs
    assert parsedate_to_datetime(second.headers["last-modified"]) == clock.now

    # Another restart with the same file changes nothing.
    clock.now += timedelta(hours=1)
    async with serving(schedule_file, clock) as client:
        third = await client.get("/calendar.ics", headers=since(second))
    assert third.status_code == 304


@pytest.mark.anyio
async def test_restoring_an_older_file_never_answers_304_for_changed_bytes(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, clock: Clock
) -> None:
    original = read(schedule_file)
    write_and_bump(schedule_file, original + SPORT_CALL)
    async with serving(schedule_file, clock) as client:
        edited = await client.get("/calendar.ics")
        clock.now += timedelta(minutes=5)
        restore(schedule_file, original)
        client.app.state.notifier.catalog_source.settle()  # type: ignore[attr-defined]
        restored = await client.get("/calendar.ics", headers=since(edited))
    assert restored.status_code == 200
    assert restored.content != edited.content
    assert parsedate_to_datetime(restored.headers["last-modified"]) > parsedate_to_datetime(
        edited.headers["last-modified"]
    )
    assert versions(restored.content)[SPORT_EVENT][0] == 1  # first seen with the call


@pytest.mark.anyio
async def test_a_new_base_url_changes_last_modified_even_with_a_slow_clock(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, clock: Clock
) -> None:
    async with serving(schedule_file, clock, base_url="https://a.example.pl") as client:
        first = await client.get("/calendar.ics")
    clock.now -= timedelta(days=1)  # a clock set back must not move Last-Modified back
    async with serving(schedule_file, clock, base_url="https://b.example.pl") as client:
        second = await client.get("/calendar.ics", headers=since(first))
    assert second.status_code == 200
    assert b"https://b.example.pl" in second.content
    old = parsedate_to_datetime(first.headers["last-modified"])
    assert parsedate_to_datetime(second.headers["last-modified"]) == old + timedelta(seconds=1)
    later = format_datetime(old + timedelta(seconds=1), usegmt=True)
    assert second.headers["last-modified"] == later
