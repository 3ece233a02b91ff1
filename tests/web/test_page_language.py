"""Choosing the page's language over HTTP: ?lang=, the cookie, Accept-Language, the switch."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.anyio


def switch(page: str) -> dict[str, str]:
    """The language switch's links: {language: href} (the current one has none)."""
    nav = re.search(r'<nav class="languages".*?</nav>', page, re.DOTALL)
    assert nav is not None
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav.group(0))
    return {lang: href.replace("&amp;", "&") for href, lang in links}


async def test_a_first_visit_follows_accept_language(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert response.status_code == 200
    assert '<html lang="uk">' in response.text
    assert response.headers["content-language"] == "uk"
    assert "Accept-Language" in response.headers["vary"]
    assert "set-cookie" not in response.headers


async def test_lang_chooses_and_the_cookie_remembers(client: httpx.AsyncClient) -> None:
    response = await client.get("/?lang=en", headers={"Accept-Language": "uk"})
    assert '<html lang="en">' in response.text
    assert response.headers["content-language"] == "en"
    assert "lang=en" in response.headers["set-cookie"]
    again = await client.get("/", headers={"Accept-Language": "uk"})
    assert '<html lang="en">' in again.text
    back = await client.get("/?lang=pl")
    assert '<html lang="pl">' in back.text
    assert "lang=pl" in back.headers["set-cookie"]


async def test_without_a_choice_the_page_is_polish(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"Accept-Language": "de-DE,fr;q=0.5"})
    assert '<html lang="pl">' in response.text
    assert response.headers["content-language"] == "pl"


async def test_every_page_links_itself_in_the_other_languages(client: httpx.AsyncClient) -> None:
    page = (await client.get("/?topic=sport&alarm=7&lang=uk")).text
    links = switch(page)
    assert links == {"pl": "/?topic=sport&alarm=7&lang=pl", "en": "/?topic=sport&alarm=7&lang=en"}
    assert '<strong aria-current="true" lang="uk">Українська</strong>' in page
    client.cookies.clear()
    missing = (await client.get("/nie-ma-takiej-strony/x", headers={"Accept-Language": "en"})).text
    assert '<html lang="en">' in missing
    assert set(switch(missing)) == {"pl", "uk"}


async def test_feeds_follow_lang_alone(client: httpx.AsyncClient) -> None:
    plain = await client.get(
        "/calendar.ics", headers={"Accept-Language": "uk", "Cookie": "lang=uk"}
    )
    assert plain.status_code == 200
    assert "set-cookie" not in plain.headers
    assert "content-language" not in plain.headers


async def test_a_feed_asked_in_english_speaks_english_and_keeps_its_versions(
    client: httpx.AsyncClient,
) -> None:
    polish = await client.get("/calendar.ics")
    english = await client.get("/calendar.ics?lang=en")
    ukrainian = await client.get("/calendar.ics?lang=uk")
    assert english.headers["content-language"] == "en"
    assert "X-WR-CALNAME:Calls for proposals Leszno 2024" in english.text
    assert "Expected announcement of an open call for proposals" in english.text
    assert "Конкурси пропозицій Leszno 2024" in ukrainian.text
    assert "X-WR-CALNAME:Konkursy ofert Leszno 2024" in polish.text
    assert english.headers["etag"] != polish.headers["etag"]
    again = await client.get("/calendar.ics")
    assert again.text.replace("\r\n ", "").count("SEQUENCE:0") == polish.text.count("SEQUENCE:0")
    alarm = await client.get("/calendar.ics?lang=en&alarm=3")
    assert "DESCRIPTION:In 3 days: " in alarm.text


async def test_an_english_page_offers_english_feeds(client: httpx.AsyncClient) -> None:
    page = (await client.get("/?lang=en&topic=sport")).text
    assert "/topics/sport.ics?lang=en" in page
    assert "feed.atom?topic=sport&amp;lang=en" in page
    polish = (await client.get("/?lang=pl&topic=sport")).text
    outside_switch = re.sub(r'<nav class="languages".*?</nav>', "", polish, flags=re.DOTALL)
    assert "?lang=" not in outside_switch
    assert "&amp;lang=" not in outside_switch


async def test_atom_speaks_the_asked_language_and_links_itself_so(
    client: httpx.AsyncClient,
) -> None:
    atom = await client.get("/feed.atom?lang=uk")
    assert atom.status_code == 200
    assert 'href="http://test.local/feed.atom?lang=uk"' in atom.text or "lang=uk" in atom.text
    assert "Оголошені відкриті конкурси пропозицій" in atom.text
    assert 'xml:lang="uk"' in atom.text


