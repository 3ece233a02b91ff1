"""`notifier worker`: the reminder worker (and services beside it) until a signal stops it."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence
from typing import Protocol

from notifier.core.errors import NotifierError
from notifier.jobs.worker import Worker
from notifier.logs import started_line
from notifier.metrics import check_multiprocess_dir
from notifier.settings import Settings

log = logging.getLogger(__name__)


class Service(Protocol):
    """Something that runs beside the worker's jobs (e.g. the static publisher)."""

    async def start(self) -> None:
        """Begin running beside the worker."""

    async def stop(self) -> None:
        """Finish what is under way and stop."""


async def run_worker(settings: Settings, services: Sequence[Service] = ()) -> None:
    """`notifier worker`: run until SIGINT/SIGTERM (or the lock is lost), then stop cleanly.

    `services` (e.g. the static publisher) run beside the jobs while the worker holds the lock.
    """
    check_multiprocess_dir()  # counters shared with the web processes, when asked for
    worker = Worker(settings)
    await worker.start()
    for service in services:
        await service.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # English, as every line of a long-running process: its reader is the operator (M21)
    log.info("worker running (%s; %s); Ctrl+C stops it", worker.owner, started_line(settings))
    try:
        waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(worker.lost.wait())]
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            waiter.cancel()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        for service in reversed(services):
            await service.stop()
        await worker.stop()
    if worker.lost.is_set():
        raise NotifierError("Worker zatrzymany: blokadę bazy danych przejął inny worker.")
    print("Worker zatrzymany.", flush=True)
