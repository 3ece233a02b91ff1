"""The worker's publishing service: keeps NOTIFIER_PUBLISH_DIR current.

Every PUBLISH_EVERY seconds a check reads what the site is made of (SiteInputs: the files'
versions, a stamp of the versions recorded in the database, the day) and publishes only when
it changed; a publication renders only the paths whose own inputs changed
(notifier.publish.site.publish_app), so an edit of one harmonogram among thousands renders
that city's paths and its shares of the files of every city, which are then streamed from
the shares kept on disk (notifier.publish.shares), and midnight only what shows the day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from notifier.clock import wall_clock
from notifier.core.system_errors import error_kind, system_reason
from notifier.core.time import Clock, warsaw_day
from notifier.files.source import CatalogSnapshot
from notifier.publish.manifest import JOURNAL, MANIFEST
from notifier.publish.site import PublishError, PublishReport, publish_app, publishing_app
from notifier.publish.writing import PublishStopped
from notifier.settings import Settings
from notifier.store.db import Database, DatabaseError
from notifier.store.event_versions import versions_stamp
from notifier.store.window_changes import changes_stamp
from notifier.web.state import AppState, app_state
from notifier.web.static_site import mark_checked

log = logging.getLogger(__name__)

PUBLISH_EVERY = 20.0  # seconds between the worker's checks: an edit is out within a minute


@dataclass(frozen=True)
class SiteInputs:
    """Everything the published files are made of, cheap to read: the harmonogram files'
    versions (with their dates and problems, which the pages show), the versions and window
    changes recorded in the database (SEQUENCE, LAST-MODIFIED, the Atom feeds' news) and the
    day in Warsaw (the statuses on the pages and in /api/tasks, and feeds dropping a past
    year's events twelve months after they end)."""

    catalog: tuple[str, datetime, tuple[str, ...]]  # version, newest file's date, problems
    recorded: tuple[int, ...]  # notifier.store: versions_stamp + changes_stamp
    day: date  # Europe/Warsaw


def site_inputs(state: AppState) -> tuple[SiteInputs, CatalogSnapshot]:
    """What `state`'s app would publish now, without rendering (files re-read if changed),
    and the catalog read."""
    snap = state.catalog_source.settle()
    inputs = SiteInputs(
        (snap.version, snap.modified, tuple(snap.problem_lines())),
        recorded_stamp(state.database()),
        warsaw_day(state.clock()),
    )
    return inputs, snap


def recorded_stamp(db: Database) -> tuple[int, ...]:
    """The database state feeds show, as a few numbers that change whenever it changes."""
    with db.engine.connect() as connection:
        return (*versions_stamp(connection), *changes_stamp(connection))


class Publisher:
    """A background service: every `every` seconds, a check (`check`) that re-publishes to
    `out` when anything the site is made of changed (SiteInputs), and does nothing else.

    One app (and one schedule source) is kept between checks, so a check is a scan of the
    harmonogram files' dates, two aggregate queries and the date; a publication after an edit
    re-renders what the caches do not hold. A failed check is logged and retried. `clock`:
    the app's "now" (aware UTC).
    """

    def __init__(
        self,
        settings: Settings,
        out: Path,
        *,
        every: float = PUBLISH_EVERY,
        clock: Clock = wall_clock,
    ) -> None:
        self.settings = settings
        self.out = out
        self.every = every
        self.clock = clock
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._halt = threading.Event()  # the same stop, seen between files (publish_app)
        self._app: FastAPI | None = None
        self._published: SiteInputs | None = None  # the inputs of the last publication
        self._verified: date | None = None  # the day of the last check of every file
        self.runs = 0  # completed checks
        self.ran = asyncio.Event()  # set after each check (for whoever waits for the next one)
        self._failing: str | None = None  # the kind of failure the last check met, if any

    async def start(self) -> None:
        """Start the check loop (an asyncio task): a check now, then one every `every` seconds."""
        self._stop.clear()
        self._halt.clear()
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        """Stop the loop, then close the app and its database: a running publication ends
        between two files (SIGTERM to `serve` waited for a whole large site, blind10a M19)."""
        self._stop.set()
        self._halt.set()
        if self._task is not None:
            await self._task
            self._task = None
        await self.close()

    async def close(self) -> None:
        """Close the app (and its database); the next check opens them again."""
        if self._app is not None:
            app, self._app = self._app, None
            await asyncio.to_thread(app_state(app).close)

    async def check(self) -> PublishReport | None:
        """Publish if anything the files are made of changed since the last publication (or
        the directory lost its manifest): the report; None when nothing was rendered. The
        first check of a day in Warsaw (and the first after start) also verifies every
        published file against the manifest (publish --verify: a file edited by hand or
        replaced by a link is published again). RenderError or PublishError when publishing
        fails (the next check tries again)."""
        app = self._open()
        state = app_state(app)
        inputs, snap = await asyncio.to_thread(site_inputs, state)
        last = self._published
        verify = self._verified != inputs.day
        if last == inputs and not verify and await asyncio.to_thread(self._complete):
            await asyncio.to_thread(mark_checked, self.out)
            return None
        if last is not None and last.recorded != inputs.recorded:
            # Another process recorded versions: read them again (each harmonogram's
            # rendered events are kept by their versions, so only changed ones re-render).
            state.feed_cache.forget_versions()
        report = await publish_app(app, self.out, snap, verify=verify, stop=self._halt)
        self._verified = inputs.day
        # Rendering records versions and window changes itself: remember the state after it.
        recorded = await asyncio.to_thread(recorded_stamp, state.database())
        self._published = replace(inputs, recorded=recorded)
        await asyncio.to_thread(mark_checked, self.out)
        return report

    def _complete(self) -> bool:
        """The directory holds a finished publication: a manifest, no journal of one cut
        short."""
        return (self.out / MANIFEST).is_file() and not (self.out / JOURNAL).exists()

    def _open(self) -> FastAPI:
        if self._app is None:
            self._app = publishing_app(self.settings, self.clock)
            self._published = None
        return self._app

    async def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                report = await self.check()
                if report is not None and (report.written or report.removed):
                    log.info("%s (%s)", log_line(report), self.out)
            except Exception as exc:  # noqa: BLE001 - any failure is logged, then retried
                self._failed(exc)
            else:
                if self._failing is not None:
                    log.warning("publishing to %s works again", self.out)
                    self._failing = None
            self.runs += 1
            self.ran.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.every)

    def _failed(self, exc: Exception) -> None:
        """Log a failed check once per kind of failure, not once per try (every 20 s): one
        line for a directory that cannot be written or a database that cannot be read, a
        traceback for anything else; /healthz says the site is stale (web.static_site)."""
        if isinstance(exc, PublishStopped):  # stop() asked: the loop ends after this check
            log.info("publishing to %s stopped; the next start completes it", self.out)
            return
        expected = isinstance(exc, PublishError | OSError | SQLAlchemyError | DatabaseError)
        if isinstance(exc, OSError):  # its reason, not its file: one kind for a full disk
            kind = f"{type(exc).__name__}: {system_reason(exc)}"
        else:
            kind = error_kind(exc)
        if kind == self._failing:
            return
        self._failing = kind
        log.error(
            "publishing to %s failed (%s); trying again every %g s, logged again only when it "
            "works or fails otherwise",
            self.out,
            kind,
            self.every,
            exc_info=None if expected else exc,
        )


def publishers(settings: Settings) -> Iterable[Publisher]:
    """The publishing service when NOTIFIER_PUBLISH_DIR is set, else none."""
    if settings.publish_dir is not None:
        yield Publisher(settings, settings.publish_dir)


def log_line(report: PublishReport) -> str:
    """The report in English, for the log of a long-running publisher (serve, worker): its
    reader is the operator, as of every line those processes log (blind 10b, M21);
    PublishReport.format says it in Polish to whoever runs `notifier publish`."""
    line = (
        f"Published: {len(report.written)} changed, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed; {len(report.kept)} not rendered again."
    )
    if report.repaired:
        shown = ", ".join(report.repaired[:5]) + (", …" if len(report.repaired) > 5 else "")
        line += f" Repaired {len(report.repaired)} file(s) unlike the publication: {shown}."
    return line
