"""Blind round 8b's minor findings about what answers where: every address under /api/ answers
its 404/405 as the API's Polish JSON (m1), the probes their 400/405 as JSON (m4), a refused
language choice in Polish (m3), and the office pages say they are Polish (m19)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio

API_404 = "Nie ma takiego adresu API. Adresy: /api/tasks, /api/tasks.csv, /api/docs."
API_405 = "Ta metoda nie jest obsługiwana pod tym adresem."


@pytest.mark.parametrize(
    "path",
    [
        "/api",
        "/api/",
        "/api/tasks/",
        "/api/nope/",
        "/api/2024/",
        "/api/leszno/2024/",
        "/api/calendar.ics",
        "/api/feed.atom",
        "/api/x/topics/sport.ics",
        "/api/x/departments/mopr.atom",
    ],
)
async def test_every_address_under_the_api_answers_its_404_as_polish_json(
    client: httpx.AsyncClient, path: str
) -> None:
    """/api/ was the city "api" ("Nie ma takiego miasta", HTML), /api/tasks/ that city's year."""
    for method in ("GET", "HEAD", "POST"):
        answer = await client.request(method, path)
        assert answer.status_code == 404, (method, path)
        assert answer.headers["content-type"] == "application/json", (method, path)
        if method != "HEAD":
            assert answer.json() == {"detail": API_404}


async def test_the_api_s_own_405_stays_json_with_allow(client: httpx.AsyncClient) -> None:
    answer = await client.post("/api/tasks")
    assert answer.status_code == 405
    assert answer.json() == {"detail": API_405}
    assert answer.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
@pytest.mark.parametrize(
    ("method", "query", "status"),
    [
        ("GET", "?%FF", 400),
        ("GET", "?a=%01", 400),
        ("GET", "?lang=xx", 400),
        ("TRACE", "", 405),
        ("POST", "", 405),
        ("DELETE", "", 405),
    ],
)
async def test_the_probes_answer_their_refusals_as_json(
    client: httpx.AsyncClient, probe: str, method: str, query: str, status: int
) -> None:
    answer = await client.request(method, probe + query)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    detail = answer.json()["detail"]
    assert isinstance(detail, str)
    assert detail
    if status == 405:
        assert detail == API_405
        assert answer.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    ["/calendar.ics", "/", "/leszno/", "/feed.atom", "/api/tasks", "/subscribe", "/nope/"],
)
@pytest.mark.parametrize("query", ["lang=en&lang=uk", "lang=uk&lang=en", "lang=en&lang=en"])
@pytest.mark.parametrize("accept", ["en", "uk"])
async def test_a_repeated_lang_is_refused_in_polish(
    client: httpx.AsyncClient, path: str, query: str, accept: str
) -> None:
    """m3: "The parameter lang is given more than once" — the refusal of the choice spoke one
    of the languages it refused (and the visitor's Accept-Language is not asked either)."""
    answer = await client.get(f"{path}?{query}", headers={"Accept-Language": accept})
    assert answer.status_code == 400
    assert "Parametr lang podano więcej niż raz" in answer.text
    assert answer.headers.get("content-language", "pl") == "pl"
    assert "lang=" not in answer.headers.get("set-cookie", "")  # nothing chosen, nothing kept


@pytest.mark.parametrize(
    "path", ["/biuro/", "/biuro", "/biuro/leszno/", "/biuro/wejscie/abc", "/biuro/nope/2024/"]
)
@pytest.mark.parametrize("accept", ["pl", "en", "uk"])
async def test_office_pages_say_they_are_polish(
    client: httpx.AsyncClient, path: str, accept: str
) -> None:
    """m19: public pages send Content-Language; the office's (Polish only) did not."""
    answer = await client.get(path, headers={"Accept-Language": accept})
    assert answer.headers["content-language"] == "pl"
