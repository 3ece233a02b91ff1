"""The reminder worker: APScheduler jobs (daily reminders, weekly digest, retries) in the database.

Jobs live in a SQLAlchemyJobStore on the subscriber database, so a run missed while the
worker was down still happens on restart; one worker per database (see worker_lock).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from notifier.clock import wall_clock
from notifier.core.errors import NotifierError
from notifier.core.system_errors import error_kind, first_line
from notifier.core.time import TIMEZONE, Clock
from notifier.files.source import CatalogSource
from notifier.jobs.job_passes import ALERT_HOURS, alerts_pass, digest_pass, remind_pass, retry_pass
from notifier.jobs.run_context import RunContext
from notifier.jobs.sending import RecordingStopped, flush_unrecorded
from notifier.mail.delivery import DeliveryBackend
from notifier.mail.transports import backend_from_settings
from notifier.metrics import timed_pass
from notifier.settings import Settings
from notifier.store.db import Database, open_database
from notifier.store.served_files import RecordedChoices
from notifier.store.subscriber_placement import place_legacy_subscribers
from notifier.store.worker_lock import (
    HEARTBEAT_EVERY,
    STALE_AFTER,
    WorkerLocked,
    acquire,
    heartbeat,
    make_owner,
)
from notifier.store.worker_lock import release as release_lock

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
REMIND_JOB, DIGEST_JOB, RETRY_JOB, ALERTS_JOB = "remind", "digest", "retry", "alerts"
RETRY_EVERY = timedelta(minutes=15)
STOP_TIMEOUT = 120.0  # seconds a running pass gets to finish on shutdown


@dataclass
class WorkerContext:
    """What the job functions reach at run time (jobs themselves pickle no objects)."""

    owner: str
    db: Database
    backend: DeliveryBackend
    settings: Settings
    schedule_source: CatalogSource
    clock: Clock
    running: set[asyncio.Task[Any]] = field(default_factory=set)

    def run_context(self) -> RunContext:
        """What a job's pass runs with: the current schedule, now by the worker's clock."""
        catalog = self.schedule_source.snapshot().catalog
        return RunContext.over(catalog, self.settings, self.db, self.backend, self.clock)


_context: WorkerContext | None = None


def _current() -> WorkerContext:
    if _context is None:
        raise NotifierError("the worker is not running in this process")
    return _context


async def _tracked(body: Callable[[RunContext], Any]) -> None:
    """Run one pass; a database that stays unreachable stops it with one line (no
    traceback), and the results it kept are recorded before the next pass claims anything
    (notifier.jobs.sending.flush_unrecorded)."""
    ctx = _current()
    task = asyncio.current_task()
    if task is not None:
        ctx.running.add(task)
    name = body.__name__.removesuffix("_pass")  # remind, alerts, digest, retry
    try:
        with timed_pass(name):
            await asyncio.to_thread(flush_unrecorded, ctx.db)
            await body(ctx.run_context())
    except RecordingStopped as exc:
        log.error("%s pass: %s", name, exc)
    except (OperationalError, InterfaceError) as exc:  # the connection, not our statements
        log.error("%s pass stopped, the database failed: %s", name, first_line(exc))
    finally:
        if task is not None:
            ctx.running.discard(task)


# Module-level coroutine functions: the job store keeps only their import path.
async def remind_job() -> None:
    """The daily reminder run."""
    await _tracked(remind_pass)


async def alerts_job() -> None:
    """Call and change alerts during the day (deadline reminders go with the daily run)."""
    await _tracked(alerts_pass)


async def digest_job() -> None:
    """The weekly digest to the office."""
    await _tracked(digest_pass)


async def retry_job() -> None:
    """Resend failed deliveries whose next attempt has come."""
    await _tracked(retry_pass)


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job of the worker: its id, Polish label, function, trigger and grace."""

    id: str
    label: str  # Polish, for `notifier jobs`
    func: Callable[[], Any]
    trigger: BaseTrigger
    misfire_grace_time: int  # seconds: how late a missed run may still happen


