"""Database faults on requests, and the readiness check.

Any database error while answering a request (disk full, database locked too long, server
gone) becomes a Polish 503 with `Retry-After`, never an English 500 with a traceback. It is
logged once per incident — the first error with its cause, then nothing until the database
works again, which is logged too. `/readyz` says whether this process can serve: the database
answers a read of each table requests read (on a new connection for a SQLite file, so a file
damaged under the process is seen before a request meets it) and a write, the Maildir outbox
(without SMTP) takes a file, and the schedule file is there and valid (a directory: at least one
harmonogram is served; the other files' problems are listed, not a 503). `/healthz` stays the
liveness check (the process answers), so a database outage does not get the process killed.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection, delete, text
from sqlalchemy.exc import SQLAlchemyError

from notifier.core.language import N_
from notifier.core.language import gettext as _
from notifier.core.system_errors import error_kind
from notifier.files.source import CatalogSnapshot
from notifier.mail.outbox_probe import outbox_problem
from notifier.mail.transports import OutboxBackend
from notifier.store.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    Database,
    DatabaseError,
    insert_ignoring_conflicts,
)
from notifier.store.models import WorkerLock, table_of
from notifier.web.pages import render_error
from notifier.web.state import app_state, catalog_snapshot
from notifier.web.static_site import static_site_problems

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
READY_PATH = "/readyz"
MIN_FREE_BYTES = 1024 * 1024
_PROBE_LOCK = "readiness-probe"  # a row in worker_locks, written and removed by each check
_locks = table_of(WorkerLock)
# What requests read: a page its window changes and event versions and its files' choices, a
# sign-up its subscribers, tokens and rate limits, the office its sessions.
_READ_TABLES = (
    "subscribers",
    "subscriber_tokens",
    "rate_limit_events",
    "feed_event_versions",
    "window_changes",
    "served_files",
    "office_sessions",
)


UNAVAILABLE_HEADING = N_("Serwis chwilowo niedostępny")
_UNAVAILABLE = N_(
    "Nie możemy teraz zapisać ani odczytać danych. Nic z tego, co Państwo wysłali, nie "
    "zostało zmienione. Prosimy spróbować ponownie za %(seconds)s sekund."
)
UNAVAILABLE_TEXT = _UNAVAILABLE % {"seconds": RETRY_AFTER_SECONDS}  # Polish: the API's detail


class Incident:
    """Whether the database is failing now; logs the first error and the recovery only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.since: datetime | None = None
        self.errors = 0
        self.cause = ""
        self.request_failed: datetime | None = None  # a request's, not the probe's
        self.probed: datetime | None = None  # the last /readyz probe, and whether it passed
        self.probe_passed = False

    def failed(self, exc: BaseException, *, request: bool = False) -> None:
        """Count a database error (`request`: met by a request, not by /readyz's probe); the
        first of an incident is logged (ERROR) with its cause."""
        with self._lock:
            self.errors += 1
            first = self.since is None
            if request:
                self.request_failed = datetime.now(UTC)
            if first:
                self.since = datetime.now(UTC)
                self.cause = error_kind(exc)
        if first:
            log.error("database error, answering 503 until it works again: %s", self.cause)

    def probe_done(self, passed: bool) -> datetime | None:
        """Note a probe now (`passed` or not); when it passed, the moment a request last
        failed that no probe saw (None: none did). A failure after a probe that passed
        contradicts this one; failures during an outage the previous probe saw itself do not
        keep readiness down once the database answers again (blind round three, m6)."""
        now = datetime.now(UTC)
        with self._lock:
            previous, previous_passed = self.probed, self.probe_passed
            self.probed, self.probe_passed = now, passed
            failed = self.request_failed
        if not passed or failed is None:
            return None
        if previous is not None and (not previous_passed or failed < previous):
            return None
        return failed

    def recovered(self) -> None:
        """End the incident, if any, logging (WARNING) its start and how many requests failed."""
        with self._lock:
            since, errors = self.since, self.errors
            self.since, self.errors, self.cause = None, 0, ""
            self.request_failed = None
        if since is not None:
            log.warning(
                "database works again (failing since %s, %d failed requests)",
                since.isoformat(timespec="seconds"),
                errors,
            )


