"""Open the subscriber database: engine, session factory, Alembic migrations on open."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from notifier.core.errors import NotifierError
from notifier.core.system_errors import first_line, system_reason
from notifier.redact import mask_url

_PACKAGE = Path(__file__).resolve().parent.parent  # notifier/
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Any constant works; it only has to be the same in every process migrating this database.
_PG_MIGRATION_LOCK = 0x6E6F7469


class DatabaseError(NotifierError):
    """The database could not be opened or migrated."""


def migrations_dir() -> Path:
    """`notifier/migrations` in an installed wheel, else `migrations/` of the source checkout."""
    for candidate in (_PACKAGE / "migrations", _PACKAGE.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("migrations directory not found next to the notifier package")


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine; SQLite files get WAL, a busy timeout and enforced foreign keys on connect.
    `create`: a SQLite file's missing folders are made (else left missing, and a file in a
    folder that cannot be written is opened read-only and immutable)."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = sqlite_path(parsed)
        if database is not None and create:
            database.parent.mkdir(parents=True, exist_ok=True)
        elif (
            database is not None and database.is_file() and not os.access(database.parent, os.W_OK)
        ):
            # A read-only copy (a backup mount, a snapshot) for a command that only shows:
            # read as it is, with no WAL index or lock file beside it (blind round 8a, F3).
            uri = f"file:{quote(str(database))}?mode=ro{_read_only_mode(database)}"
            return create_engine(
                parsed, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
            )
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _read_only_mode(database: Path) -> str:
    """The URI option of a SQLite file in a folder that cannot be written: "&immutable=1" when
    the file holds every change; none when changes wait in its -wal beside a -shm index
    (SQLite reads both, read-only); DatabaseError when they wait in a -wal with no index —
    SQLite would show the data before them (blind10a M13: 63 subscribers listed of 95)."""
    wal = database.with_name(database.name + "-wal")
    if not wal.is_file() or wal.stat().st_size == 0:
        return "&immutable=1"
    if database.with_name(database.name + "-shm").is_file():
        return ""
    raise DatabaseError(
        f"Baza danych {database} leży w katalogu tylko do odczytu, a jej ostatnie zmiany są w "
        f"pliku {wal.name} bez pliku {database.name}-shm – odczytane dane byłyby nieaktualne. "
        "Prosimy otworzyć bazę tam, gdzie można pisać (np. skopiować pliki "
        f"{database.name} i {wal.name} razem do katalogu z prawem zapisu)."
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        # SQLite's advice for WAL: a commit is not an fsync of its own (the WAL is synced at
        # checkpoints). A killed process (kill -9, OOM) loses no committed transaction; only
        # an OS crash or power loss may roll back the last ones, and the passes then re-send
        # those few messages (never lose one). The reminder pass commits each result as the
        # server accepts it, and an fsync per commit cost it a third of its speed.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def missing_driver(url: URL) -> str | None:
    """Why the URL's database driver cannot be used (F5: not installed, or no such driver);
    None when it can. Every command stops at start-up with this line instead of a
    traceback from the first query."""
    try:
        url.get_dialect().import_dbapi()
    except (ImportError, NoSuchModuleError):
        driver = url.get_driver_name() or url.get_backend_name()
        install = "pip install 'notifier[postgres]' (w kopii z repozytorium: " + (
            ".venv/bin/pip install -e '.[postgres]')"
        )
        if driver == "psycopg":
            return f"brak sterownika bazy danych psycopg: prosimy go zainstalować: {install}"
        # Another driver (pg8000, psycopg2, …): the [postgres] extra installs psycopg only.
        return (
            f"brak sterownika bazy danych „{driver}”: prosimy użyć postgresql+psycopg://… "
            f"i zainstalować sterownik: {install}"
        )
    return None


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL, `:memory:` and `file:` URIs."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return None if database.startswith("file:") else Path(database).expanduser()


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive OS lock (flock) on `path`, waiting as long as another process holds it.

    A lock file of its own, never the database: SQLite's POSIX locks on the database file are
    released when any descriptor of it closes, so nothing else may lock or open it. The file
    stays (unlinking it while another process waits would give two processes two locks)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # released when the file closes
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def migration_lock(engine: Engine) -> AbstractContextManager[None]:
    """One migrating process at a time per SQLite file: an exclusive lock on
    `<database>-migrate.lock` next to it (PostgreSQL uses an advisory lock inside `migrate`).

    Held around the whole migration from the first connection on, so the second of two
    processes started together on a new file waits, then finds the schema at head and does
    nothing (SQLite's own busy timeout of 10 s would not cover a long migration)."""
    database = sqlite_path(engine.url)
    if database is None:
        return nullcontext()
    return _file_lock(database.with_name(database.name + "-migrate.lock"))


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent, safe to run at every start,
    safe for several processes starting at once on SQLite and PostgreSQL)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Web processes and the worker may start together: migrate one at a time.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _write_header(engine: Engine) -> None:
    """Write the SQLite file's header (its user_version, unchanged): a file that is up to
    date needs no migration, so only this finds a read-only one at start."""
    with engine.begin() as connection:
        version = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
        connection.exec_driver_sql(f"PRAGMA user_version = {version}")


