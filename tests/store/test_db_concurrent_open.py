"""Several processes opening one new SQLite file at once: one migrates, the others wait and
find the schema at head (web workers and the worker process starting together)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from notifier.store.db import DatabaseError, migrations_dir, open_database

PROCESSES = 4
ROUNDS = 4


def _open_each(barrier: multiprocessing.synchronize.Barrier, urls: list[str], results: Any) -> None:
    """In a child: for each database in turn, wait until every child is ready, then open (and
    so migrate) it; the same children serve every round (a spawn costs seconds on a busy
    machine, and the race is on the first migration of each new file, not on the start)."""
    for round_, url in enumerate(urls):
        barrier.wait()
        try:
            open_database(url).dispose()
        except DatabaseError as exc:  # reported to the parent, which fails the test with it
            results.put((round_, f"{type(exc).__name__}: {exc}"))
        else:
            results.put((round_, "ok"))


def _head() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config).get_current_head()


def test_processes_opening_a_new_sqlite_file_at_once_all_succeed(tmp_path: Path) -> None:
    spawn = multiprocessing.get_context("spawn")  # fresh interpreters, as separate commands are
    # Each round a new file: the race is on its first migration.
    urls = [f"sqlite:///{tmp_path / f'round-{r}' / 'subscribers.db'}" for r in range(ROUNDS)]
    barrier = spawn.Barrier(PROCESSES)
    results = spawn.Queue()
    children = [
        spawn.Process(target=_open_each, args=(barrier, urls, results)) for _ in range(PROCESSES)
    ]
    for child in children:
        child.start()
    outcomes = sorted(results.get(timeout=300) for _ in range(PROCESSES * ROUNDS))
    for child in children:
        child.join(timeout=60)
    assert outcomes == sorted((r, "ok") for r in range(ROUNDS) for _ in range(PROCESSES))
    assert [child.exitcode for child in children] == [0] * PROCESSES

    for url in urls:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                versions = connection.execute(text("SELECT version_num FROM alembic_version"))
                assert [row[0] for row in versions] == [_head()]  # at head, recorded once
            assert "subscribers" in inspect(engine).get_table_names()
        finally:
            engine.dispose()
