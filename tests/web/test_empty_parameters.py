"""A query parameter given without a value (?topic=) names no id: every filter of every route
says so, naming the parameter and what there is, instead of "nieznany temat: ." (blind round
five, k2) — in Polish on the feeds and the API, in the reader's language on the pages. The
cross-city page's own form, whose "every topic" and "no reminder" are empty values, still
answers."""

from __future__ import annotations

import html
import re

import httpx
import pytest

pytestmark = pytest.mark.anyio

# (URL, the parameter) across the cities: feeds, Atom, the API (JSON and CSV), pages
AMONG_CITIES = [
    ("/calendar.ics?topic=", "topic"),
    ("/topics/sport.ics?city=", "city"),
    ("/feed.atom?topic=", "topic"),
    ("/api/tasks?topic=", "topic"),
    ("/api/tasks.csv?topic=&topic=sport", "topic"),
    ("/calendar.ics?city=", "city"),
    ("/api/tasks?city=", "city"),
    ("/calendar.ics?region=", "region"),
    ("/leszno/calendar.ics?department=", "department"),
    ("/leszno/feed.atom?department=", "department"),
    ("/feed.atom?year=", "year"),
    ("/api/tasks?year=", "year"),
    ("/calendar.ics?alarm=", "alarm"),
    ("/leszno/?topic=", "topic"),
    ("/leszno/?lang=", "lang"),
]


def _text(response: httpx.Response) -> str:
    if response.headers["content-type"].startswith("application/json"):
        return str(response.json()["detail"])
    return html.unescape(response.text)


@pytest.mark.parametrize(("url", "name"), AMONG_CITIES)
async def test_an_empty_parameter_is_refused_naming_it(
    catalog_client: httpx.AsyncClient, url: str, name: str
) -> None:
    response = await catalog_client.get(url)
    assert response.status_code == 400, url
    text = _text(response)
    assert f"parametr {name}= jest pusty – prosimy wpisać po „=”" in text, text
    assert "albo usunąć ten parametr z adresu" in text
    assert re.search(r"nieznan\w+ \w+: \.", text) is None  # "nieznany temat: ."
    assert "a nie ''" not in text


async def test_the_empty_parameter_names_what_there_is(catalog_client: httpx.AsyncClient) -> None:
    cities = await catalog_client.get("/calendar.ics?city=")
    assert cities.text == (
        "parametr city= jest pusty – prosimy wpisać po „=” jedno z miast albo usunąć ten "
        "parametr z adresu. Dostępne miasta: leszno, przykladowo, zielona-gora\n"
    )
    years = await catalog_client.get("/leszno/feed.atom?year=")
    assert years.text.endswith("Dostępne lata: 2024, 2025\n")
    both = await catalog_client.get("/calendar.ics?topic=&topic=pilka")
    assert both.text.splitlines()[0].startswith("parametr topic= jest pusty")
    assert both.text.splitlines()[1].startswith("nieznany temat: pilka. Dostępne tematy:")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl", "parametr topic= jest pusty"),
        ("en", "the parameter topic= is empty – please write one of the topics"),
        ("uk", "параметр topic= порожній – будь ласка, впишіть після «=» одну з тем"),
    ],
)
async def test_a_page_says_so_in_the_readers_language(
    catalog_client: httpx.AsyncClient, client: httpx.AsyncClient, language: str, words: str
) -> None:
    city = await catalog_client.get("/leszno/?topic=", headers={"Accept-Language": language})
    assert city.status_code == 400
    assert words in html.unescape(city.text)
    lone = {
        "pl": "Parametr topic= w adresie jest pusty – nie wybrano tematu.",
        "en": "The parameter topic= in the address is empty – no topic is chosen.",
        "uk": "Параметр topic= в адресі порожній – тему не вибрано.",
    }
    page = await client.get("/?topic=", headers={"Accept-Language": language})
    assert page.status_code == 400
    assert lone[language] in html.unescape(page.text)


async def test_the_cross_city_forms_empty_choices_still_answer(
    catalog_client: httpx.AsyncClient,
) -> None:
    """Its <select>s send "" for "every topic" and "no reminder": that is a choice."""
    page = await catalog_client.get("/?city=leszno&topic=&alarm=")
    assert page.status_code == 200
