"""The web app's one state: it opens the database at start-up and closes only what it opened."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from notifier.settings import load_settings
from notifier.store.db import Database
from notifier.web.app import create_app
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio


async def test_the_database_is_opened_at_start_up_and_closed_at_shutdown(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "data" / "subscribers.db"
    path.parent.mkdir()  # the operator's folder; the file is the service's to make
    app = create_app(load_settings(schedule=schedule_file, database_url=f"sqlite:///{path}"))
    async with app.router.lifespan_context(app):
        assert path.is_file()  # created and migrated before the first request
        state = app_state(app)
        with state.database().engine.connect() as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM subscribers")).scalar() == 0
    assert state._db is None  # closed with the app


async def test_a_given_database_is_used_and_left_open(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, db: Database
) -> None:
    app = create_app(load_settings(schedule=schedule_file), db=db)
    async with app.router.lifespan_context(app):
        assert app_state(app).database() is db
    with db.engine.connect() as connection:  # still usable: the caller owns it
        assert connection.execute(text("SELECT COUNT(*) FROM subscribers")).scalar() == 0


async def test_without_a_lifespan_the_database_opens_to_keep_the_harmonogram(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, tmp_path: Path
) -> None:
    """One harmonogram file is read as a directory of one: its bytes are kept in the database
    when the catalog is first read (files/kept, a broken file served from them), so an app
    made without a lifespan opens the database then, not only at the first sign-up."""
    path = tmp_path / "lazy.db"
    app = create_app(load_settings(schedule=schedule_file, database_url=f"sqlite:///{path}"))
    assert path.is_file()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/subscribe", data={"email": "ngo@example.org"})
    assert response.status_code == 200
    with app_state(app).database().engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM subscribers")).scalar() == 1
    app_state(app).close()
