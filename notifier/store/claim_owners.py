"""Who holds a delivery claim, and when another pass may take it over.

Every pass that claims deliveries does so under an owner name (host:pid:random, as the worker
lock). A claimed row is taken over:
- at once, when its owner is provably gone: a pass of this process that has ended, or a
  process on this host that no longer exists (`kill -9`);
- never, while its owner is a pass still running in this process (a slow batch, however
  slow, is not sent twice by the worker's own retry job);
- otherwise (another host, or another live process here) only when its claim is older than
  STALE_CLAIM by the claim clock; a running pass keeps its claims fresh (`keep_alive`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from notifier.store.models import CLAIMED, FAILED, Delivery, table_of
from notifier.store.worker_lock import make_owner, provably_dead

log = logging.getLogger(__name__)

# A claim not kept alive this long (by a pass we cannot see) belongs to a pass that died.
STALE_CLAIM = timedelta(minutes=30)
KEEP_ALIVE_EVERY = timedelta(minutes=5)  # how often a running pass refreshes its claims

_deliveries = table_of(Delivery)
_running: set[str] = set()  # owners of the passes running in this process


def begin_owner() -> str:
    """A fresh owner name, known as running in this process until `end_owner`."""
    owner = make_owner()
    _running.add(owner)
    return owner


def end_owner(owner: str) -> None:
    """From now on the owner's leftover claims are taken over at once."""
    _running.discard(owner)


@contextlib.contextmanager
def claim_owner() -> Iterator[str]:
    """A fresh owner name for one pass, known as running in this process until exit."""
    owner = begin_owner()
    try:
        yield owner
    finally:
        end_owner(owner)


def _ours(owner: str) -> bool:
    """A pass of this very process (same host and pid)."""
    return owner.startswith(f"{socket.gethostname()}:{os.getpid()}:")


@dataclass(frozen=True)
class Owners:
    """The owners of the currently claimed rows, sorted by what may be done with their claims."""

    gone: frozenset[str]  # take over now
    running: frozenset[str]  # never take over

    @classmethod
    def survey(cls, connection: Connection) -> Owners:
        """The owners of the claims now in the delivery log, judged (see judge)."""
        names = connection.execute(
            select(_deliveries.c.claimed_by)
            .where(_deliveries.c.status == CLAIMED, _deliveries.c.claimed_by.is_not(None))
            .distinct()
        ).scalars()
        return cls.judge(n for n in names if n)

    @classmethod
    def judge(cls, names: Iterable[str]) -> Owners:
        """Which of `names` are passes still running in this process (never taken over) and
        which are gone (an ended pass of this process, or a process on this host that no
        longer exists); the rest wait for STALE_CLAIM (see the module)."""
        gone, running = set(), set()
        for name in names:
            if name in _running:
                running.add(name)
            elif _ours(name) or provably_dead(name):
                gone.add(name)
        return cls(frozenset(gone), frozenset(running))


def retry_due(table: Any, now: datetime, stamp: datetime, owners: Owners) -> Any:
    """A delivery to take (again): failed and its next attempt has come; or claimed by a pass
    that is gone, or whose claim went stale (by the claim clock) and is not running here."""
    claimed = table.c.status == CLAIMED
    stale = claimed & (table.c.last_attempt_at < stamp - STALE_CLAIM)
    if owners.running:
        stale &= table.c.claimed_by.is_(None) | table.c.claimed_by.not_in(owners.running)
    due = ((table.c.status == FAILED) & (table.c.next_attempt_at <= now)) | stale
    if owners.gone:
        due |= claimed & table.c.claimed_by.in_(owners.gone)
    return due


def refresh_claims(engine: Engine, owner: str, stamp: datetime) -> int:
    """Stamp every row `owner` still holds as claimed now; how many there were."""
    with engine.begin() as connection:
        result = connection.execute(
            update(_deliveries)
            .where(_deliveries.c.status == CLAIMED, _deliveries.c.claimed_by == owner)
            .values(last_attempt_at=stamp)
        )
        return int(result.rowcount)


@contextlib.asynccontextmanager
async def keep_alive(
    engine: Engine, owner: str, stamp: Callable[[], datetime]
) -> AsyncIterator[None]:
    """While the body runs, refresh the owner's claims every KEEP_ALIVE_EVERY (for passes in
    other processes, which judge them by age)."""

    async def beat() -> None:
        while True:
            await asyncio.sleep(KEEP_ALIVE_EVERY.total_seconds())
            try:
                await asyncio.to_thread(refresh_claims, engine, owner, stamp())
            except Exception:
                log.exception("could not refresh the claims of %s; will try again", owner)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