@dataclass(frozen=True)
class Database:
    """The subscriber database: its engine (core statements, passes) and a session factory
    (the ORM, for the sign-up flow and the CLI); built by open_database."""

    engine: Engine
    sessions: sessionmaker[Session]
    # The journal of accepted messages (notifier.store.sent_journal); None: not kept.
    journal: Path | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        """Close every pooled connection (at the end of a command or a test)."""
        self.engine.dispose()


def journal_path(url: str, state_dir: Path | None = None) -> Path:
    """Where the journal of accepted messages of the database at `url` lives
    (notifier.store.sent_journal): in `state_dir` (NOTIFIER_STATE_DIR), by default the SQLite
    file's folder or, for a database server, the current directory; its name carries a hash
    of the URL (password hidden), so two databases never share one."""
    parsed = make_url(url)
    if state_dir is None:
        database = sqlite_path(parsed)
        state_dir = database.parent if database is not None else Path()
    name = hashlib.sha256(parsed.render_as_string(hide_password=True).encode()).hexdigest()
    return state_dir / f"notifier-sent-{name[:12]}.jsonl"


def open_database(url: str, state_dir: Path | None = None, *, create: bool = True) -> Database:
    """Connect and migrate to the newest schema; a bad or unreachable database → DatabaseError.
    Its journal of accepted messages is kept in `state_dir` (journal_path). `create` False (a
    command that only shows, blind round three m7): a database that does not exist yet — a
    SQLite file that is not there, a PostgreSQL database without the service's tables — is a
    DatabaseError (Polish), and nothing is created."""
    if not create:
        _must_exist(url)
    engine = make_engine(url, create=create)
    try:
        # A command that only shows reads a database at head as it is: a read-only copy
        # (a backup, a snapshot) too, whose lock file beside it cannot be made (blind 8a F3).
        if create or not _at_head(engine):
            migrate(engine)
            if sqlite_path(engine.url) is not None:
                _write_header(engine)
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        first = system_reason(exc) if isinstance(exc, OSError) else first_line(exc)
        read_only = isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES)
        if read_only or "readonly database" in first or "read-only" in first:
            first = (
                "plik jest tylko do odczytu – proszę dać użytkownikowi, który uruchamia "
                "serwis, prawo zapisu do pliku bazy (i do katalogu, w którym leży)"
            )
        raise DatabaseError(f"Nie można otworzyć bazy danych {shown}: {mask_url(first)}") from exc
    return Database(
        engine, sessionmaker(engine, expire_on_commit=False), journal_path(url, state_dir)
    )


def _at_head(engine: Engine) -> bool:
    """Whether the database's schema is at the newest Alembic revision (nothing to migrate)."""
    script = ScriptDirectory(str(migrations_dir()))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) == set(script.get_heads())


def _must_exist(url: str) -> None:
    """DatabaseError (Polish) unless the database at `url` exists and holds our tables."""
    parsed = make_url(url)
    shown = parsed.render_as_string(hide_password=True)
    path = sqlite_path(parsed)
    if parsed.get_backend_name() == "sqlite":
        if path is None or path.is_file():
            return
        raise DatabaseError(
            f"Baza danych {shown} nie istnieje ({path}): to polecenie tylko pokazuje dane i "
            "bazy nie tworzy – proszę sprawdzić NOTIFIER_DATABASE_URL (bazę tworzy serwis, "
            "np. notifier serve, albo notifier subscribers add)"
        )
    engine = make_engine(url, create=False)
    try:
        with engine.connect() as connection:
            exists = inspect(connection).has_table("alembic_version")
    except SQLAlchemyError as exc:
        first = mask_url(first_line(exc))
        raise DatabaseError(f"Nie można otworzyć bazy danych {shown}: {first}") from exc
    finally:
        engine.dispose()
    if not exists:
        raise DatabaseError(
            f"Baza danych {shown} nie ma jeszcze tabel serwisu: to polecenie tylko pokazuje "
            "dane i ich nie tworzy – proszę sprawdzić NOTIFIER_DATABASE_URL (tabele tworzy "
            "serwis, np. notifier serve, albo notifier subscribers add)"
        )


def insert_ignoring_conflicts(connection: Connection, table: Any, index: list[str]) -> Any:
    """INSERT … ON CONFLICT (index) DO NOTHING, for SQLite and PostgreSQL alike."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=index)
