"""A full disk under the database: a Polish 503 with Retry-After, logged once, and /readyz."""

from __future__ import annotations

import errno
import logging
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from smtp_server import RecordingHandler, smtp_server
from web_fixtures import write_and_bump

from notifier.files.source import CatalogSource
from notifier.jobs.signup import settle_sends
from notifier.mail.smtp import SmtpBackend
from notifier.settings import load_settings
from notifier.store.db import open_database
from notifier.web.app import create_app
from notifier.web.faults import PROBLEM_CHARS
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

READ_PATHS = ("/", "/calendar.ics", "/feed.atom", "/leszno/")
FORM = {"email": "biuro@fundacja.example.org", "topic": ["sport"], "lead_days": ["7"]}


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs of our own (root can mount one; otherwise the test cannot run here)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write zeros until the disk is full; the filler file is returned (delete it to free)."""
    filler = disk / "filler"
    try:
        with filler.open("wb") as file:
            while True:
                file.write(b"\0" * 65536)
                file.flush()
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
    return filler


async def test_a_full_disk_gives_a_polish_503_logged_once_and_readyz_says_so(
    clean_env: pytest.MonkeyPatch,
    small_disk: Path,
    seed_schedule_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"sqlite:///{small_disk / 'subscribers.db'}"
    db = open_database(url)
    handler = RecordingHandler()
    try:
        with smtp_server(handler) as (_, port):
            settings = load_settings(schedule=seed_schedule_path, database_url=url)
            backend = SmtpBackend(host="127.0.0.1", port=port)
            app = create_app(settings, db=db, backend=backend)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                assert (await client.get("/readyz")).status_code == 200
                filler = fill(small_disk)
                with caplog.at_level(logging.INFO):
                    first = await client.post("/subscribe", data=FORM)
                    second = await client.post("/subscribe", data=FORM)
                    ready = await client.get("/readyz")
                    alive = await client.get("/healthz")
                    # M9 (blind7): a full disk blocks writes, not reads: pages and feeds
                    # (whose read path records window changes and event versions) answer.
                    reads = {p: await client.get(p) for p in READ_PATHS}
                    still = await client.get("/readyz")  # honest: sign-ups still fail
                for response in (first, second):
                    assert response.status_code == 503
                    assert response.headers["retry-after"] == "60"
                    assert "Serwis chwilowo niedostępny" in response.text
                    assert "Prosimy spróbować ponownie" in response.text
                    assert "Internal Server Error" not in response.text
                assert alive.status_code == 200  # liveness: the process answers
                assert {p: r.status_code for p, r in reads.items()} == dict.fromkeys(
                    READ_PATHS, 200
                )
                assert still.status_code == 503
                assert ready.status_code == 503
                [problem] = ready.json()["problems"]
                assert problem.startswith("baza danych: ")
                assert "disk is full" in problem
                errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
                assert len(errors) == 1  # once per incident, not once per request
                assert "disk is full" in errors[0].getMessage()
                assert "Traceback" not in caplog.text

                filler.unlink()
                caplog.clear()
                with caplog.at_level(logging.INFO):
                    # The probe saw the outage: ready at its first pass (m6).
                    assert (await client.get("/readyz")).status_code == 200
                    assert (await client.post("/subscribe", data=FORM)).status_code == 200
                    assert (await client.get("/readyz")).status_code == 200
                    await settle_sends()
                assert "database works again" in caplog.text
        assert len(handler.received) == 1
    finally:
        db.dispose()


@asynccontextmanager
async def serving(
    schedule: Path, source: CatalogSource, database_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    """The app over HTTP, reading the schedule from `source` as each request asks."""
    app = create_app(
        load_settings(schedule=schedule, database_url=database_url), catalog_source=source
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client
    finally:
        app_state(app).close()


async def test_readyz_reports_a_deleted_or_broken_schedule_and_stays_ready(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, database_url: str
) -> None:
    """One file is a directory of one: a broken edit or a deleted file is listed under
    schedule_problems while its last good version is served, and every instance reading
    that file stays in the load balancer."""
    async with serving(schedule_file, CatalogSource(schedule_file), database_url) as client:
        assert (await client.get("/readyz")).status_code == 200
        write_and_bump(schedule_file, "to nie jest TOML [")
        broken = await client.get("/readyz")
        assert broken.status_code == 200
        assert broken.json()["problems"] == []
        assert broken.json()["schedule_problems"][0].startswith(f"{schedule_file.name}: ")
        schedule_file.unlink()  # noqa: ASYNC240
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["schedule_problems"] == [
            f"{schedule_file.name}: nie ma takiego pliku ani katalogu"
        ]
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/calendar.ics")).status_code == 200


@pytest.fixture
def harmonogramy(tmp_path: Path, examples_dir: Path) -> Path:
    """Three cities' harmonograms in one directory, as every instance of a deployment reads."""
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    for name in ("leszno-2025.toml", "przykladowo-2025.toml", "zielona-gora-2025.toml"):
        (folder / name).write_bytes((examples_dir / name).read_bytes())
    return folder


