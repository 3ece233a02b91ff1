"""The worker's publisher re-publishes when what the site is made of changes, and otherwise
renders nothing: the harmonogram files, the versions recorded in the database, the day."""

from __future__ import annotations

import asyncio
import gzip
import logging
import os
import resource
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import SteppedClock
from sqlalchemy import text
from web_fixtures import publish_settings, write_and_bump

from notifier.cli.main import main
from notifier.publish.publisher import Publisher
from notifier.publish.render import Rendered
from notifier.publish.site import MANIFEST, OWN_FILES, PublishError, write_site
from notifier.store.db import open_database
from notifier.store.event_versions import FEED_VERSION_KEY
from notifier.web.app import create_app
from notifier.web.feed_variants import CALENDAR_TYPE
from notifier.web.state import app_state
from notifier.web.static_site import STALE_AFTER, static_site_problems

pytestmark = pytest.mark.anyio

# 10:00 in Warsaw (CEST) on 24 April 2024; LATE is 23:30 the same day, NEXT_DAY 00:30 after it.
MORNING = datetime(2024, 4, 24, 8, 0, tzinfo=UTC)
LATE = datetime(2024, 4, 24, 21, 30, tzinfo=UTC)
NEXT_DAY = datetime(2024, 4, 24, 22, 30, tzinfo=UTC)
SENIORS_JUNE = "2024-mopr-20240601-20240701@leszno.harmonogram-konkursow"  # its event's UID


async def _runs_beyond(publisher: Publisher, count: int) -> None:
    while True:
        publisher.ran.clear()
        if publisher.runs > count:
            return
        await publisher.ran.wait()


def _stamps(out: Path) -> dict[str, int]:
    return {
        str(p.relative_to(out)): p.stat().st_mtime_ns
        for p in sorted(out.rglob("*"))
        if p.is_file() and not OWN_FILES.intersection(p.relative_to(out).parts)
    }


def _rename_seniors_task(schedule_file: Path) -> None:
    text = schedule_file.read_text(encoding="utf-8")
    renamed = text.replace('short = "Wsparcie seniorów"', 'short = "Wsparcie dla seniorów"')
    assert renamed != text
    write_and_bump(schedule_file, renamed)


async def test_a_check_publishes_what_changed_and_otherwise_renders_nothing(
    clean_env: pytest.MonkeyPatch, schedule_file: Path
) -> None:
    out = schedule_file.parent / "site"
    clock = SteppedClock(MORNING)
    settings = publish_settings(schedule_file, out)
    publisher = Publisher(settings, out, clock=clock)
    try:
        first = await publisher.check()
        assert first is not None
        assert "calendar.ics" in first.written
        assert not first.unchanged
        stamps = _stamps(out)
        assert await publisher.check() is None  # nothing changed: nothing rendered
        assert _stamps(out) == stamps

        # A schedule edit: the next check publishes the feeds it changed, and only those.
        _rename_seniors_task(schedule_file)
        edited = await publisher.check()
        assert edited is not None
        assert {"calendar.ics", "topics/seniorzy.ics"} <= set(edited.written)
        assert "topics/uzaleznienia.ics" in edited.unchanged
        after = _stamps(out)
        for name in edited.unchanged:
            assert after[name] == stamps[name], name  # untouched: mtime kept
        assert b"Wsparcie dla senior" in (out / "topics" / "seniorzy.ics").read_bytes()
        assert await publisher.check() is None

        # Later the same day in Warsaw: nothing; after midnight there, statuses move on.
        # A file edited by hand in place is found by the first check of the next day.
        atom = (out / "feed.atom").read_bytes()
        (out / "feed.atom").write_bytes(b"defaced")
        clock.now = LATE
        assert await publisher.check() is None
        clock.now = NEXT_DAY
        new_day = await publisher.check()
        assert new_day is not None
        assert "api/tasks" in new_day.written  # its "today" is 2024-04-25 now
        assert new_day.repaired == ["feed.atom"]
        assert (out / "feed.atom").read_bytes() == atom
        assert b'"2024-04-25"' in (out / "api" / "tasks").read_bytes()
        assert await publisher.check() is None

        # Another process (another base URL, say) recorded other content: it raised an
        # event's SEQUENCE and keyed the harmonogram's feed row to what it rendered.
        other = open_database(settings.database_url)
        try:
            with other.engine.begin() as connection:
                raised = connection.execute(
                    text(
                        "UPDATE feed_event_versions SET sequence = sequence + 5, "
                        "content_hash = 'other' WHERE uid = :uid"
                    ),
                    {"uid": SENIORS_JUNE},
                ).rowcount
                connection.execute(
                    text("UPDATE feed_event_versions SET content_hash = 'other' WHERE uid = :uid"),
                    {"uid": FEED_VERSION_KEY},
                )
        finally:
            other.dispose()
        assert raised == 1
        recorded = await publisher.check()
        assert recorded is not None
        assert "topics/seniorzy.ics" in recorded.written
        # 1 after the edit, 6 from the other process, 7 once this one saw its hash differ.
        assert b"SEQUENCE:7" in (out / "topics" / "seniorzy.ics").read_bytes()
        assert await publisher.check() is None

        # A wiped directory is published again on the next check.
        (out / MANIFEST).unlink()
        again = await publisher.check()
        assert again is not None
        assert again.unchanged
        assert not again.written
    finally:
        await publisher.close()


