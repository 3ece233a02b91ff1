"""The year-turn set-up of issue 24: on 6 December 2026 a directory holds Leszno 2024 (the
shipped file), Leszno 2027 (no 2026 file: a gap in the years) with its January sport call
already recorded (published 4 December, offers until 22 December), and Zielona Góra 2025."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from new_database import new_sqlite

from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app

DECEMBER_2026 = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
DECEMBER_DAY = date(2026, 12, 6)
CALLED_2027 = "kultura-sport/rozwoj-sportu"  # its window: January 2027
CALL_2027 = (
    f'\n[[calls]]\ntasks = ["{CALLED_2027}"]\npublished = 2026-12-04\n'
    'url = "https://bip.leszno.example.pl/ogloszenie-sport-2027"\ndeadline = 2026-12-22\n'
)


def leszno_2027(examples_dir: Path) -> str:
    """Leszno 2027: the sample 2025 file moved two years on, adopted 30 November 2026, with
    the January sport call recorded."""
    text = (examples_dir / "leszno-2025.toml").read_text(encoding="utf-8")
    text = text.replace("as_of = 2025-01-15", "as_of = 2026-11-30").replace("2025", "2027")
    return text + CALL_2027


@pytest.fixture
def december_dir(tmp_path: Path, seed_schedule_path: Path, examples_dir: Path) -> Path:
    folder = tmp_path / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    (folder / "leszno" / "2024.toml").write_bytes(seed_schedule_path.read_bytes())
    (folder / "leszno" / "2027.toml").write_text(leszno_2027(examples_dir), encoding="utf-8")
    zg = (examples_dir / "zielona-gora-2025.toml").read_bytes()
    (folder / "zielona-gora-2025.toml").write_bytes(zg)
    return folder


@pytest.fixture
def december_app(clean_env: pytest.MonkeyPatch, december_dir: Path, tmp_path: Path) -> FastAPI:
    settings = load_settings(
        schedule=december_dir,
        base_url="https://konkursy.example.pl",
        database_url=new_sqlite(tmp_path / "subscribers.db"),
    )
    source = CatalogSource(december_dir)
    return create_app(settings, catalog_source=source, clock=lambda: DECEMBER_2026)


@pytest.fixture
async def december_client(december_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=december_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