async def test_one_citys_broken_file_leaves_a_directory_instance_ready(
    clean_env: pytest.MonkeyPatch, harmonogramy: Path, database_url: str
) -> None:
    """A typo in one city's period, or a new file that is not TOML, is listed by /readyz but
    does not take the instance out of the load balancer: everything is still served."""
    leszno = harmonogramy / "leszno-2025.toml"
    async with serving(harmonogramy, CatalogSource(harmonogramy), database_url) as client:
        fine = await client.get("/readyz")
        assert fine.status_code == 200

        text = leszno.read_text(encoding="utf-8")
        write_and_bump(leszno, text.replace('"Luty 2025"', '"na początku lutego"', 1))
        broken = await client.get("/readyz")
        assert broken.status_code == 200
        assert "retry-after" not in broken.headers
        body = broken.json()
        assert body["status"] == "ok"
        assert body["problems"] == []
        [problem] = body["schedule_problems"]
        assert problem.startswith("leszno-2025.toml: ")
        assert "na początku lutego" in problem
        assert (await client.get("/leszno/calendar.ics")).status_code == 200  # last good one
        health = (await client.get("/healthz")).json()
        assert health["problems"] == body["schedule_problems"]

        new = harmonogramy / "kalisz-2025.toml"
        write_and_bump(new, "to nie jest TOML [")
        both = await client.get("/readyz")
        assert both.status_code == 200
        assert [line.split(": ")[0] for line in both.json()["schedule_problems"]] == [
            "kalisz-2025.toml",
            "leszno-2025.toml",
        ]
    assert fine.json()["schedule_problems"] == []


async def test_a_directory_with_nothing_left_keeps_serving_its_last_catalog_and_says_so(
    clean_env: pytest.MonkeyPatch, harmonogramy: Path, database_url: str
) -> None:
    """Every file removed (a botched sync, say) does not leave the site with nothing: the last
    catalog is served, as for one deleted file, and /healthz and /readyz name the problem.
    It once answered / with a 500."""
    async with serving(harmonogramy, CatalogSource(harmonogramy), database_url) as client:
        assert (await client.get("/readyz")).status_code == 200
        for path in harmonogramy.iterdir():  # noqa: ASYNC240 - a small local directory
            path.unlink()
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        nothing = "w katalogu nie ma już żadnego poprawnego pliku harmonogramu"
        problem = f"harmonogramy: {nothing} – serwis podaje ostatnią poprawną wersję"
        assert ready.json()["schedule_problems"] == [problem]
        assert (await client.get("/healthz")).json()["problems"] == [problem]
        assert (await client.get("/")).status_code == 200
        assert (await client.get("/zielona-gora/calendar.ics")).status_code == 200


async def test_readyz_fails_while_requests_fail_even_when_its_probe_passes(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, tmp_path: Path
) -> None:
    """Issue 25: a full disk let the probe's few bytes into the write-ahead log while 399 of
    400 sign-ups failed. Here a table only sign-ups write is gone: /readyz
    must not say ready while requests fail, and is ready again once one succeeds."""
    url = f"sqlite:///{tmp_path / 'subscribers.db'}"
    db = open_database(url)
    try:
        app = create_app(load_settings(schedule=seed_schedule_path, database_url=url), db=db)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/readyz")).status_code == 200
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ALTER TABLE subscriber_topics RENAME TO gone")
            assert (await client.post("/subscribe", data=FORM)).status_code == 503
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            [problem] = ready.json()["problems"]
            assert problem.startswith("baza danych: żądania nie mogą zapisać danych")
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ALTER TABLE gone RENAME TO subscriber_topics")
            assert (await client.post("/subscribe", data=FORM)).status_code == 200
            assert (await client.get("/readyz")).status_code == 200
            await settle_sends()

            # An outage the probe sees too (its table gone with the sign-ups'): requests that
            # fail during it do not keep readiness down once the database is back (m6).
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ALTER TABLE subscribers RENAME TO gone")
                connection.exec_driver_sql("ALTER TABLE worker_locks RENAME TO gone_locks")
            assert (await client.get("/readyz")).status_code == 503
            assert (await client.post("/subscribe", data=FORM)).status_code == 503
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ALTER TABLE gone RENAME TO subscribers")
                connection.exec_driver_sql("ALTER TABLE gone_locks RENAME TO worker_locks")
            assert (await client.get("/readyz")).status_code == 200
            # A failure no probe saw keeps the next probe a 503, and only that one.
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ALTER TABLE subscribers RENAME TO gone")
            assert (await client.post("/subscribe", data=FORM)).status_code == 503
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ALTER TABLE gone RENAME TO subscribers")
            assert (await client.get("/readyz")).status_code == 503
            assert (await client.get("/readyz")).status_code == 200
    finally:
        db.dispose()


