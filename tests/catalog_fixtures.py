"""A directory of harmonograms for the many-cities tests: Leszno 2024 and 2025, Przykładowo
2025 and Zielona Góra 2025, and the app serving it as on 1 March 2025."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from new_database import new_sqlite

from notifier.files.source import CatalogSource
from notifier.publish.site import file_name
from notifier.settings import load_settings
from notifier.web.app import create_app

BASE_URL = "https://konkursy.example.pl"
MARCH_2025 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def catalog_dir(tmp_path: Path, seed_schedule_path: Path, examples_dir: Path) -> Path:
    folder = tmp_path / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    (folder / "leszno" / "2024.toml").write_bytes(seed_schedule_path.read_bytes())
    (folder / "leszno" / "2025.toml").write_bytes((examples_dir / "leszno-2025.toml").read_bytes())
    for name in ("przykladowo-2025.toml", "zielona-gora-2025.toml"):
        (folder / name).write_bytes((examples_dir / name).read_bytes())
    return folder


@pytest.fixture
def catalog_app(clean_env: pytest.MonkeyPatch, catalog_dir: Path, tmp_path: Path) -> FastAPI:
    settings = load_settings(
        schedule=catalog_dir,
        base_url=BASE_URL,
        database_url=new_sqlite(tmp_path / "subscribers.db"),
    )
    return create_app(settings, catalog_source=CatalogSource(catalog_dir), clock=lambda: MARCH_2025)


@pytest.fixture
async def catalog_client(catalog_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=catalog_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


PRZYKLADOWO_CALL = (
    '\n[[calls]]\ntasks = ["sport/szkolenie"]\npublished = 2025-02-03\n'
    'url = "https://bip.przykladowo.example.pl/ogloszenie-sport"\ndeadline = 2025-03-24\n'
)


def record_przykladowo_call(app: FastAPI, folder: Path) -> None:
    """Przykładowo 2025's sport call (published 3 February, offers until 24 March), recorded
    in its file and loaded by the app."""
    path = folder / "przykladowo-2025.toml"
    before = os.stat(path).st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8") + PRZYKLADOWO_CALL, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))  # as an editor saving a second later
    app.state.notifier.catalog_source.settle()


class SteppedClock:
    """A clock the test moves by hand (aware UTC)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def app_at(folder: Path, database_url: str, clock: SteppedClock) -> FastAPI:
    """An app serving `folder` on `database_url` whose clock is `clock`."""
    settings = load_settings(schedule=folder, base_url=BASE_URL, database_url=database_url)
    return create_app(settings, catalog_source=CatalogSource(folder), clock=clock)


def file_dates(out: Path, paths: list[str]) -> dict[str, datetime]:
    """Each published path's file date (its .gz twin's the same), as nginx would send it."""
    found = {}
    for path in paths:
        name = out / file_name(path)
        assert os.stat(name).st_mtime == os.stat(f"{name}.gz").st_mtime, path
        found[path] = datetime.fromtimestamp(os.stat(name).st_mtime, UTC)
    return found