def test_publish_command_publishes_a_directory_and_verify_repairs_what_was_tampered_with(
    clean_env: pytest.MonkeyPatch,
    catalog_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Blind round three, F12: a published file replaced by a symbolic link to a file
    outside, a page edited in place, a twin overwritten — nginx would serve each."""
    out = tmp_path / "site"
    command = ["publish", "--schedule", str(catalog_dir), "--out", str(out)]
    assert main(command) == 0
    assert (out / "leszno" / "calendar.ics").is_file()
    assert (out / "index.html").is_file()
    published = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and _site(out, p)}
    topic = next(iter(sorted((out / "topics").glob("*.ics"))))  # a file of every city
    outside = tmp_path / "passwd"
    outside.write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    topic.unlink()
    topic.symlink_to(outside)
    page = out / "leszno" / "index.html"
    page.write_bytes(b"defaced")  # in place: its folder's date does not move
    (out / "calendar.ics.gz").write_bytes(gzip.compress(b"stale"))

    assert main(command) == 0  # a link is never taken for the file
    assert not topic.is_symlink()
    assert topic.read_bytes() == published[topic]
    assert page.read_bytes() == b"defaced"  # the contents are checked by --verify only

    capsys.readouterr()
    assert main([*command, "--verify"]) == 0
    said = capsys.readouterr().out
    assert "Naprawiono 2 pliki niezgodne z publikacją" in said, said
    assert "calendar.ics" in said
    assert "leszno/index.html" in said
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and _site(out, p)}
    assert after == published
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    assert outside.read_bytes() == b"root:x:0:0:root:/root:/bin/bash\n"
    assert main([*command, "--verify"]) == 0
    assert "Naprawiono" not in capsys.readouterr().out  # all as published now


def _site(out: Path, path: Path) -> bool:
    return not OWN_FILES.intersection(path.relative_to(out).parts)


def test_a_full_disk_leaves_a_file_and_its_twin_both_old(tmp_path: Path) -> None:
    """The file grows past what the disk takes (a file size limit: the kernel refuses the
    write as a full disk would) after its small .gz twin was written: neither is replaced."""
    out = tmp_path / "site"
    write_site(out, [Rendered("/calendar.ics", b"old\r\n", CALENDAR_TYPE, None)])
    big = Rendered("/calendar.ics", b"BEGIN:VEVENT\r\n" * 20_000, CALENDAR_TYPE, None)
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    signal_before = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, limit[1]))
    try:
        with pytest.raises(PublishError, match="Nie można zapisać"):
            write_site(out, [big])
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
        signal.signal(signal.SIGXFSZ, signal_before)
    assert (out / "calendar.ics").read_bytes() == b"old\r\n"
    assert gzip.decompress((out / "calendar.ics.gz").read_bytes()) == b"old\r\n"
    assert not list(out.rglob("*.tmp"))
    write_site(out, [big])  # room again: both new
    assert gzip.decompress((out / "calendar.ics.gz").read_bytes()) == big.body


async def test_a_failing_publication_is_logged_once_and_healthz_says_the_site_is_stale(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Blind round three, m5: a publish directory that cannot be written (here its parent is
    a file; a full disk is the same kind) logged a traceback every 20 s and /healthz said
    nothing. Now: one line per kind of failure, one when it works again, and /healthz and
    /readyz name the stale static site."""
    blocker = schedule_file.parent / "blocker"
    blocker.write_text("")
    out = blocker / "site"
    publisher = Publisher(publish_settings(schedule_file), out, every=0.01)
    with caplog.at_level(logging.INFO, logger="notifier.publish.publisher"):
        await publisher.start()
        try:
            await asyncio.wait_for(_runs_beyond(publisher, 3), 120)  # a hang guard only
            failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
            assert len(failures) == 1, caplog.text
            assert "Nie można zapisać plików w katalogu" in failures[0].getMessage()
            assert "Traceback" not in caplog.text
            blocker.unlink()
            blocker.mkdir()
            await asyncio.wait_for(_runs_beyond(publisher, publisher.runs + 1), 120)
            assert "works again" in caplog.text
        finally:
            await publisher.stop()

    assert static_site_problems(out) == []
    stale = time.time() - STALE_AFTER - 60
    os.utime(out / MANIFEST, (stale, stale))
    app = create_app(publish_settings(schedule_file, out))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        health, ready = (await c.get("/healthz")).json(), (await c.get("/readyz")).json()
    assert health["static_site"] == ready["static_site"]
    [problem] = health["static_site"]
    assert problem.startswith("NOTIFIER_PUBLISH_DIR: strona statyczna nie jest odświeżana")
    assert health["status"] == "ok"  # the app itself serves
    app_state(app).close()
    try:
        report = await publisher.check()  # nothing rendered: the check still counts
    finally:
        await publisher.close()
    assert report is not None
    assert not report.written
    assert static_site_problems(out) == []
