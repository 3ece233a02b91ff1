"""The recorded choice of the file serving each city's year (notifier.core.served_files), in
the database every web process, the worker and the commands share: so an edit, a restart or
a second process never hands a city's year to a copy of its file.

Why the database: it is the one place all of them already share and write, on SQLite and
PostgreSQL alike (the served directory may be read-only, copied by rsync, or checked out from
git, and a file of ours in it would be lost or edited with it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from notifier.core.served_files import Key, served_choice
from notifier.store.db import (
    Database,
    insert_ignoring_conflicts,
    make_engine,
    open_database,
    sqlite_path,
)
from notifier.store.models import KeptFile, ServedFile, table_of

log = logging.getLogger(__name__)

_served = table_of(ServedFile)
_kept = table_of(KeptFile)


def _read(engine: Engine) -> dict[Key, str]:
    with engine.connect() as connection:
        rows = connection.execute(select(_served.c.city_id, _served.c.year, _served.c.source))
        return {(city_id, year): source for city_id, year, source in rows}


def _record(engine: Engine, changes: Mapping[Key, str], seen: Mapping[Key, str]) -> None:
    """Record `changes` (key -> file): a new key only if no process recorded it meanwhile, a
    released one (its file gone) only if it still names the file seen gone."""
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for (city_id, year), source in sorted(changes.items()):
            if (city_id, year) not in seen:
                connection.execute(
                    insert_ignoring_conflicts(connection, _served, ["city_id", "year"]),
                    {"city_id": city_id, "year": year, "source": source, "chosen_at": now},
                )
            else:
                connection.execute(
                    update(_served)
                    .where(
                        _served.c.city_id == city_id,
                        _served.c.year == year,
                        _served.c.source == seen[(city_id, year)],
                    )
                    .values(source=source, chosen_at=now)
                )


class RecordedChoices:
    """notifier.files.source.ServedFiles over the database at `url` (opened, and migrated,
    on first use; its connections closed after each decision: files change seldom).
    `create` False: a database that does not exist is not created (a DatabaseError)."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        self.create = create
        self._db: Database | None = None

    def _engine(self) -> Engine:
        if self._db is None:
            self._db = open_database(self.url, create=self.create)
        return self._db.engine

    def kept_versions(self) -> dict[str, str]:
        """File name -> the version of its last good content kept (notifier.files.kept)."""
        engine = self._engine()
        try:
            with engine.connect() as connection:
                rows = connection.execute(select(_kept.c.source, _kept.c.version))
                return {str(source): str(version) for source, version in rows}
        finally:
            engine.dispose()

    def keep(self, files: Mapping[str, tuple[str, bytes]]) -> None:
        """Keep each file's (version, bytes) as its last good content, replacing the older;
        two processes keeping one file at once: the first wins (the same file's bytes)."""
        now = datetime.now(UTC)
        engine = self._engine()
        try:
            with engine.begin() as connection:
                for name, (version, data) in sorted(files.items()):
                    connection.execute(delete(_kept).where(_kept.c.source == name))
                    connection.execute(
                        insert_ignoring_conflicts(connection, _kept, ["source"]),
                        {"source": name, "version": version, "content": data, "kept_at": now},
                    )
        finally:
            engine.dispose()

    def kept(self, name: str) -> bytes | None:
        """The last good content kept of the file `name`, or None."""
        engine = self._engine()
        try:
            with engine.connect() as connection:
                query = select(_kept.c.content).where(_kept.c.source == name)
                data = connection.execute(query).scalar_one_or_none()
                return None if data is None else bytes(data)
        finally:
            engine.dispose()

    def forget(self, names: Iterable[str]) -> None:
        """Drop the last good content kept of the files `names` (deleted)."""
        engine = self._engine()
        try:
            with engine.begin() as connection:
                connection.execute(delete(_kept).where(_kept.c.source.in_(list(names))))
        finally:
            engine.dispose()

    def decide(
        self, candidates: Mapping[Key, Sequence[str]], present: AbstractSet[str]
    ) -> dict[Key, str]:
        """served_choice over the recorded choices, the new and released ones recorded first
        (two processes deciding at once: the first record wins, and both then serve it).
        DatabaseError or SQLAlchemyError when the database cannot be reached."""
        engine = self._engine()
        try:
            recorded = _read(engine)
            chosen = served_choice(candidates, present, recorded)
            changes = {key: file for key, file in chosen.items() if recorded.get(key) != file}
            if not changes:
                return chosen
            _record(engine, changes, recorded)
            return served_choice(candidates, present, _read(engine))
        finally:
            engine.dispose()


def recorded_choices(url: str) -> dict[Key, str] | None:
    """The recorded choices, read without creating or migrating anything (`notifier check`
    on a machine of its own); None when there is no such database or table, or it cannot be
    reached."""
    parsed = make_url(url)
    path = sqlite_path(parsed)
    if parsed.get_backend_name() == "sqlite" and (path is None or not path.is_file()):
        return None
    engine = make_engine(url)
    try:
        return _read(engine)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
