"""The service on 6 December 2026 with Leszno 2024 and 2027 (no 2026 file) and Zielona Góra
2025 (tests/december_fixtures.py): what a page says where the year turns (issue 24)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from december_fixtures import CALLED_2027, DECEMBER_2026

from notifier.settings import load_settings
from notifier.web.app import create_app


def timeline_rows(html: str) -> list[str]:
    """Each timeline row's summary as text (tags dropped, spaces collapsed)."""
    rows = re.findall(r'<details class="tl-row[^"]*">\s*<summary>(.*?)</summary>', html, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]


def table_status(html: str, key: str) -> tuple[str, str]:
    row = html[html.index(f'data-task="{key}"') :]
    row = row[: row.index("</tr>")]
    found = re.search(r'data-status="([^"]+)">([^<]+)<', row)
    assert found is not None, row
    return found[1], found[2]


@pytest.mark.anyio
async def test_a_called_window_is_no_plain_coming_row_on_the_timeline(
    december_client: httpx.AsyncClient,
) -> None:
    html = (await december_client.get("/leszno/2027/")).text
    value, text = table_status(html, CALLED_2027)
    assert (value, text) == ("ogloszony", "ogłoszony (oferty do 22 grudnia 2026, 16 dni)")
    [sport] = [r for r in timeline_rows(html) if "Rozwój sportu – I tura 2027" in r]
    assert f"Styczeń 2027 (1 stycznia – 31 stycznia 2027) · {text}" in sport
    assert f'class="tl-state status-ogloszony" data-status="ogloszony">{text}<' in html
    [seniors] = [r for r in timeline_rows(html) if "Aktywizacja i integracja osób" in r]
    assert "ogłoszony" not in seniors
    assert "Luty 2027" in seniors


def statuses(html: str) -> list[str]:
    return re.findall(r'data-status="([^"]+)"', html)


@pytest.mark.anyio
async def test_the_city_page_shows_the_next_harmonogram_when_none_covers_today(
    december_client: httpx.AsyncClient,
) -> None:
    html = (await december_client.get("/leszno/")).text
    assert "Harmonogram ogłaszania otwartych konkursów ofert w 2027 roku" in html
    assert "Ten harmonogram już minął" not in html
    assert "opozniony" not in statuses(html)
    index = (await december_client.get("/")).text
    leszno = index[index.index('href="/leszno/"') :][:400]
    assert "5 zadań" in leszno  # the 2027 harmonogram's tasks, not 2024's 31


@pytest.mark.anyio
async def test_a_past_years_page_links_the_current_one_and_is_not_late(
    december_client: httpx.AsyncClient,
) -> None:
    html = (await december_client.get("/leszno/2024/")).text
    banner = html[html.index('class="banner"') :]
    banner = banner[: banner.index("</p>")]
    assert "Ten harmonogram już minął." in banner
    assert "Jest już nowszy harmonogram – na 2027 rok." in banner
    assert "Nowszego harmonogramu jeszcze tu nie ma" not in banner
    assert '<a href="https://konkursy.example.pl/leszno/2027/">Aktualny harmonogram: ' in banner
    found = statuses(html)
    assert "opozniony" not in found
    assert found.count("nieodnotowany") >= 20
    assert "nie odnotowano ogłoszenia (termin minął 31 marca 2024)" in html
    assert "brak ogłoszenia" not in html
    assert "Zapis obejmuje też harmonogram na 2027 rok." in html
    assert "gdy tylko się tu pojawi" not in html


@pytest.mark.anyio
async def test_one_past_harmonogram_alone_is_not_late_and_waits_for_the_next(
    clean_env: pytest.MonkeyPatch, schedule_file: Path
) -> None:
    app = create_app(load_settings(schedule=schedule_file), clock=lambda: DECEMBER_2026)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        html = (await client.get("/")).text
    assert "Ten harmonogram już minął." in html
    assert "Nowszego harmonogramu jeszcze tu nie ma" in html
    assert "Zapis obejmie też kolejny harmonogram, gdy tylko się tu pojawi." in html
    assert "opozniony" not in statuses(html)
    assert "nieodnotowany" in statuses(html)


@pytest.mark.anyio
async def test_no_task_of_a_past_year_is_expected_dated_or_not(
    december_client: httpx.AsyncClient,
) -> None:
    """M24: on 7 December 2026 the undated 2024 tasks (period "-") are not "spodziewany"
    while the dated ones say "nie odnotowano ogłoszenia": no past year's task is expected,
    on the page and in the API alike."""
    html = (await december_client.get("/leszno/2024/")).text
    assert "spodziewany" not in statuses(html)
    answer = (await december_client.get("/api/tasks?city=leszno&year=2024")).json()
    tasks = answer["tasks"]
    undated = [t for t in tasks if t["period"] == "-"]
    assert undated, answer
    assert {t["status"] for t in tasks} <= {"nieodnotowany", "rozstrzygniety", "nabor-zakonczony"}
    assert {t["status_text"] for t in undated} == {"nie odnotowano ogłoszenia"}
