"""The web app's schedule watcher: each process notices a changed, added or removed schedule
file by itself, without waiting for a request to ask.

Requests check the source too (CatalogSource.snapshot), but a check only starts a reload and
answers from the version before it: without the watcher, the first request after an edit —
often a calendar app's poll, told to keep its copy for 12 hours — got the old feed. The
watcher runs the same check (CatalogSource.check) in the app's lifespan, as often as the
source paces its own rescans (every NOTIFIER_SCHEDULE_POLL seconds, once a second by default;
a directory of thousands of files, once per second per FILES_PER_POLL_SECOND files), so a reload is usually done before the next request arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from notifier.core.system_errors import error_kind
from notifier.files.source import CatalogSource
from notifier.store.db import DatabaseError

log = logging.getLogger(__name__)


class ScheduleWatcher:
    """Runs `source.check()` in a worker thread, again after the seconds it returns, from
    `start()` until `stop()` (both called by create_app's lifespan, in the app's event loop).
    A failing check is tried again after the source's poll_seconds; it never stops the app. A failure is
    logged once when it starts and once when a check works again, never once a tick (F6: a
    database outage logged a 50-line traceback every second); a database error as one line.
    `also`: run after each check in the same thread (the app's check for event versions
    other processes recorded: AppState.notice_recorded_versions)."""

    def __init__(self, source: CatalogSource, also: Callable[[], object] | None = None) -> None:
        self.source = source
        self.also = also
        self._task: asyncio.Task[None] | None = None
        self.failed_checks = 0  # checks failed in a row (0: the last one worked)

    @property
    def running(self) -> bool:
        """The check loop is running (started, not stopped or ended)."""
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Start the check loop as an asyncio task; nothing if it was started already."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="schedule-watcher")

    async def stop(self) -> None:
        """Cancel the check loop and wait until it has ended; nothing if it is not running."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    def _tick(self) -> float:
        delay = self.source.check()
        if self.also is not None:
            self.also()
        return delay

    async def _run(self) -> None:
        while True:
            try:
                delay = await asyncio.to_thread(self._tick)
            except (SQLAlchemyError, DatabaseError) as exc:
                self._failed(error_kind(exc), traceback=False)
                delay = self.source.poll_seconds
            except Exception as exc:  # noqa: BLE001 - logged once, then retried
                self._failed(error_kind(exc), traceback=True)
                delay = self.source.poll_seconds
            else:
                if self.failed_checks:
                    log.warning(
                        "Checking the schedule %s for changes works again (%d failed checks)",
                        self.source.path,
                        self.failed_checks,
                    )
                self.failed_checks = 0
            await asyncio.sleep(delay)

    def _failed(self, reason: str, *, traceback: bool) -> None:
        self.failed_checks += 1
        if self.failed_checks == 1:
            log.error(
                "Checking the schedule %s for changes failed; trying again every %s s, "
                "logged again only when it works: %s",
                self.source.path,
                self.source.poll_seconds,
                reason,
                exc_info=True if traceback else None,
            )
