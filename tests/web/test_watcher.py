"""An edited, added or removed schedule file is read by each web process on its own, before
any request asks: the first calendar app to poll after an edit gets the new feed, never a 304
for its old copy (which it would keep for 12 hours). Each of `notifier web --workers 2`'s
processes doing so by itself: tests/journeys/test_web_workers.py."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import MARCH_2025
from web_fixtures import write_and_bump

from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

# A hang guard, not a speed limit: the watcher looks every POLL seconds; a busy machine may be
# slow.
WAIT_SECONDS = 60
POLL = 0.05  # NOTIFIER_SCHEDULE_POLL: once a second by default, which the tests would sit out
OLD_TITLE = "organizacja wydarzeń towarzyszących Winobraniu"
NEW_TITLE = "organizacja Winobrania – nowa nazwa zadania"


@pytest.fixture
def harmonogramy(tmp_path: Path, examples_dir: Path) -> Iterator[Path]:
    """Zielona Góra and Przykładowo 2025 in a directory, as a regional deployment has them."""
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    for name in ("zielona-gora-2025.toml", "przykladowo-2025.toml"):
        (folder / name).write_bytes((examples_dir / name).read_bytes())
    yield folder
    gc.unfreeze()  # a directory served in the background freezes what it loaded at start


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Wait (without sending any request) until `condition` holds; fail after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {WAIT_SECONDS} s")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def serving(
    schedule: Path, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, CatalogSource]]:
    """The app as `notifier web` builds it (the schedule read in the background), with its
    lifespan running, over HTTP; and its schedule source, to see what it serves."""
    settings = load_settings(
        schedule=schedule,
        base_url="https://konkursy.example.pl",
        database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
        schedule_poll=POLL,
    )
    app = create_app(settings, clock=lambda: MARCH_2025)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client, app_state(app).catalog_source
        watcher = app.state.schedule_watcher
        assert watcher.running
    assert not watcher.running  # stopped with the app


def served_city(source: CatalogSource, city_id: str) -> bool:
    """Whether the source answers with that city now (a look that starts no rescan)."""
    return source.served.catalog.city(city_id) is not None


def logged(caplog: pytest.LogCaptureFixture, text: str) -> Callable[[], bool]:
    return lambda: any(text in record.getMessage() for record in caplog.records)


async def test_an_edit_in_a_directory_is_read_before_the_next_request(
    clean_env: pytest.MonkeyPatch,
    harmonogramy: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = harmonogramy / "zielona-gora-2025.toml"
    caplog.set_level(logging.INFO)
    async with serving(harmonogramy, tmp_path) as (client, source):
        first = await client.get("/zielona-gora/calendar.ics")
        assert first.status_code == 200
        old_etag = first.headers["etag"]
        # The calendar app's next poll is answered from the cached answer: 304.
        again = await client.get("/zielona-gora/calendar.ics", headers={"If-None-Match": old_etag})
        assert again.status_code == 304

        before = source.served
        write_and_bump(path, path.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE))
        await wait_until(logged(caplog, f"Reloaded schedule {path}"), "the edit is read")
        await wait_until(lambda: source.served is not before, "the edit is served")

        polled = await client.get("/zielona-gora/calendar.ics", headers={"If-None-Match": old_etag})
        assert polled.status_code == 200
        assert polled.headers["etag"] != old_etag
        assert "Winobrania – nowa nazwa zadania" in polled.text


async def test_an_added_and_a_removed_file_are_noticed_without_a_request(
    clean_env: pytest.MonkeyPatch,
    harmonogramy: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    async with serving(harmonogramy, tmp_path) as (client, source):
        assert (await client.get("/przykladowo/calendar.ics")).status_code == 200
        assert (await client.get("/kalisz/calendar.ics")).status_code == 404

        added = harmonogramy / "kalisz-2025.toml"
        text = (harmonogramy / "zielona-gora-2025.toml").read_text(encoding="utf-8")
        added.write_text(text.replace('city = "Zielona Góra"', 'city = "Kalisz"'), "utf-8")
        await wait_until(logged(caplog, f"Loaded schedule {added}"), "the new file is read")
        await wait_until(lambda: served_city(source, "kalisz"), "the new file is served")
        assert (await client.get("/kalisz/calendar.ics")).status_code == 200

        removed = harmonogramy / "przykladowo-2025.toml"
        removed.unlink()
        await wait_until(logged(caplog, f"{removed} is gone"), "the removal is noticed")
        await wait_until(lambda: not served_city(source, "przykladowo"), "it is no longer served")
        assert (await client.get("/przykladowo/calendar.ics")).status_code == 404


async def test_an_edit_of_the_one_file_is_read_before_the_next_request(
    clean_env: pytest.MonkeyPatch,
    schedule_file: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    async with serving(schedule_file, tmp_path) as (client, source):
        first = await client.get("/calendar.ics")
        old_etag = first.headers["etag"]
        assert (
            await client.get("/calendar.ics", headers={"If-None-Match": old_etag})
        ).status_code == 304

        text = schedule_file.read_text(encoding="utf-8")  # noqa: ASYNC240 - a small local file
        before = source.served
        write_and_bump(schedule_file, text.replace("Rozwój sportu", "Rozwój sportu w mieście", 1))
        await wait_until(logged(caplog, "Reloaded schedule"), "the edit is read")
        await wait_until(lambda: source.served is not before, "the edit is served")

        polled = await client.get("/calendar.ics", headers={"If-None-Match": old_etag})
        assert polled.status_code == 200
        assert polled.headers["etag"] != old_etag


def sequences(calendar: str) -> dict[str, int]:
    """Each event's SEQUENCE in a calendar, by UID."""
    found: dict[str, int] = {}
    uid = ""
    for line in calendar.splitlines():
        if line.startswith("UID:"):
            uid = line.removeprefix("UID:")
        elif line.startswith("SEQUENCE:"):
            found[uid] = int(line.removeprefix("SEQUENCE:"))
    return found


