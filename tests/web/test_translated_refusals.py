"""English and Ukrainian answers keep nothing Polish of their own, over HTTP (a real uvicorn):
the cities index's "Bez regionu" heading (issue 25, m1), values quoted in „…” inside English
and Ukrainian refusals, and the refusal of a repeated ?lang= spoken in Polish to a visitor
whose cookie chose English (m9). Quoted values take the marks of the language: “…” in
English, «…» in Ukrainian (notifier.core.language.quoted)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from browser_fixtures import live_server
from fastapi import FastAPI
from server_process import free_port

MARKS = {"pl": ("„", "”"), "en": ("“", "”"), "uk": ("«", "»")}


@pytest.fixture
def url(catalog_app: FastAPI) -> Iterator[str]:
    with live_server(catalog_app, free_port()) as base:
        yield base


@pytest.mark.parametrize(
    ("lang", "heading"), [("pl", "Bez regionu"), ("en", "No region"), ("uk", "Без регіону")]
)
def test_the_cities_without_a_region_are_under_a_heading_in_the_pages_language(
    url: str, lang: str, heading: str
) -> None:
    page = httpx.get(f"{url}/?lang={lang}")
    assert page.status_code == 200
    assert f"<h3>{heading}</h3>" in page.text
    assert "<h3>wielkopolskie</h3>" in page.text  # a region's own name is the file's
    if lang != "pl":
        assert "Bez regionu" not in page.text


# Each refusal echoing a value the visitor sent, and the value as it is quoted.
ECHOED = [
    ("/calendar.ics?alarm=abc", "abc"),
    ("/topics/sport.ics?alarm=99", "99"),
    ("/departments/nie-ma.ics", "nie-ma"),
    ("/departments/nie-ma.atom", "nie-ma"),
    ("/?q=Krak%C3%B3w", "Kraków"),
]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
@pytest.mark.parametrize(("path", "value"), ECHOED, ids=[p for p, _ in ECHOED])
def test_a_value_echoed_in_a_refusal_is_quoted_as_the_language_quotes(
    url: str, lang: str, path: str, value: str
) -> None:
    joiner = "&" if "?" in path else "?"
    answer = httpx.get(f"{url}{path}{joiner}lang={lang}")
    assert answer.status_code in (200, 400, 404), answer.text  # a search finding none: 200
    opening, closing = MARKS[lang]
    assert f"{opening}{value}{closing}" in answer.text, answer.text[:500]
    if lang != "pl":
        assert f"„{value}”" not in answer.text
        assert "Nie ma wydziału" not in answer.text
        assert "Cały kalendarz" not in answer.text


@pytest.mark.parametrize("query", ["lang=en&lang=en", "lang=en&lang=uk"])
@pytest.mark.parametrize(
    ("cookie", "language", "said"),
    [
        ("en", "en", "The parameter lang is given more than once"),
        ("uk", "uk", "Параметр lang вказано більше одного разу"),
        ("pl", "pl", "Parametr lang podano więcej niż raz"),
        (None, "pl", "Parametr lang podano więcej niż raz"),
    ],
)
def test_a_repeated_lang_is_refused_in_the_language_the_cookie_keeps(
    url: str, query: str, cookie: str | None, language: str, said: str
) -> None:
    """m9: `/?lang=en&lang=en` with `Cookie: lang=en` was refused in Polish. The cookie is
    the visitor's own earlier choice: the refusal speaks it (Accept-Language alone still
    chooses nothing here: tests/web/test_edges_8b.py)."""
    headers = {"Cookie": f"lang={cookie}"} if cookie else {"Accept-Language": "en"}
    for path in ("/", "/leszno/", "/nie-ma/"):
        answer = httpx.get(f"{url}{path}?{query}", headers=headers)
        assert answer.status_code == 400
        assert answer.headers["content-language"] == language
        assert said in answer.text
        assert "lang=" not in answer.headers.get("set-cookie", "")
