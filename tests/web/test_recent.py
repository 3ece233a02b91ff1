"""Every page advertises its Atom feed and lists its newest entries ("Ostatnie zmiany"):
the same calls, results and moved windows, with dates, as the feed it links."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import httpx
import pytest
from catalog_fixtures import record_przykladowo_call
from fastapi import FastAPI
from schedule_text import SPORT_CALL
from web_fixtures import write_and_bump

from notifier.web.recent import RECENT_SHOWN
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

AUTODISCOVERY = re.compile(
    r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"'
)


def recent_titles(page: str) -> list[str]:
    """The titles listed under "Ostatnie zmiany", in order."""
    section = page.split('id="zmiany"', 1)[1].split("</section>", 1)[0]
    return [html_text(t) for t in re.findall(r'</time> – <a href="[^"]*">([^<]*)</a>', section)]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def html_text(text: str) -> str:
    return text.replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&")


async def assert_page_shows_its_feed(client: httpx.AsyncClient, page_path: str) -> str:
    """The page's autodiscovered feed exists and its newest entries are the page's list."""
    page = (await client.get(page_path)).text
    (atom,) = AUTODISCOVERY.findall(page)
    atom = html_text(atom)
    feed = await client.get(atom)
    assert feed.status_code == 200, atom
    parsed = feedparser.parse(feed.content)
    assert recent_titles(page) == [e.title for e in parsed.entries][:RECENT_SHOWN]
    return atom


async def test_each_city_page_advertises_its_feed_and_lists_its_news(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path
) -> None:
    record_przykladowo_call(catalog_app, catalog_dir)
    expected = {
        "/": "/feed.atom",
        "/przykladowo/": "/przykladowo/feed.atom",
        "/przykladowo/2025/?topic=sport": "/przykladowo/feed.atom?topic=sport",
        "/leszno/": "/leszno/feed.atom",
        "/leszno/2024/?department=mopr": "/leszno/feed.atom?department=mopr",
    }
    for page, atom in expected.items():
        assert await assert_page_shows_its_feed(catalog_client, page) == atom
    home = (await catalog_client.get("/")).text
    assert recent_titles(home)[0].startswith("Przykładowo: Ogłoszono konkurs: ")
    assert '<time datetime="2025-02-03">3 lutego 2025</time>' in home
    assert "Ogłoszono konkurs" not in (await catalog_client.get("/leszno/")).text
    missing = (await catalog_client.get("/nie-ma-takiego-miasta/")).text
    assert AUTODISCOVERY.findall(missing) == ["/feed.atom"]  # every page, errors too


async def test_the_one_harmonograms_page_lists_calls_results_and_moved_windows(
    app: FastAPI, client: httpx.AsyncClient, schedule_file: Path
) -> None:
    text = read(schedule_file)
    assert await assert_page_shows_its_feed(client, "/") == "/feed.atom"
    assert "Nie odnotowaliśmy jeszcze" in (await client.get("/")).text
    moved = text.replace('period = "Czerwiec 2024"', 'period = "Lipiec 2024"', 1)
    write_and_bump(schedule_file, moved + SPORT_CALL)
    app_state(app).catalog_source.settle()
    assert await assert_page_shows_its_feed(client, "/") == "/feed.atom"
    page = (await client.get("/")).text
    titles = recent_titles(page)
    assert "Zmiana terminu: Wsparcie seniorów" in titles
    assert any(t.startswith("Wyniki konkursu: ") for t in titles)
    assert any(t.startswith("Ogłoszono konkurs: ") for t in titles)
    assert "„Czerwiec 2024” (1 czerwca – 30 czerwca 2024) → „Lipiec 2024”" in html_text(page)
    sport = await assert_page_shows_its_feed(client, "/?topic=seniorzy")
    assert sport == "/feed.atom?topic=seniorzy"