async def test_versions_another_process_records_are_served_without_a_restart(
    clean_env: pytest.MonkeyPatch, harmonogramy: Path, tmp_path: Path
) -> None:
    """F6: `notifier publish` (another process) raised the events' SEQUENCE in the store; the
    running app kept serving the older SEQUENCE and ETag until restarted (its feed cache asked
    the store only when a file changed), so a subscriber reading the app and nginx in turn saw
    an update go back. The watcher notices the store's versions moved and the app renders
    again; the file is unchanged throughout."""
    path = "/zielona-gora/calendar.ics"
    async with serving(harmonogramy, tmp_path) as (client, _source):
        first = await client.get(path)
        assert first.status_code == 200
        # Another writer of the same database: a publisher whose links differ, so every
        # event's content (and so its SEQUENCE) changes in the store.
        other = create_app(
            load_settings(
                schedule=harmonogramy,
                base_url="https://inny.example.pl",
                database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
            ),
            catalog_source=CatalogSource(harmonogramy),
            clock=lambda: MARCH_2025,
        )
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as publisher:
            published = sequences((await publisher.get(path)).text)
        app_state(other).close()
        assert published
        assert all(published[uid] > n for uid, n in sequences(first.text).items())

        deadline = time.monotonic() + WAIT_SECONDS  # a hang guard, never a speed limit
        while True:
            now = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
            if now.status_code == 200:
                break
            assert now.status_code == 304
            if time.monotonic() > deadline:
                pytest.fail(f"the app still serves the old versions after {WAIT_SECONDS} s")
            await asyncio.sleep(0.05)
        served = sequences(now.text)
        assert served.keys() == published.keys()
        assert all(served[uid] >= published[uid] for uid in served)  # never back


async def test_a_database_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    clean_env: pytest.MonkeyPatch,
    harmonogramy: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """F6 (blind7): with the database gone (PostgreSQL stopped, the SQLite file damaged), the
    watcher's check of the store's versions logged a 50-line traceback every second. Now one
    line when the checks start failing, none while they keep failing, one when they work."""
    caplog.set_level(logging.INFO)
    async with serving(harmonogramy, tmp_path) as (client, _source):
        assert (await client.get("/zielona-gora/calendar.ics")).status_code == 200  # opens it
        app = client._transport.app  # type: ignore[attr-defined]
        watcher = app.state.schedule_watcher
        db = app_state(app).database()
        with db.engine.begin() as connection:  # what the watcher reads, gone
            connection.exec_driver_sql("ALTER TABLE feed_event_versions RENAME TO outage")
        await wait_until(lambda: watcher.failed_checks >= 3, "three checks fail")
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE outage RENAME TO feed_event_versions")
        await wait_until(lambda: watcher.failed_checks == 0, "the checks work again")
    ours = [r for r in caplog.records if r.name == "notifier.web.watcher"]
    assert [r.levelno for r in ours] == [logging.ERROR, logging.WARNING]
    assert "failed; trying again" in ours[0].getMessage()
    assert "no such table: feed_event_versions" in ours[0].getMessage()
    assert "works again" in ours[1].getMessage()
    assert not any(r.exc_info for r in ours)
    assert "Traceback" not in caplog.text
