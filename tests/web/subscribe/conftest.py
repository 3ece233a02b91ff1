"""Fixtures of the sign-up tests: settings on the seed harmonogram and the running site."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from new_database import new_sqlite
from smtp_server import RecordingHandler
from subscribe_site import START, Clock, Site, make_settings

from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.web.app import create_app


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, seed_schedule_path: Path) -> Settings:
    # The app keeps its record of the files it serves in clean_env's database: a new one.
    new_sqlite(Path(os.environ["NOTIFIER_DATABASE_URL"].removeprefix("sqlite:///")))
    return make_settings(seed_schedule_path)


@pytest.fixture
async def site(
    settings: Settings, db: Database, smtp: tuple[RecordingHandler, int]
) -> AsyncIterator[Site]:
    handler, port = smtp
    clock = Clock(START)
    backend = SmtpBackend(host="127.0.0.1", port=port, timeout=5, attempts=1)
    app: FastAPI = create_app(settings, db=db, backend=backend, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Site(app, client, db, handler, clock, settings)
