"""The cities' index offers the city pages' subscribe buttons for ticked cities, a topic and an
alarm: a plain GET form (no JavaScript needed) whose reload carries the feed of the choice."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from catalog_fixtures import BASE_URL
from ical_checks import calendar_properties

pytestmark = pytest.mark.anyio


def links_of(page: str) -> dict[str, str]:
    found = dict(re.findall(r'data-subscribe="(\w+)" href="([^"]+)"', page))
    found["https"] = unescape(re.search(r'id="feed-url"[^>]* value="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    return {name: unescape(href) for name, href in found.items()}


async def test_the_index_offers_the_buttons_for_every_city_until_some_are_ticked(
    catalog_client: httpx.AsyncClient,
) -> None:
    page = (await catalog_client.get("/")).text
    links = links_of(page)
    assert links["https"] == f"{BASE_URL}/calendar.ics"
    assert "Kalendarz: <strong>Konkursy ofert – wszystkie miasta</strong>" in page
    assert '<form method="get" action="/#kalendarz" class="calendar-choice">' in page
    assert "?city=" not in page.split('id="kalendarz"', 1)[1].split("</section>", 1)[0]


async def test_ticked_cities_a_topic_and_an_alarm_make_one_feed_on_every_button(
    catalog_client: httpx.AsyncClient,
) -> None:
    query = "city=zielona-gora&city=leszno&topic=sport&alarm=7"
    page = (await catalog_client.get(f"/?{query}")).text
    feed = f"{BASE_URL}/calendar.ics?city=leszno&city=zielona-gora&topic=sport&alarm=7"
    links = links_of(page)
    assert links["https"] == feed
    assert links["apple"] == feed.replace("https://", "webcal://")
    assert parse_qs(urlsplit(links["google"]).query)["cid"] == [links["apple"]]
    name = "Konkursy ofert Leszno, Zielona Góra – Sport i kultura fizyczna"
    for button in ("outlook", "microsoft365"):
        assert parse_qs(urlsplit(links[button]).query) == {"url": [feed], "name": [name]}
    assert 'value="leszno" data-name="Leszno" checked' in page
    assert 'value="przykladowo" data-name="Przykładowo">' in page
    assert '<option value="sport" selected>' in page
    assert '<option value="7" selected>7 dni wcześniej</option>' in page
    # The feed answers, and is the calendar the name says.
    answer = await catalog_client.get(feed.removeprefix(BASE_URL))
    assert answer.status_code == 200
    assert calendar_properties(answer.content)["X-WR-CALNAME"] == name


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("city=warszawa", "nieznane miasto: warszawa"),
        ("topic=pilka", "pilka"),
        ("alarm=99", "alarm"),
    ],
)
async def test_an_unknown_choice_is_a_polish_400_leading_back_to_the_form(
    catalog_client: httpx.AsyncClient, query: str, says: str
) -> None:
    answer = await catalog_client.get(f"/?{query}")
    assert answer.status_code == 400
    assert says in answer.text
    assert 'href="/#kalendarz"' in answer.text
