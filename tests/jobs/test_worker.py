"""The worker for real: APScheduler with the job store in the database, and the single lock."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time as clock
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from passes import no_sleep
from schedule_text import department_toml, schedule_toml, task_toml
from smtp_server import RecordingHandler, smtp_server
from sqlalchemy import select

from notifier.core.polish import MONTHS_NOMINATIVE
from notifier.core.preferences import parse_preferences
from notifier.core.time import TIMEZONE
from notifier.files.reading import load_schedule
from notifier.jobs.worker import JOBS_TABLE, REMIND_JOB, Worker
from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings, SettingsError, load_settings
from notifier.store.db import open_database
from notifier.store.models import SENT, Delivery
from notifier.store.subscribers import add_active
from notifier.store.worker_lock import WorkerLocked, acquire, provably_dead

DEADLINE = 120.0  # seconds: a hang guard for the worker's run, not a speed limit


def _schedule_open_now(path: Path) -> Path:
    """A one-task schedule whose window is this calendar month (open by the real clock)."""
    today = datetime.now(TIMEZONE).date()
    month = MONTHS_NOMINATIVE[today.month - 1].capitalize()
    path.write_text(
        schedule_toml(
            department_toml(
                "sport",
                "Wydział Sportu",
                task_toml("rozwoj-sportu", "rozwój sportu", f"{month} {today.year}"),
            ),
            year=today.year,
            city="Testowo",
            office="Biuro Pełnomocnika",
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Settings:
    return load_settings(
        database_url=database_url,
        schedule=_schedule_open_now(tmp_path / "schedule.toml"),
        outbox=tmp_path / "outbox",
    )


def test_a_second_worker_on_the_same_database_refuses_to_start(settings: Settings) -> None:
    async def scenario() -> str:
        first = Worker(settings)
        await first.start()
        try:
            second = Worker(settings)
            with pytest.raises(WorkerLocked) as refused:
                second.open()
            return str(refused.value)
        finally:
            await first.stop()

    message = asyncio.run(scenario())
    assert "Inny worker już działa na tej bazie danych" in message
    assert "notifier web" in message
    # Stopped cleanly: the lock is released and another worker may start.
    again = Worker(settings)
    again.open()
    again.close()


def test_a_stale_lock_can_be_taken_over_a_fresh_one_cannot(settings: Settings) -> None:
    db = open_database(settings.database_url)
    try:
        t0 = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)
        acquire(db.engine, "host-a:1:dead", t0)
        with pytest.raises(WorkerLocked, match="host-a:1:dead"):
            acquire(db.engine, "host-b:2:live", t0 + timedelta(seconds=90))
        acquire(db.engine, "host-b:2:live", t0 + timedelta(minutes=3))
        with pytest.raises(WorkerLocked, match="host-b:2:live"):
            acquire(db.engine, "host-a:1:dead", t0 + timedelta(minutes=3, seconds=1))
    finally:
        db.dispose()


def test_a_lock_whose_owner_died_on_this_host_is_taken_over_at_once(settings: Settings) -> None:
    """kill -9 leaves a fresh heartbeat; the process being gone is proof enough."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # reaped: its PID names no process now
    db = open_database(settings.database_url)
    try:
        t0 = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)
        acquire(db.engine, f"{socket.gethostname()}:{gone.pid}:dead", t0)
        acquire(db.engine, "next:1:new", t0)  # same moment: no staleness needed
        # A live process on this host (this one) is not taken over.
        acquire(db.engine, f"{socket.gethostname()}:{os.getpid()}:live", t0 + timedelta(minutes=3))
        with pytest.raises(WorkerLocked):
            acquire(db.engine, "next:1:other", t0 + timedelta(minutes=3))
    finally:
        db.dispose()
    assert provably_dead(f"{socket.gethostname()}:{gone.pid}:x")
    assert not provably_dead(f"another-host.invalid:{gone.pid}:x")
    assert not provably_dead(f"{socket.gethostname()}:{os.getpid()}:x")


