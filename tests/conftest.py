"""Shared fixtures: the shipped Leszno 2024 schedule, the sample files, a clean environment.

Layout: tests/<layer>/test_<module>.py tests notifier/<layer>/<module>.py (a second file for the
same module adds a concern: web/test_feeds.py and web/test_feeds_versions.py); journeys/ runs
whole behaviours across layers (servers in a subprocess, Chromium, nginx); contract/ holds the
contract every shape of NOTIFIER_SCHEDULE keeps; project/ checks the package's source. Helper
modules (web_fixtures.py, smtp_server.py, passes.py, ...) live beside this file and are imported
by plain name from any folder: pytest's default (prepend) import mode puts this folder on
sys.path. Test file names stay unique across the tree (there are no __init__.py files).

Also the Hypothesis profiles: no test may depend on the machine's speed, so no profile has a
deadline. "dev" (the default) is short; "ci" (when CI=true) tries twice as many examples;
HYPOTHESIS_PROFILE names one explicitly.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from new_database import migrated_template

try:  # pytest's structured node ids (9.2): what names a test to xdist's scheduler
    from _pytest.nodeid import NodeId
except ImportError:  # earlier: the id is a string xdist's own hook extends
    NodeId = None  # type: ignore[assignment, misc]

import notifier.settings
from notifier.core.schedule import Schedule
from notifier.files.reading import load_schedule
from notifier.settings import Settings, load_settings
from notifier.store.db import Database, open_database

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"

# The web app, its client and an editable copy of the schedule (tests/web_fixtures.py);
# Chromium and live servers for the browser tests (tests/browser_fixtures.py).
pytest_plugins = ["web_fixtures", "browser_fixtures", "catalog_fixtures", "december_fixtures"]

# No deadlines anywhere: a property test never depends on machine speed. CI runs twice the
# examples of a developer's run, Hypothesis's own default; 200 cost CI ~20 s on 2 busy cores
# (the database properties most), and 500 over a minute, against CI's 4 minutes
# (HYPOTHESIS_PROFILE=thorough for a long run by hand).
hypothesis_settings.register_profile("dev", deadline=None, max_examples=50)
hypothesis_settings.register_profile("ci", deadline=None, max_examples=100, print_blob=True)
hypothesis_settings.register_profile("thorough", deadline=None, max_examples=2000, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in ("true", "1") else "dev")
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each browser test module is one xdist group (`--dist loadgroup`): its tests run on one
    worker, one after another, sharing the module's Chromium and server, while the modules
    spread over both workers (one group for all of them left one worker alone at the end).
    The item's own mark is the closest, so it wins over a module's xdist_group("browser")."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group(f"browser:{item.nodeid.split('::')[0]}"))
        elif not item.get_closest_marker("xdist_group") and _uses_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(f"module:{item.nodeid.split('::')[0]}"))
    if getattr(config.option, "loadgroup", False):  # an xdist worker of `--dist loadgroup`
        for item in items:
            _name_its_group(item)


def _uses_a_module_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a module-scoped fixture (a server started once for the module):
    then the module's tests that do are one group, so that it starts on one worker only,
    not once on each (each test alone is a unit of `--dist loadgroup`, dealt to both)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(defs[-1].scope == "module" for defs in info.name2fixturedefs.values() if defs)


def _name_its_group(item: pytest.Item) -> None:
    """Give the test the node id `--dist loadgroup` schedules by ("<id>@<group>"), as xdist's
    own hook means to: with pytest's structured node ids (9.2) a node's id is `_id`, and the
    `_nodeid` xdist 3.8 sets is read by nothing, so every group was ignored and each browser
    module's tests were spread over both workers (two Chromiums, servers and sign-ups each)."""
    names = sorted(
        {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
    )
    if not names or "@" in item.nodeid:
        return
    if NodeId is not None:  # else xdist's own hook names it
        item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.fixture(scope="session")
def seed_schedule_path() -> Path:
    """The repository's schedule.toml (Leszno 2024), as shipped."""
    return REPO_ROOT / "schedule.toml"


@pytest.fixture(scope="session")
def leszno(seed_schedule_path: Path) -> Schedule:
    """The shipped Leszno 2024 schedule, loaded and validated."""
    return load_schedule(seed_schedule_path)


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """tests/examples: sample schedules, the seed text and the golden .ics files."""
    return EXAMPLES_DIR


@pytest.fixture(scope="session")
def zielona_gora_path() -> Path:
    """A second, fictional city (Zielona Góra 2025) using other period forms."""
    return EXAMPLES_DIR / "zielona-gora-2025.toml"


@pytest.fixture(scope="session")
def zielona_gora(zielona_gora_path: Path) -> Schedule:
    return load_schedule(zielona_gora_path)


# What the service writes by default (relative to the working directory); never a test's.
_CHECKOUT_DEFAULTS = tuple(
    dict.fromkeys(
        [REPO_ROOT / "subscribers.db", REPO_ROOT / "outbox", Path.cwd() / "subscribers.db"]
    )
)


def _without_settings(environ: dict[str, str], tmp: Path) -> dict[str, str]:
    """`environ` without the developer's NOTIFIER_* settings, with this test's own database and
    outbox under `tmp`: nothing a test runs can reach ./subscribers.db or ./outbox/."""
    env = {k: v for k, v in environ.items() if not k.startswith("NOTIFIER_")}
    env["NOTIFIER_DATABASE_URL"] = f"sqlite:///{tmp / 'subscribers.db'}"
    env["NOTIFIER_OUTBOX"] = str(tmp / "outbox")
    env["NOTIFIER_STATE_DIR"] = str(tmp)
    # An edit is read at once (tests/files/test_settling.py tries the settle rule itself).
    env["NOTIFIER_SCHEDULE_SETTLE"] = "0"
    return env


@pytest.fixture(autouse=True, scope="session")
def _isolated_session_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """For the whole run: no NOTIFIER_* setting from the shell, a database and an outbox in a
    temporary directory. A test that forgets clean_env still cannot touch the checkout."""
    saved = dict(os.environ)
    before = {path for path in _CHECKOUT_DEFAULTS if path.exists()}
    os.environ.clear()
    os.environ.update(_without_settings(saved, tmp_path_factory.mktemp("session-env")))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
    left = sorted(str(p) for p in _CHECKOUT_DEFAULTS if p.exists() and p not in before)
    assert not left, f"tests created the service's default files in the checkout: {left}"


@pytest.fixture
def clean_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> pytest.MonkeyPatch:
    """No NOTIFIER_* settings from the developer's shell or .env leak into the test, and the
    database and the outbox are this test's own (NOTIFIER_DATABASE_URL, NOTIFIER_OUTBOX under
    tmp_path); a test may set or delete them again."""
    for name in list(os.environ):
        if name.startswith("NOTIFIER_"):
            monkeypatch.delenv(name)
    # The database's folder exists, as the service requires (it never makes it), beside
    # tmp_path, which a test may expect to hold only what it made itself.
    env = tmp_path_factory.mktemp("env")
    for name, value in _without_settings({}, env).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(notifier.settings, "DOTENV", tmp_path / "no-such-dir" / ".env")
    return monkeypatch


# --- subscriber database (SQLite file per test; PostgreSQL too when TEST_POSTGRES_URL) ---


_TEST_POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
_BACKENDS = ["sqlite"] + (
    [pytest.param("postgres", marks=pytest.mark.postgres)] if _TEST_POSTGRES_URL else []
)


def pytest_report_header() -> str:
    if _TEST_POSTGRES_URL:
        return "database tests: SQLite and PostgreSQL (TEST_POSTGRES_URL)"
    return "database tests: SQLite only (set TEST_POSTGRES_URL, or run make test)"


@pytest.fixture(scope="session")
def _migrated_sqlite() -> Path:
    """A SQLite file at the newest schema, made once per run (per xdist worker) to copy
    (tests/new_database.py)."""
    return migrated_template()


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[tuple[str, frozenset[str]]]:
    """This run's (this xdist worker's) PostgreSQL database at the newest schema, and its
    tables; dropped at the end. Workers never share one."""
    from sqlalchemy import create_engine, inspect, make_url, text
    from sqlalchemy.pool import NullPool

    name = f"notifier_test_{uuid.uuid4().hex[:12]}"
    # No pooled connection: one may not outlive a server restart (test_postgres_restart).
    admin = create_engine(_TEST_POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(_TEST_POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        database = open_database(url)
        tables = frozenset(inspect(database.engine).get_table_names())
        database.dispose()
        yield url, tables
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_postgres(url: str, tables: frozenset[str]) -> None:
    """Make the database as a fresh migration leaves it: other connections to it ended, tables
    created since (the worker's job store) dropped, every other table emptied, ids from 1."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            for extra in sorted(set(inspect(connection).get_table_names()) - tables):
                connection.execute(text(f'DROP TABLE "{extra}" CASCADE'))
            data = ", ".join(f'"{t}"' for t in sorted(tables - {"alembic_version"}))
            connection.execute(text(f"TRUNCATE {data} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """This test's own database, at the newest schema and without data: a SQLite file under
    tmp_path (a copy of one migrated per run), or this worker's PostgreSQL database emptied
    to what a fresh migration leaves (much faster than creating a database per test; the
    tests of a worker run one after another)."""
    if request.param == "sqlite":
        path = tmp_path / "subscribers.db"
        shutil.copyfile(request.getfixturevalue("_migrated_sqlite"), path)
        return f"sqlite:///{path}"
    url, tables = request.getfixturevalue("_postgres_database")
    _empty_postgres(url, tables)
    return url


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Settings:
    """The passes' settings: this test's database and outbox, konkursy.example.pl as the base
    URL (a test module may define its own)."""
    return load_settings(
        database_url=database_url,
        outbox=tmp_path / "outbox",
        base_url="https://konkursy.example.pl",
    )


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> Iterator[Database]:
    """The subscriber database, opened (and so migrated) the way the service opens it, its
    sent journal in `tmp_path`."""
    database = open_database(database_url, tmp_path)
    yield database
    database.dispose()