def job_specs(settings: Settings) -> list[JobSpec]:
    """The worker's jobs, from the settings (Europe/Warsaw wall clock)."""
    remind, digest = settings.remind_time, settings.digest_time
    return [
        JobSpec(
            REMIND_JOB,
            "przypomnienia (codziennie)",
            remind_job,
            CronTrigger(hour=remind.hour, minute=remind.minute, timezone=TIMEZONE),
            int(timedelta(hours=23).total_seconds()),
        ),
        JobSpec(
            ALERTS_JOB,
            "ogłoszenia i zmiany terminów (co 15 minut, 7:00–20:45)",
            alerts_job,
            CronTrigger(
                hour=f"{ALERT_HOURS[0]}-{ALERT_HOURS[1]}", minute="*/15", timezone=TIMEZONE
            ),
            int(timedelta(minutes=14).total_seconds()),
        ),
        JobSpec(
            DIGEST_JOB,
            "podsumowanie tygodnia dla biura",
            digest_job,
            CronTrigger(
                day_of_week=settings.digest_day,
                hour=digest.hour,
                minute=digest.minute,
                timezone=TIMEZONE,
            ),
            int(timedelta(days=6).total_seconds()),
        ),
        JobSpec(
            RETRY_JOB,
            "ponowne próby nieudanych wysyłek",
            retry_job,
            IntervalTrigger(seconds=int(RETRY_EVERY.total_seconds()), timezone=TIMEZONE),
            int(timedelta(minutes=10).total_seconds()),
        ),
    ]