def _set_next_run(settings: Settings, job_id: str, when: datetime) -> None:
    """Edit the stored job as the down time left it (a paused scheduler runs nothing)."""
    db = open_database(settings.database_url)

    async def edit() -> None:
        scheduler = AsyncIOScheduler(
            timezone=TIMEZONE, jobstores={"default": SQLAlchemyJobStore(engine=db.engine)}
        )
        scheduler.start(paused=True)
        try:
            scheduler.modify_job(job_id, next_run_time=when)
        finally:
            scheduler.shutdown(wait=False)

    try:
        asyncio.run(edit())
    finally:
        db.dispose()


def test_a_run_missed_while_the_worker_was_down_happens_on_restart_once(
    settings: Settings,
) -> None:
    schedule = load_schedule(settings.schedule)
    db = open_database(settings.database_url)
    with db.session() as session:
        add_active(
            session,
            "klub@example.org",
            parse_preferences(schedule, ["sport"], [7]),
            datetime.now(UTC),
        )
    handler = RecordingHandler()

    async def run_worker(port: int, until_sent: bool) -> datetime | None:
        backend = SmtpBackend(host="127.0.0.1", port=port, timeout=5.0, sleep=no_sleep)
        worker = Worker(settings, backend=backend)
        await worker.start()
        try:
            if until_sent:
                deadline = clock.monotonic() + DEADLINE
                while not handler.received or not _sent(db):
                    assert clock.monotonic() < deadline, "the missed run did not happen"
                    await asyncio.sleep(0.05)
            assert worker.scheduler is not None
            job = worker.scheduler.get_job(REMIND_JOB)
            return job.next_run_time if job else None
        finally:
            await worker.stop()

    with smtp_server(handler) as (_, port):
        # First start: the jobs are stored; the reminder run is due at the next remind time.
        first_next = asyncio.run(run_worker(port, until_sent=False))
        assert first_next is not None
        assert first_next > datetime.now(UTC)
        assert handler.received == []
        # The worker was down over its run time: the stored next run is now in the past.
        _set_next_run(settings, REMIND_JOB, datetime.now(UTC) - timedelta(hours=2))
        after_restart = asyncio.run(run_worker(port, until_sent=True))
        # Restarting again does not repeat it: the next run is in the future again.
        asyncio.run(run_worker(port, until_sent=False))
    db.dispose()
    assert after_restart is not None
    assert after_restart > datetime.now(UTC)
    assert Counter(r for m in handler.received for r in m.rcpt_tos) == {"klub@example.org": 1}


def _sent(db: object) -> bool:
    with db.session() as session:  # type: ignore[attr-defined]
        return session.scalar(select(Delivery.id).where(Delivery.status == SENT)) is not None


def test_the_job_store_lives_in_the_subscriber_database(settings: Settings) -> None:
    async def scenario() -> None:
        worker = Worker(settings)
        await worker.start()
        await worker.stop()

    asyncio.run(scenario())
    db = open_database(settings.database_url)
    try:
        from sqlalchemy import text

        with db.engine.connect() as connection:
            ids = connection.execute(text(f"SELECT id FROM {JOBS_TABLE} ORDER BY id")).scalars()
            assert list(ids) == ["alerts", "digest", "remind", "retry"]
    finally:
        db.dispose()


def test_call_and_change_alerts_run_every_15_minutes_by_day_and_never_at_night(
    clean_env: pytest.MonkeyPatch,
) -> None:
    from notifier.jobs.worker import ALERTS_JOB, job_specs

    (spec,) = [s for s in job_specs(load_settings()) if s.id == ALERTS_JOB]

    def after(hour: int, minute: int) -> datetime | None:
        moment = datetime(2024, 5, 6, hour, minute, tzinfo=TIMEZONE)
        return spec.trigger.get_next_fire_time(None, moment)

    assert after(6, 50) == datetime(2024, 5, 6, 7, 0, tzinfo=TIMEZONE)
    assert after(7, 1) == datetime(2024, 5, 6, 7, 15, tzinfo=TIMEZONE)
    assert after(20, 46) == datetime(2024, 5, 7, 7, 0, tzinfo=TIMEZONE)  # not at night
    # A run missed by more than its grace (a worker down overnight) is skipped, not sent at 3 am.
    assert spec.misfire_grace_time < 15 * 60


