"""F3: a call the office records for a past year's harmonogram (2024, in December 2026)
does not bring its deadline back into the calendars: events of a past year's harmonogram
drop out twelve months after they end, by one rule for every kind of event (a window's
announcement, a call's deadline). The call still reaches the page and the Atom feed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import icalendar
import pytest
from december_fixtures import DECEMBER_2026
from fastapi import FastAPI
from ical_checks import check_ics
from new_database import new_sqlite

from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

CALL_2024 = (
    '\n[[calls]]\ntasks = ["mopr/wsparcie-seniorow"]\npublished = 2024-05-06\n'
    'url = "https://bip.leszno.example.pl/ogloszenie-seniorzy-2024"\ndeadline = {deadline}\n'
)
FEEDS = (
    "/leszno/calendar.ics",
    "/calendar.ics",
    "/leszno/topics/seniorzy.ics",
    "/topics/seniorzy.ics",
)


@pytest.fixture(params=["2024-05-28", "2025-12-05", "2025-12-06"])
def deadline(request: pytest.FixtureRequest) -> str:
    """Two and a half years ago; and the days either side of twelve months before 6 December
    2026: an event ending (exclusive end, the day after the deadline) on or before
    6 December 2025 has dropped out, a deadline on 6 December 2025 has not yet."""
    return str(request.param)


@pytest.fixture
def harmonograms(tmp_path: Path, seed_schedule_path: Path, deadline: str) -> Path:
    """Leszno 2024 (the shipped file) with the call recorded, and Leszno 2027."""
    folder = tmp_path / "harmonogramy" / "leszno"
    folder.mkdir(parents=True)
    text = seed_schedule_path.read_text(encoding="utf-8")
    (folder / "2024.toml").write_text(text + CALL_2024.format(deadline=deadline), "utf-8")
    (folder / "2027.toml").write_text(text.replace("2024", "2027"), encoding="utf-8")
    return folder.parent


@pytest.fixture
async def client(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, harmonograms: Path
) -> AsyncIterator[httpx.AsyncClient]:
    settings = load_settings(
        schedule=harmonograms,
        base_url="https://konkursy.example.pl",
        database_url=new_sqlite(tmp_path / "subscribers.db"),
    )
    app: FastAPI = create_app(
        settings, catalog_source=CatalogSource(harmonograms), clock=lambda: DECEMBER_2026
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def deadlines(body: bytes) -> list[date]:
    check_ics(body)
    return [
        e.decoded("DTSTART")
        for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
        if "-termin-" in str(e["UID"]) and str(e["UID"]).startswith("2024-")
    ]


async def test_a_past_years_call_drops_out_of_the_calendars_as_its_windows_do(
    client: httpx.AsyncClient, deadline: str
) -> None:
    day = date.fromisoformat(deadline)
    expected = [day] if day >= date(2025, 12, 6) else []
    for path in FEEDS:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert deadlines(response.content) == expected, path
    atom = (await client.get("/leszno/feed.atom")).text
    assert "ogloszenie-seniorzy-2024" in atom  # the news of it stays
    page = (await client.get("/leszno/2024/")).text
    assert "ogloszenie-seniorzy-2024" in page
