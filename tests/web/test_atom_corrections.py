"""A corrected call's Atom entry (blind11 F6): its <updated> moves to when the correction was
seen and its text says what changed, so feed readers that showed the call show the change;
the app over HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import feedparser
import httpx
import pytest
from catalog_fixtures import SteppedClock, app_at
from passes import LESZNO_SPORT_CALL
from web_fixtures import write_and_bump


def _call_entry(body: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(body)
    (entry,) = [e for e in parsed.entries if "/nabor/" in e.id]
    return entry


def _served(tmp_path: Path, seed_schedule_path: Path) -> tuple[Path, str]:
    """A folder serving Leszno 2024 with its sport call (offers until 28 May); its file and
    text."""
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    path = folder / "leszno-2024.toml"
    text = seed_schedule_path.read_text(encoding="utf-8") + LESZNO_SPORT_CALL
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.anyio
async def test_a_corrected_deadline_moves_the_entrys_updated_and_says_old_and_new(
    tmp_path: Path, seed_schedule_path: Path, database_url: str, clean_env: pytest.MonkeyPatch
) -> None:
    path, text = _served(tmp_path, seed_schedule_path)
    clock = SteppedClock(datetime(2024, 5, 7, 10, 0, tzinfo=UTC))
    app = app_at(path.parent, database_url, clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        before = _call_entry((await client.get("/feed.atom")).content)
        assert before.updated == "2024-05-05T22:00:00+00:00"  # the day published, in Warsaw
        assert "Poprawiono" not in before.summary
        clock.now = datetime(2024, 5, 8, 12, 30, tzinfo=UTC)
        write_and_bump(path, text.replace("deadline = 2024-05-28", "deadline = 2024-05-20"))
        app.state.notifier.catalog_source.settle()
        after = _call_entry((await client.get("/feed.atom")).content)
        again = _call_entry((await client.get("/feed.atom")).content)
    assert after.id == before.id  # the same call, updated
    assert after.updated == again.updated == "2024-05-08T12:30:00+00:00"
    assert after.title.endswith("oferty do 20 maja 2024")
    assert "Poprawiono 8 maja 2024:" in after.summary
    assert "Termin składania ofert: 28 maja 2024 → 20 maja 2024" in after.summary
