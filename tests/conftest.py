"""Shared fixtures: the shipped Leszno 2024 schedule, the sample files, a clean environment."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import notifier.settings
from notifier.core.schedule import Schedule
from notifier.schedule_file import load_schedule
from notifier.store.db import Database, open_database

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"

# The web app, its client and an editable copy of the schedule (tests/web_fixtures.py);
# Chromium and live servers for the browser tests (tests/browser_fixtures.py).
pytest_plugins = ["web_fixtures", "browser_fixtures"]


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


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No NOTIFIER_* settings from the developer's shell or .env leak in (NOTIFIER_TEST_* stay)."""
    for name in list(os.environ):
        if name.startswith("NOTIFIER_") and not name.startswith("NOTIFIER_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setattr(notifier.settings, "DOTENV", tmp_path / "no-such-dir" / ".env")
    return monkeypatch


# --- subscriber database (SQLite file per test; PostgreSQL too when NOTIFIER_TEST_POSTGRES_URL) ---


_TEST_POSTGRES_URL = os.environ.get("NOTIFIER_TEST_POSTGRES_URL", "")
_BACKENDS = ["sqlite"] + (
    [pytest.param("postgres", marks=pytest.mark.postgres)] if _TEST_POSTGRES_URL else []
)


def pytest_report_header() -> str:
    if _TEST_POSTGRES_URL:
        return "database tests: SQLite and PostgreSQL (NOTIFIER_TEST_POSTGRES_URL)"
    return "database tests: SQLite only (set NOTIFIER_TEST_POSTGRES_URL, or run make test)"


@pytest.fixture(params=_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'subscribers.db'}"
        return
    from sqlalchemy import create_engine, make_url, text

    base = _TEST_POSTGRES_URL

    name = f"notifier_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The subscriber database, opened (and so migrated) the way the service opens it."""
    database = open_database(database_url)
    yield database
    database.dispose()