def incident(app: FastAPI) -> Incident:
    """The app's Incident, created on first use (on `app.state.db_incident`)."""
    current = getattr(app.state, "db_incident", None)
    if current is None:
        current = app.state.db_incident = Incident()
    return current


def unavailable(request: Request) -> Response:
    """The 503 for a request that met a database error: Polish HTML, or JSON under /api/."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": UNAVAILABLE_TEXT}, status_code=503, headers=headers)
    text = _(_UNAVAILABLE) % {"seconds": RETRY_AFTER_SECONDS}  # the page: the reader's language
    response = render_error(503, _(UNAVAILABLE_HEADING), text)
    response.headers.update(headers)
    return response


async def _database_error(request: Request, exc: Exception) -> Response:
    incident(request.app).failed(exc, request=True)
    return unavailable(request)


def probe(db: Database) -> None:
    """A read of every table requests read, then a real write and its removal, committed: a
    damaged file, a full disk or a read-only file fails it. For a SQLite file the reads run
    on a new connection (a pooled one may still answer from pages it read before the file was
    damaged), and a disk with less than MIN_FREE_BYTES free fails it too: the probe's few
    bytes still fit in the write-ahead log when a sign-up's do not."""
    path = db.engine.url.database
    sqlite_file = db.engine.url.get_backend_name() == "sqlite" and path not in (
        None,
        "",
        ":memory:",
    )
    if path and sqlite_file:
        free = shutil.disk_usage(Path(path).resolve().parent).free
        if free < MIN_FREE_BYTES:
            raise OSError(errno.ENOSPC, f"disk is full ({free // 1024} KiB free)")
    with db.engine.connect() as connection:
        if sqlite_file:
            connection.invalidate()  # the next statement opens the file anew
        for table in _READ_TABLES:
            connection.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).all()
    now = datetime.now(UTC)
    sqlite = db.engine.dialect.name == "sqlite"  # its wait is the connection's, not a query's
    with db.engine.connect() as connection:
        _lock_wait(connection, READY_LOCK_WAIT_MS if sqlite else None)
        try:
            with connection.begin():
                _lock_wait(connection, None if sqlite else READY_LOCK_WAIT_MS)
                connection.execute(
                    insert_ignoring_conflicts(connection, _locks, ["name"]).values(
                        name=_PROBE_LOCK, owner="readyz", acquired_at=now, heartbeat_at=now
                    )
                )
            with connection.begin():
                _lock_wait(connection, None if sqlite else READY_LOCK_WAIT_MS)
                connection.execute(delete(_locks).where(_locks.c.name == _PROBE_LOCK))
        finally:
            if sqlite:  # the pooled connection waits as every other one again
                _lock_wait(connection, SQLITE_BUSY_TIMEOUT_MS)


# How long /readyz's write waits for a lock another process holds (blind 10b, M9: SQLite's
# 10 s busy timeout, longer than a balancer's probe timeout, turned a 503 into a timeout).
READY_LOCK_WAIT_MS = 1500


def _lock_wait(connection: Connection, milliseconds: int | None) -> None:
    """Wait at most `milliseconds` for a lock on `connection` (SQLite: until changed again,
    ended with a commit; PostgreSQL: the transaction's, SET LOCAL); None: nothing."""
    if milliseconds is None:
        return
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout={milliseconds}")
        connection.commit()
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")


router = APIRouter()


PROBLEM_CHARS = 300  # a problem as /healthz and /readyz list it: its first line, this long