async def test_readyz_reads_a_damaged_sqlite_file_before_any_request_fails(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, tmp_path: Path
) -> None:
    """blind4 G7 and n13: a SQLite file overwritten under the running process (a failed disk,
    a bad restore) left /readyz at 200 — its probe wrote through a pooled connection — while
    every page and sign-up answered 503. The probe reads the tables requests read on a new
    connection: 503 at once, before any request, and it stays 503 while the file is bad."""
    path = tmp_path / "subscribers.db"
    url = f"sqlite:///{path}"
    db = open_database(url)
    try:
        app = create_app(load_settings(schedule=seed_schedule_path, database_url=url), db=db)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/readyz")).status_code == 200
            path.write_bytes(b"\x5a" * 20000)
            for name in ("subscribers.db-wal", "subscribers.db-shm"):
                (tmp_path / name).unlink(missing_ok=True)
            for _ in range(2):
                ready = await client.get("/readyz")
                assert ready.status_code == 503
                assert ready.json()["problems"] == [
                    "baza danych: DatabaseError: file is not a database"
                ]
            assert (await client.get("/leszno/")).status_code == 503
    finally:
        db.dispose()


async def test_healthz_names_files_relative_to_the_schedule_directory_in_short(
    clean_env: pytest.MonkeyPatch, harmonogramy: Path, database_url: str
) -> None:
    """m6: the public /healthz listed absolute server paths and whole problem texts. Each
    line is now "file name: problem" (relative to the schedule directory), the problem's
    first line at most PROBLEM_CHARS long; /readyz lists the same lines."""
    long_key = "k" * 2000
    write_and_bump(harmonogramy / "kalisz-2025.toml", f"{long_key} = [\n")
    write_and_bump(harmonogramy / "zepsuty.toml", "to nie jest TOML [")
    async with serving(harmonogramy, CatalogSource(harmonogramy), database_url) as client:
        health = (await client.get("/healthz")).json()
        ready = await client.get("/readyz")
    assert ready.status_code == 200
    lines = health["problems"]
    assert lines == ready.json()["schedule_problems"]
    assert {line.split(": ", 1)[0] for line in lines} == {"kalisz-2025.toml", "zepsuty.toml"}
    for line in lines:
        assert str(harmonogramy) not in line
        assert "/" not in line.split(": ", 1)[0]
        assert "\n" not in line
        assert len(line.split(": ", 1)[1]) <= PROBLEM_CHARS


async def test_readyz_says_when_the_outbox_breaks_after_start(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, tmp_path: Path
) -> None:
    """Blind round 11: an outbox that could not be written any more (NOTIFIER_OUTBOX replaced
    by a file while the process ran) left /readyz "ok" while every sign-up's email failed;
    start-up refuses such an outbox, and readiness now says so as it does for the database,
    until it can be written again."""
    outbox = tmp_path / "outbox"
    settings = load_settings(
        schedule=schedule_file,
        base_url="https://konkursy.example.pl",
        database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
        outbox=outbox,
    )
    app = create_app(settings, catalog_source=CatalogSource(schedule_file))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        outbox.rename(tmp_path / "outbox.old")
        outbox.write_text("not a folder", encoding="utf-8")
        broken = await client.get("/readyz")
        assert broken.status_code == 503, broken.text
        assert broken.headers["retry-after"] == "60"
        [problem] = broken.json()["problems"]
        assert problem.startswith("poczta: ")
        assert "to plik, a nie katalog" in problem
        outbox.unlink()
        assert (await client.get("/readyz")).status_code == 200
