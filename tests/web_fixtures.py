"""Fixtures for the web tests: the app over a copy of the shipped schedule, and a client for it.

Registered for the whole suite through `pytest_plugins` in conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from new_database import new_sqlite

from notifier.files.source import CatalogSource
from notifier.settings import Settings, load_settings
from notifier.web.app import create_app

BASE_URL = "https://konkursy.example.pl"


def write_and_bump(path: Path, text: str) -> None:
    """Replace the file and move its mtime forward, as an editor saving a second later would."""
    before = os.stat(path).st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def publish_settings(schedule_file: Path, out: Path | None = None) -> Settings:
    """The settings of a publishing test: its schedule copy, its own database beside it."""
    return load_settings(
        schedule=schedule_file,
        base_url=BASE_URL,
        database_url=new_sqlite(schedule_file.parent / "subscribers.db"),
        publish_dir=out,
    )


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def schedule_file(tmp_path: Path, seed_schedule_path: Path) -> Path:
    """A copy of the shipped schedule.toml that a test may edit."""
    path = tmp_path / "schedule.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    return path


@pytest.fixture
def app(clean_env: pytest.MonkeyPatch, schedule_file: Path) -> FastAPI:
    # Reloads in the request that notices an edit, so a test's next request sees it; the
    # web app's own background reload has its tests in tests/files/test_source.py.
    database_url = new_sqlite(schedule_file.parent / "subscribers.db")  # never ./
    return create_app(
        load_settings(schedule=schedule_file, base_url=BASE_URL, database_url=database_url),
        catalog_source=CatalogSource(schedule_file),
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