async def test_en_and_uk_paths_lead_to_the_home_page_in_that_language(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/uk/", "/uk", "/en/"):
        answer = await client.get(path)
        assert answer.status_code == 302
        assert answer.headers["location"] == f"/?lang={path.strip('/')}"
    page = await client.get("/uk/", follow_redirects=True)
    assert '<html lang="uk">' in page.text


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/en/calendar.ics", "/calendar.ics?lang=en"),
        ("/uk/feed.atom", "/feed.atom?lang=uk"),
        ("/en/leszno/", "/leszno/?lang=en"),
        ("/uk/topics/sport.ics?alarm=7", "/topics/sport.ics?alarm=7&lang=uk"),
        ("/en/api/tasks?year=2024&lang=uk", "/api/tasks?year=2024&lang=en"),
        ("/pl/leszno/2024/", "/leszno/2024/?lang=pl"),
        ("/en//evil.example/", "/evil.example/?lang=en"),
        ("/en/%5Cevil.example/", "/evil.example/?lang=en"),
        ("/en/nope%20x", "/nope%20x?lang=en"),
    ],
)
async def test_every_address_under_a_language_prefix_leads_to_it_in_that_language(
    client: httpx.AsyncClient, path: str, location: str
) -> None:
    """M1: /en/calendar.ics was a 404 calling "en" a city, while /en/ led home: one rule for
    every prefix and every address (pages, feeds, API), and never to another site."""
    answer = await client.head(path)
    assert answer.status_code == 302
    assert answer.headers["location"] == location


async def test_a_feed_under_a_language_prefix_is_that_feed_and_no_city(
    client: httpx.AsyncClient,
) -> None:
    for path, lang in (("/en/calendar.ics", "en"), ("/uk/feed.atom", "uk")):
        answer = await client.get(path, follow_redirects=True)
        assert answer.status_code == 200, answer.text
        assert (await client.get(f"{path.removeprefix('/' + lang)}?lang={lang}")).content == (
            answer.content
        )
        assert "city: en" not in answer.text
        assert "місто: uk" not in answer.text


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("lang=uk&alarm=9999", "alarm: будь ласка, вкажіть кількість днів до терміну, від 1 до 60"),
        ("lang=en&alarm=0", "alarm: please give a number of days before the date, from 1 to 60"),
        ("lang=en&topic=nie-ma", "unknown topic: nie-ma. Available topics: "),
        ("lang=uk&department=nie-ma", "невідомий відділ: nie-ma. Доступні відділи: "),
        ("lang=en&city=nie-ma", "unknown city: nie-ma. Available cities: "),
        ("alarm=9999", "alarm: prosimy podać liczbę dni przed terminem, od 1 do 60"),
    ],
)
async def test_a_feeds_refusal_speaks_the_asked_language(
    client: httpx.AsyncClient, query: str, says: str
) -> None:
    answer = await client.get(f"/calendar.ics?{query}")
    assert answer.status_code == 400
    assert says in answer.text, answer.text


@pytest.mark.parametrize(
    ("path", "lang"), [("/uk/nope/", "uk"), ("/en/nope", "en"), ("/pl/x", "pl")]
)
async def test_a_missing_page_under_a_language_answers_in_it(
    client: httpx.AsyncClient, path: str, lang: str
) -> None:
    answer = await client.get(path, headers={"accept-language": "pl"}, follow_redirects=True)
    assert answer.status_code == 404
    assert f'<html lang="{lang}">' in answer.text
    assert answer.headers["content-language"] == lang


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/nope/?lang=en", ["No such city", "We have no schedule for the city “nope”."]),
        ("/leszno/1999/?lang=uk", ["Графіка за цей рік немає", "у нас є графіки за роки: 2024."]),
        ("/uk/nope/", ["Такого міста немає", "У нас немає графіка міста «nope»."]),
        ("/leszno/x/?lang=en", ["No schedule for this year", "the years: 2024."]),
        ("/api/tasks?lang=en&year=x", ["the year must be a number, e.g. ?year=2025 (given: x)"]),
        ("/api/tasks.csv?lang=uk&year=x", ["рік має бути числом"]),
    ],
)
async def test_an_unknown_city_or_year_is_told_in_the_asked_language(
    client: httpx.AsyncClient, path: str, says: list[str]
) -> None:
    answer = await client.get(path, follow_redirects=True)
    assert answer.status_code in (400, 404)
    for words in says:
        assert words in answer.text, answer.text
    assert "Nie ma" not in answer.text
    assert "rok musi" not in answer.text


@pytest.mark.parametrize(
    "path", ["//evil.example/x", "//evil.example/", "/\\evil.example/", "///evil.example/leszno/"]
)
async def test_the_language_switch_never_links_another_site(
    client: httpx.AsyncClient, path: str
) -> None:
    """Blind round 9b (F1): the switch wrote the request's path back as it came, so a page
    asked for as //evil.example/.. linked its other languages to //evil.example/…, which a
    browser opens on that host. Every link of the switch is a path of this site."""
    page = await client.get(httpx.URL("http://test" + path.replace("\\", "%5C")))
    links = switch(page.text)
    assert links, page.text[:300]
    for href in links.values():
        assert href.startswith("/")
        assert not href.startswith(("//", "/\\", "/%5C")), href


async def test_a_path_with_odd_characters_is_linked_percent_encoded(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/nie-ma/a%3Fb%23c%20d")
    assert set(switch(page.text).values()) >= {"/nie-ma/a%3Fb%23c%20d?lang=en"}
