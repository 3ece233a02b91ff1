"""Calls on the page (statuses, "Trwające nabory", deadline marks), in /api/tasks and export."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from schedule_text import SENIORS, SPORT, SPORT_CALL

from notifier.cli.main import main
from notifier.core.announcements import TaskFilter, group_announcements, select
from notifier.core.schedule_toml import parse_schedule
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.page_calls import bar_state
from notifier.web.timeline import BarState

ON_20_MAY = datetime(2024, 5, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def called_file(schedule_file: Path) -> Path:
    schedule_file.write_text(schedule_file.read_text(encoding="utf-8") + SPORT_CALL, "utf-8")
    return schedule_file


def client_for(schedule_file: Path, now: datetime) -> httpx.AsyncClient:
    app = create_app(load_settings(schedule=schedule_file), clock=lambda: now)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def status_of(html: str, key: str) -> str:
    row = html[html.index(f'data-task="{key}"') :]
    row = row[: row.index("</tr>")]
    found = re.search(r'data-status="([^"]+)">([^<]+)<', row)
    assert found is not None, row
    return f"{found[1]}: {found[2]}"


@pytest.mark.anyio
async def test_the_page_shows_open_calls_statuses_and_deadline_marks(
    clean_env: pytest.MonkeyPatch, called_file: Path
) -> None:
    async with client_for(called_file, ON_20_MAY) as client:
        html = (await client.get("/")).text
        seniors_view = (await client.get("/?topic=seniorzy")).text
    box = html[html.index('id="nabory"') : html.index('id="kalendarz"')]
    assert "Trwające nabory" in box
    assert "Rozwój sportu – II tura" in box
    assert "Oferty do <strong>28 maja 2024, godz. 15:30</strong> – zostało 8 dni" in box
    assert "kwota: 150\u00a0000 zł" in box
    assert 'href="https://bip.example.org/ogloszenie-123"' in box
    assert (
        status_of(html, SPORT)
        == "ogloszony: ogłoszony (oferty do 28 maja 2024, godz. 15:30, 8 dni)"
    )
    assert status_of(html, SENIORS) == "spodziewany: spodziewany"
    assert status_of(html, "mopr/profilaktyka-rodzina") == (
        "opozniony: opóźniony (termin minął 31 marca 2024, brak ogłoszenia)"
    )
    assert 'class="tl-deadline"' in html
    assert "28 maja 2024 – Termin składania ofert: Rozwój sportu – II tura" in html
    assert 'id="nabory"' not in seniors_view  # the call is not in this view
    assert 'class="tl-deadline"' not in seniors_view


@pytest.mark.anyio
async def test_no_box_when_no_call_is_open(
    clean_env: pytest.MonkeyPatch, called_file: Path
) -> None:
    async with client_for(called_file, datetime(2024, 6, 21, 10, tzinfo=UTC)) as client:
        html = (await client.get("/")).text
    assert 'id="nabory"' not in html
    assert status_of(html, SPORT) == "rozstrzygniety: rozstrzygnięty 20 czerwca 2024"
    assert 'href="https://bip.example.org/wyniki-123">Wyniki</a>' in html


@pytest.mark.anyio
async def test_api_tasks_adds_each_tasks_call_and_status(
    clean_env: pytest.MonkeyPatch, called_file: Path
) -> None:
    async with client_for(called_file, ON_20_MAY) as client:
        document = (await client.get("/api/tasks")).json()
        sheet = (await client.get("/api/tasks.csv")).content.decode("utf-8-sig")
    tasks = {t["key"]: t for t in document["tasks"]}
    sport = tasks[SPORT]
    assert document["today"] == "2024-05-20"
    assert sport["status"] == "ogloszony"
    assert sport["call"] == {
        "key": sport["call"]["key"],
        "tasks": [SPORT],
        "published": "2024-05-06",
        "url": "https://bip.example.org/ogloszenie-123",
        "deadline": "2024-05-28T15:30:00+02:00",
        "title": "Otwarty konkurs ofert – sport 2024",
        "amount": 150000.0,
        "results": {"date": "2024-06-20", "url": "https://bip.example.org/wyniki-123"},
    }
    assert sport["period"] == "Maj 2024"  # every field the API had stays
    assert tasks[SENIORS]["call"] is None
    assert tasks[SENIORS]["status"] == "spodziewany"
    assert "ogłoszono;oferty do;ogłoszenie" in sheet.splitlines()[0]
    assert "2024-05-06;28 maja 2024, godz. 15:30;https://bip.example.org/ogloszenie-123" in sheet


def test_export_prints_the_calls_too(
    clean_env: pytest.MonkeyPatch, called_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--schedule", str(called_file), "--topic", "sport"]) == 0
    document = json.loads(capsys.readouterr().out)
    (sport,) = document["tasks"]
    assert sport["call"]["deadline"] == "2024-05-28T15:30:00+02:00"
    assert sport["status"] == "rozstrzygniety"  # as of today: the results are out


def test_a_timeline_row_half_called_counts_each_state(seed_schedule_path: Path) -> None:
    """A call for two of the three tasks of Rozwój's March–April window: the row says how
    many tasks are in which state; the table's rows say the same one by one."""
    call = '\n[[calls]]\ntasks = ["rozwoj/integracja-cudzoziemcow", "rozwoj/rewitalizacja"]\n'
    call += 'published = 2024-03-04\nurl = "https://bip.example.org/o"\ndeadline = 2024-03-29\n'
    schedule = parse_schedule(seed_schedule_path.read_text(encoding="utf-8") + call)
    rows = {
        item.announcement.department.id: bar_state(schedule, item, date(2024, 3, 20))
        for item in select(group_announcements(schedule))
        if item.announcement.start == date(2024, 3, 1)
    }
    assert rows["rozwoj"] == BarState("ogloszony", "ogłoszony: 2 zadania; spodziewany: 1 zadanie")
    assert all(state is None for dept, state in rows.items() if dept != "rozwoj")
    closed = {
        item.announcement.department.id: bar_state(schedule, item, date(2024, 4, 2))
        for item in select(group_announcements(schedule), TaskFilter(frozenset({"rewitalizacja"})))
    }
    assert closed["rozwoj"] == BarState("nabor-zakonczony", "nabór zakończony 29 marca 2024")
