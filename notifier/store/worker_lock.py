"""The single-worker lock: a row in the database with its owner and a heartbeat.

A second worker on the same database refuses to start while the heartbeat is fresh; a stale
heartbeat (the holder died without releasing) can be taken over, and so can a lock whose
owner is provably dead (same host, its process gone: `kill -9`) at once.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update

from notifier.core.errors import NotifierError
from notifier.core.input_rules import whole_number
from notifier.core.time import TIMEZONE
from notifier.store.db import insert_ignoring_conflicts
from notifier.store.models import WorkerLock, table_of

LOCK_NAME = "worker"
HEARTBEAT_EVERY = timedelta(seconds=30)
STALE_AFTER = timedelta(minutes=2)  # four missed heartbeats

_locks = table_of(WorkerLock)


class WorkerLocked(NotifierError):
    """Another worker holds the lock on this database."""


def make_owner() -> str:
    """host:pid:random — unique even for two workers in one process."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def provably_dead(owner: str) -> bool:
    """True when `owner` (host:pid:…) names a process on this host that no longer exists.

    Another host's process, or one whose name cannot be read, is never provably dead: only
    its heartbeat going stale can free what it holds.
    """
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    pid = whole_number(pid_text, 10)
    if host != socket.gethostname() or pid is None:
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def acquire(
    engine: Engine,
    owner: str,
    now: datetime,
    *,
    name: str = LOCK_NAME,
    stale_after: timedelta = STALE_AFTER,
) -> None:
    """Take the lock (or keep it, if `owner` holds it); WorkerLocked if someone else does."""
    with engine.begin() as connection:
        row = connection.execute(
            insert_ignoring_conflicts(connection, _locks, ["name"])
            .values(name=name, owner=owner, acquired_at=now, heartbeat_at=now)
            .returning(_locks.c.name)
        ).first()
        if row is not None:
            return
        holder = connection.execute(select(_locks.c.owner).where(_locks.c.name == name)).scalar()
        takeable = (_locks.c.owner == owner) | (_locks.c.heartbeat_at < now - stale_after)
        if holder is not None and provably_dead(holder):
            takeable |= _locks.c.owner == holder  # killed (-9) on this host: no need to wait
        row = connection.execute(
            update(_locks)
            .where(_locks.c.name == name, takeable)
            .values(owner=owner, acquired_at=now, heartbeat_at=now)
            .returning(_locks.c.name)
        ).first()
        if row is not None:
            return
        holder = connection.execute(
            select(_locks.c.owner, _locks.c.heartbeat_at).where(_locks.c.name == name)
        ).first()
    who, beat = (holder[0], holder[1]) if holder else ("?", now)
    seconds = int(stale_after.total_seconds())
    raise WorkerLocked(
        f"Inny worker już działa na tej bazie danych ({who}, ostatni sygnał życia "
        f"{beat.astimezone(TIMEZONE):%Y-%m-%d %H:%M:%S}). Na jedną bazę może działać tylko "
        f"jeden worker: prosimy zatrzymać tamten proces albo uruchomić `notifier web` (bez "
        f"workera). Jeśli tamten proces działał na innym komputerze i już nie działa, jego "
        f"blokada wygaśnie po {seconds} s od ostatniego sygnału."
    )


def heartbeat(engine: Engine, owner: str, now: datetime, *, name: str = LOCK_NAME) -> bool:
    """Refresh the heartbeat; False if the lock is no longer ours (taken over)."""
    with engine.begin() as connection:
        result = connection.execute(
            update(_locks)
            .where(_locks.c.name == name, _locks.c.owner == owner)
            .values(heartbeat_at=now)
        )
        return result.rowcount == 1


def release(engine: Engine, owner: str, *, name: str = LOCK_NAME) -> None:
    """Give the lock up (only if we still hold it)."""
    with engine.begin() as connection:
        connection.execute(delete(_locks).where(_locks.c.name == name, _locks.c.owner == owner))