@pytest.mark.parametrize("night", [date(2027, 3, 28), date(2027, 10, 31)], ids=["march", "october"])
def test_the_daily_runs_happen_once_at_their_time_on_the_nights_the_clocks_change(
    clean_env: pytest.MonkeyPatch, night: date
) -> None:
    """M4: NOTIFIER_REMIND_TIME=02:30 was accepted silently. On the last Sunday of March
    (02:00–02:59 does not happen) the scheduler read the missing 02:30 with the winter offset
    and ran at 03:30; on the last Sunday of October it ran twice. 02:00–02:59 is now refused
    at start-up (also for the digest), and every other time runs once, at its wall-clock
    time, on both nights (checked at three minutes of each hour)."""
    from notifier.jobs.worker import DIGEST_JOB, job_specs

    start = datetime.combine(night, time(0), tzinfo=TIMEZONE)
    end = datetime.combine(night + timedelta(days=1), time(0), tzinfo=TIMEZONE)
    for hour, minute in [(h, m) for h in range(24) for m in (0, 30, 59)]:
        at = f"{hour:02d}:{minute:02d}"
        if hour == 2:
            with pytest.raises(SettingsError) as refused:
                load_settings(remind_time=at, digest_time=at)
            assert f"NOTIFIER_REMIND_TIME='{at}': godzina {at} nie istnieje w Polsce" in str(
                refused.value
            )
            assert "NOTIFIER_DIGEST_TIME=" in str(refused.value)
            continue
        settings = load_settings(remind_time=at, digest_time=at, digest_day="sun")
        for spec in job_specs(settings):
            if spec.id not in (REMIND_JOB, DIGEST_JOB):
                continue
            runs = []
            fire = spec.trigger.get_next_fire_time(None, start)
            while fire is not None and fire < end:
                runs.append(fire.astimezone(TIMEZONE))
                fire = spec.trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
            assert [r.time() for r in runs] == [time(hour, minute)], (spec.id, at, runs)


def test_a_heartbeat_failing_for_several_periods_is_one_line_then_one_when_it_works_again(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A database that refuses the heartbeat (here its lock table renamed away, a real error
    of the database) is logged once when it starts, without a traceback, and once when the
    heartbeat works again — not a traceback every period (blind round 7)."""
    from sqlalchemy import text

    from notifier.store.models import WorkerLock

    table = WorkerLock.__tablename__
    db = open_database(settings.database_url)

    def rename(old: str, new: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))

    def logged(part: str) -> list[str]:
        return [r.getMessage() for r in caplog.records if part in r.getMessage()]

    async def until(part: str) -> None:
        limit = clock.monotonic() + DEADLINE  # a hang guard, not a speed limit
        while not logged(part):
            assert clock.monotonic() < limit, f"never logged: {part}"
            await asyncio.sleep(0.02)

    async def scenario() -> None:
        worker = Worker(settings, heartbeat_every=timedelta(milliseconds=20))
        await worker.start()
        try:
            rename(table, "lock_away")
            await until("worker heartbeat failed")
            await asyncio.sleep(0.2)  # more failing periods, however many the machine runs
            rename("lock_away", table)
            await until("worker heartbeat works again")
        finally:
            await worker.stop()

    try:
        with caplog.at_level("INFO", logger="notifier.jobs.worker"):
            asyncio.run(scenario())
    finally:
        db.dispose()
    failed = [r for r in caplog.records if "worker heartbeat failed" in r.getMessage()]
    assert len(failed) == 1
    assert failed[0].exc_info is None
    assert "\n" not in failed[0].getMessage()
    assert (
        "OperationalError" in failed[0].getMessage() or "ProgrammingError" in failed[0].getMessage()
    )
    assert len(logged("worker heartbeat works again")) == 1
