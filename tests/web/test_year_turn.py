"""The service on 6 December 2026 with Leszno 2024 and 2027 (no 2026 file) and Zielona Góra
2025 (tests/december_fixtures.py): what a page says where the year turns (issue 24)."""

from __future__ import annotations

import re

import httpx
import pytest
from december_fixtures import CALLED_2027


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
    assert f"Styczeń 2027 · 1 stycznia – 31 stycznia 2027 · {text}" in sport
    assert f'class="tl-state status-ogloszony" data-status="ogloszony">{text}<' in html
    [seniors] = [r for r in timeline_rows(html) if "Aktywizacja i integracja osób" in r]
    assert "ogłoszony" not in seniors
    assert "Luty 2027" in seniors
