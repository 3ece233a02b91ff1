"""Window changes in the store and the Atom feeds (/feed.atom and per topic/department),
checked with feedparser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import httpx
import pytest
from fastapi import FastAPI
from schedule_text import SPORT_CALL
from web_fixtures import write_and_bump

from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.settings import load_settings
from notifier.store.db import Database
from notifier.store.window_changes import list_changes, sync_windows
from notifier.web.app import create_app

NOW = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
SENIORS = "mopr/wsparcie-seniorow"


def moved(text: str) -> str:
    assert text.count('period = "Czerwiec 2024"') == 1
    return text.replace('period = "Czerwiec 2024"', 'period = "Lipiec 2024"')


def test_the_first_sync_records_without_changes_then_each_move_once(
    db: Database, leszno: Schedule, seed_schedule_path: Path
) -> None:
    assert sync_windows(db, leszno, NOW) == []
    assert sync_windows(db, leszno, NOW) == []
    july = parse_schedule(moved(seed_schedule_path.read_text(encoding="utf-8")))
    (change,) = sync_windows(db, july, NOW + timedelta(hours=1))
    assert change.task_key == SENIORS
    assert change.describe() == (
        "„Czerwiec 2024” (1 czerwca – 30 czerwca 2024) → „Lipiec 2024” (1 lipca – 31 lipca 2024)"
    )
    assert sync_windows(db, july, NOW + timedelta(hours=2)) == []  # a rerun: nothing new
    reworded = parse_schedule(
        moved(seed_schedule_path.read_text(encoding="utf-8")).replace(
            'period = "Lipiec 2024"', 'period = "07.2024"'
        )
    )
    assert sync_windows(db, reworded, NOW + timedelta(hours=3)) == []  # same window
    with db.engine.connect() as connection:
        assert [c.id for c in list_changes(connection)] == [change.id]


def test_a_task_gone_from_the_file_is_a_change(
    db: Database, leszno: Schedule, seed_schedule_path: Path
) -> None:
    sync_windows(db, leszno, NOW)
    text = seed_schedule_path.read_text(encoding="utf-8")
    start = text.index('  [[departments.tasks]]\n  id = "wsparcie-seniorow"')
    end = text.index("  [[departments.tasks]]", start + 10)
    (change,) = sync_windows(db, parse_schedule(text[:start] + text[end:]), NOW)
    assert change.removed
    assert change.describe().endswith("→ usunięte z harmonogramu")
    assert change.topics == ("pomoc-spoleczna", "seniorzy")


@pytest.fixture
def app(clean_env: pytest.MonkeyPatch, schedule_file: Path) -> FastAPI:
    return create_app(
        load_settings(schedule=schedule_file, base_url="https://konkursy.example.pl"),
        clock=lambda: NOW,
    )


@pytest.fixture
def app_client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.anyio
async def test_feed_atom_parses_with_calls_results_and_window_changes(
    app: FastAPI, app_client: httpx.AsyncClient, schedule_file: Path
) -> None:
    async with app_client as client:
        first = await client.get("/feed.atom")
        assert first.status_code == 200
        assert first.headers["content-type"] == "application/atom+xml; charset=utf-8"
        assert feedparser.parse(first.content).entries == []  # nothing happened yet
        write_and_bump(schedule_file, moved(read(schedule_file)) + SPORT_CALL)
        app.state.notifier.catalog_source.settle()  # the web app reloads in the background
        response = await client.get("/feed.atom")
        seniors = await client.get("/topics/seniorzy.atom")
        sport = await client.get("/departments/kultura-sport.atom")
        bad = await client.get("/topics/nie-ma.atom")
        again = await client.get("/feed.atom", headers={"If-None-Match": response.headers["etag"]})
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Konkursy ofert Leszno 2024"
    assert parsed.feed.language == "pl"
    titles = [e.title for e in parsed.entries]
    assert titles == [  # newest first: the results (20 June), the change (6 May, 10:00), the call
        "Wyniki konkursu: Rozwój sportu – II tura",
        "Zmiana terminu: Wsparcie seniorów",
        "Ogłoszono konkurs: Rozwój sportu – II tura – oferty do 28 maja 2024, godz. 15:30",
    ]
    results, change, call = parsed.entries
    assert change.title.startswith("Zmiana terminu: ")
    assert "„Czerwiec 2024”" in change.summary
    assert "„Lipiec 2024”" in change.summary
    assert change.link == "https://konkursy.example.pl/#mopr"
    assert results.link == "https://bip.example.org/wyniki-123"
    assert call.link == "https://bip.example.org/ogloszenie-123"
    assert "Kwota: 150\u00a0000 zł" in call.summary
    assert len({e.id for e in parsed.entries}) == 3
    assert [e.title for e in feedparser.parse(seniors.content).entries] == [change.title]
    sport_titles = [e.title for e in feedparser.parse(sport.content).entries]
    assert sport_titles == [results.title, call.title]
    assert bad.status_code == 400
    assert "nieznany temat" in bad.text
    assert again.status_code == 304
