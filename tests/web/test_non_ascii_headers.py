"""A region, city or topic with Polish letters never breaks a feed's headers (F25: łódzkie → 500)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from web_fixtures import write_and_bump

from notifier.web.feed_fast import disposition
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio


def test_a_non_ascii_file_name_is_sent_as_rfc_6266_with_an_ascii_fallback() -> None:
    assert disposition("inline", "konkursy.ics") == 'inline; filename="konkursy.ics"'
    assert disposition("attachment", 'Łódzkie "śląsk".ics') == (
        'attachment; filename="Lodzkie _slask_.ics"; '
        "filename*=UTF-8''%C5%81%C3%B3dzkie%20%22%C5%9Bl%C4%85sk%22.ics"
    )


async def test_every_feed_of_a_region_with_polish_letters_answers_200(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path
) -> None:
    path = catalog_dir / "przykladowo-2025.toml"
    text = path.read_text(encoding="utf-8")
    write_and_bump(
        path, text.replace('city = "Przykładowo"', 'city = "Przykładowo"\nregion = "łódzkie"')
    )
    app_state(catalog_app).catalog_source.settle()
    region = quote("łódzkie")
    for route in (
        f"/calendar.ics?region={region}",
        f"/feed.atom?region={region}",
        f"/topics/sport.ics?region={region}",
        f"/api/tasks.csv?region={region}",
        "/przykladowo/calendar.ics",
        "/przykladowo/feed.atom",
        "/zielona-gora/calendar.ics",
    ):
        response = await catalog_client.get(route)
        assert response.status_code == 200, route
        for value in response.headers.values():
            assert value.isascii(), (route, value)
    answer = await catalog_client.get(f"/calendar.ics?region={region}")
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    assert "przyk" in answer.text.lower()