def problem_lines(snapshot: CatalogSnapshot, schedule: Path) -> list[str]:
    """The files' problems as /healthz and /readyz list them (both public, m6): "name:
    problem", the name relative to the schedule directory (a file's own name when the
    schedule is one file), never an absolute path, in the problem's text either; each
    problem its first line, at most PROBLEM_CHARS characters."""
    base = schedule if schedule.is_dir() else schedule.parent
    prefixes = sorted({f"{base}/", f"{base.resolve()}/"}, key=len, reverse=True)
    lines = []
    for path, found in snapshot.problems.items():
        name = path
        for prefix in prefixes:
            name = name.removeprefix(prefix)
        if name.startswith("/"):  # outside the directory (a link's target): its name only
            name = Path(name).name
        for problem in found:
            text = problem.strip().split("\n", 1)[0]
            for prefix in prefixes:
                text = text.replace(prefix, "")
            if len(text) > PROBLEM_CHARS:
                text = text[: PROBLEM_CHARS - 1] + "…"
            lines.append(f"{name}: {text}")
    return lines


@router.get(READY_PATH, include_in_schema=False)
@router.head(READY_PATH, include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    """200 when this process can serve: the database takes a write and the schedule can be
    served; else 503 with the problems (Polish), one per line of `problems`.

    Readiness does not hang on a harmonogram file: a file that failed to reload, a new file
    that does not validate, or every file gone (the last catalog is served, see
    notifier.files.source) leaves the process ready, the problems listed under
    `schedule_problems` ("path: problem", as /healthz has them); only the database makes it a
    503. Every instance of a deployment reads the same files, so one typo must not take them
    all out of the load balancer while each can serve the last good version.

    A request that failed since the previous probe makes a passing probe a 503 (the probe's
    few bytes may fit where a request's do not); failures the previous probe already saw do
    not, so readiness comes back at the first probe that passes after an outage."""
    problems: list[str] = []
    catalog = catalog_snapshot(request)
    schedule_problems = problem_lines(catalog, app_state(request.app).catalog_source.path)
    current = incident(request.app)
    try:
        db = await asyncio.to_thread(app_state(request.app).database)
        await asyncio.to_thread(probe, db)
    except (SQLAlchemyError, DatabaseError, OSError) as exc:
        current.probe_done(passed=False)
        current.failed(exc)
        problems.append(f"baza danych: {error_kind(exc)}")
    else:
        if current.probe_done(passed=True) is not None:
            # The probe passes, but a request failed since the previous probe: not ready
            # until a probe finds no new failure or a request succeeds.
            problems.append(f"baza danych: żądania nie mogą zapisać danych ({current.cause})")
        else:
            current.recovered()
    backend = app_state(request.app).backend
    if isinstance(backend, OutboxBackend):  # no SMTP: every email is a file in the outbox
        mail = await asyncio.to_thread(outbox_problem, backend.path)
        if mail is not None:
            problems.append(f"poczta: {mail}")
    body: dict[str, Any] = {
        "status": "ok" if not problems else "unavailable",
        "version": catalog.version,
        "problems": problems,
        "schedule_problems": schedule_problems,
        "static_site": static_site_problems(app_state(request.app).settings.publish_dir),
    }
    headers = {"Cache-Control": "no-store"}
    if problems:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return JSONResponse(body, status_code=503 if problems else 200, headers=headers)


# Requests that use the database: one of them answered without a 5xx ends an incident.
_DATABASE_PATHS = ("/subscribe", "/confirm/", "/manage/", "/unsubscribe/")


def install(app: FastAPI) -> None:
    """Answer database errors with the Polish 503 and serve /readyz."""
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(DatabaseError, _database_error)
    app.router.routes.extend(router.routes)  # top-level, as notifier.web.app adds routes

    @app.middleware("http")
    async def _end_of_incident(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        current = incident(request.app)
        if (
            current.since is not None
            and response.status_code < 500
            and request.url.path.startswith(_DATABASE_PATHS)
        ):
            current.recovered()
        return response
