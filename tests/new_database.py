"""A test's own new SQLite database, as a copy of one file migrated once per test process.

A new file's first open runs every Alembic revision (~0.1 s of CPU, most of a web test's
set-up); a copy of a file already at the newest schema only checks its revision. The copy is
the test's alone, at the schema and without the data a migration leaves. The tests of opening
and migrating a new file (tests/store/test_db*.py, the servers started in a subprocess) still
start from no file.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from notifier.store.db import open_database

_TEMPLATE: list[Path] = []


def migrated_template() -> Path:
    """The SQLite file at the newest schema this process copies (made on first use, removed
    when the process ends); never opened again after it is made."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="notifier-schema-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "subscribers.db"
        database = open_database(f"sqlite:///{path}", folder)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


def new_sqlite(path: Path) -> str:
    """The URL of the SQLite database at `path`, made there (a copy of the migrated template)
    unless the test made it already: a test asking again (another app, a second publisher
    over the same folder) finds its data."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_template(), path)
    return f"sqlite:///{path}"
