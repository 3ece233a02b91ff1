"""/readyz answers within a balancer's probe timeout while another process holds the SQLite
database locked (blind 10b, M9: it waited SQLite's 10 s busy timeout, so a probe with a
2 s timeout saw a timeout instead of the 503). The connections requests use keep their
own, longer wait."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import anyio
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from notifier.store.db import SQLITE_BUSY_TIMEOUT_MS
from notifier.web.faults import READY_LOCK_WAIT_MS
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

# A hang guard well short of SQLite's own wait: the probe has not waited for that.
GUARD_SECONDS = SQLITE_BUSY_TIMEOUT_MS / 1000 - 2


async def test_readyz_is_a_503_at_once_while_the_database_is_locked(
    app: FastAPI, client: httpx.AsyncClient, schedule_file: Path
) -> None:
    assert READY_LOCK_WAIT_MS <= 2000  # a probe's usual timeout
    assert (await client.get("/readyz")).status_code == 200
    holder = sqlite3.connect(schedule_file.parent / "subscribers.db", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with anyio.fail_after(GUARD_SECONDS):
            locked = await client.get("/readyz")
        assert locked.status_code == 503
        assert locked.headers["Retry-After"]
        assert any("baza danych" in problem for problem in locked.json()["problems"])
    finally:
        holder.rollback()
        holder.close()
    db = app_state(app).database()
    with db.engine.connect() as connection:  # the pool's connections wait as before
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == SQLITE_BUSY_TIMEOUT_MS
    assert (await client.get("/readyz")).status_code == 200