class Worker:
    """The background service: `start()` / `stop()` (also used in the web app's lifespan).

    `open()` (sync) connects and takes the single-worker lock; WorkerLocked if another worker
    holds it. `start()` opens if needed, then schedules the jobs. With `wait_for_lock` (the
    worker inside `notifier serve`), a held lock does not stop `start()`: the web app serves
    at once and the worker takes the lock in the background as soon as it is free.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        backend: DeliveryBackend | None = None,
        schedule_source: CatalogSource | None = None,
        clock: Clock = wall_clock,
        heartbeat_every: timedelta = HEARTBEAT_EVERY,
        stale_after: timedelta = STALE_AFTER,
        wait_for_lock: bool = False,
    ) -> None:
        self.settings = settings
        self.wait_for_lock = wait_for_lock
        self._waiting: asyncio.Task[None] | None = None
        self.backend = backend or backend_from_settings(settings)
        self.schedule_source = schedule_source
        self.clock = clock
        self.heartbeat_every = heartbeat_every
        self.stale_after = stale_after
        self.owner = make_owner()
        self.db: Database | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.lost = asyncio.Event()  # set when the lock was taken over: stop the process
        self._heartbeat: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    def open(self) -> None:
        """Read the harmonograms, open the database and take the single-worker lock;
        WorkerLocked if another worker holds it (nothing stays open then)."""
        if self.db is not None:
            return
        # The database first: a broken one is one Polish line before the files' scan (m8).
        db = open_database(self.settings.database_url, self.settings.state_dir)
        try:
            if self.schedule_source is None:  # ScheduleError
                s, choices = self.settings, RecordedChoices(self.settings.database_url)
                source = CatalogSource(s.schedule, choices=choices, settle=s.schedule_settle)
                self.schedule_source = source
            acquire(db.engine, self.owner, self.clock(), stale_after=self.stale_after)
            place_legacy_subscribers(db, self.schedule_source.snapshot().catalog)
        except BaseException:
            db.dispose()
            raise
        self.db = db
        log.info("worker lock taken by %s", self.owner)

    def close(self) -> None:
        """Release the lock and the database (safe to call twice)."""
        if self.db is None:
            return
        try:
            release_lock(self.db.engine, self.owner)
        finally:
            self.db.dispose()
            self.db = None

    async def start(self) -> None:
        """Open (in a thread) and schedule the jobs; with `wait_for_lock`, a held lock is
        waited for in the background instead of raising WorkerLocked."""
        if _context is not None:
            raise NotifierError("a worker is already running in this process")
        try:
            await asyncio.to_thread(self.open)
        except WorkerLocked as exc:
            if not self.wait_for_lock:
                raise
            log.warning("%s (the site keeps serving; the worker starts once the lock is free)", exc)
            self._waiting = asyncio.create_task(self._wait_for_lock())
            return
        await self._begin()

    async def _one_period(self) -> bool:
        """Wait one heartbeat period; False if the worker is stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), self.heartbeat_every.total_seconds())
        return not self._stopping.is_set()

    async def _wait_for_lock(self) -> None:
        """Try the lock again every heartbeat period until it is ours, then begin."""
        while await self._one_period():
            try:
                await asyncio.to_thread(self.open)
            except WorkerLocked:
                continue
            except Exception:
                log.exception("worker could not open the database; will try again")
                continue
            await self._begin()
            return

    async def _begin(self) -> None:
        global _context
        assert self.db is not None
        assert self.schedule_source is not None
        _context = WorkerContext(
            self.owner, self.db, self.backend, self.settings, self.schedule_source, self.clock
        )
        try:
            self.scheduler = self._schedule(self.db.engine)
        except BaseException:
            _context = None
            await asyncio.to_thread(self.close)
            raise
        self._heartbeat = asyncio.create_task(self._beat())
        for job in self.scheduler.get_jobs():
            log.info("job %s: next run %s", job.id, job.next_run_time)

    def _schedule(self, engine: Engine) -> AsyncIOScheduler:
        scheduler = AsyncIOScheduler(
            timezone=TIMEZONE,
            jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)},
            job_defaults={"coalesce": True, "max_instances": 1},
        )
        scheduler.start(paused=True)
        now = self.clock()
        for spec in job_specs(self.settings):
            existing = scheduler.get_job(spec.id)
            options: dict[str, Any] = {}
            # replace_existing would recompute the next run from the trigger and so skip a run
            # missed while the worker was down: keep a past next run time, so it happens now.
            missed = existing.next_run_time if existing is not None else None
            if missed is not None and missed <= now:
                options["next_run_time"] = missed
            scheduler.add_job(
                spec.func,
                spec.trigger,
                id=spec.id,
                name=spec.label,
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=spec.misfire_grace_time,
                **options,
            )
        scheduler.resume()
        return scheduler

    async def _beat(self) -> None:
        """Renew the lock every period; a failure is one line when it starts and one when
        the heartbeat works again, never a traceback a period (blind7: a database outage)."""
        assert self.db is not None
        failed = 0
        while await self._one_period():
            try:
                ours = await asyncio.to_thread(heartbeat, self.db.engine, self.owner, self.clock())
            except Exception as exc:  # noqa: BLE001 - retried next period, logged once
                failed += 1
                if failed == 1:
                    log.error(
                        "worker heartbeat failed, trying again each period: %s", error_kind(exc)
                    )
                continue
            if failed:
                log.warning("worker heartbeat works again (%d failed)", failed)
                failed = 0
            if not ours:
                log.error("worker lock was taken over by another worker; stopping the jobs")
                if self.scheduler is not None:
                    self.scheduler.pause()
                self.lost.set()
                return

    async def stop(self) -> None:
        """Stop scheduling, let a pass in flight finish (STOP_TIMEOUT), release the lock."""
        global _context
        self._stopping.set()
        if self._waiting is not None:
            await self._waiting
            self._waiting = None
        if self.scheduler is not None:
            self.scheduler.pause()
        ctx = _context
        if ctx is not None and ctx.owner == self.owner and ctx.running:
            # Let a pass in flight record its results (else its claims wait STALE_CLAIM).
            _, late = await asyncio.wait(set(ctx.running), timeout=STOP_TIMEOUT)
            for task in late:
                task.cancel()
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        if self._heartbeat is not None:
            await self._heartbeat
            self._heartbeat = None
        if ctx is not None and ctx.owner == self.owner:
            _context = None
        await asyncio.to_thread(self.close)
