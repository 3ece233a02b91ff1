"""Every query and path parameter of every route is checked by one rule (issue 25): a Polish
400 — JSON for the API, plain text for feeds, a page otherwise — never a 500 or English;
and the API's own 404 and 405 are Polish JSON too."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio

ROUTES = ["/api/tasks", "/api/tasks.csv", "/calendar.ics", "/feed.atom", "/", "/topics/sport.ics"]
ANY_ROUTE = {
    "5,000 digits": "year=" + "9" * 5000,
    "BEL in a value": "topic=sport%07",
    "ESC in a name": "%1B%5B2J=1",
    "DEL": "topic=%7F",
    "bidi override": "topic=%E2%80%AEtrops",
    "C1 CSI": "topic=%C2%9B",
    "not UTF-8": "topic=%FF%FE",
    "long value": "topic=" + "a" * 201,
    "too many": "&".join(["topic=sport"] * 101),
}
NUMBERS = {  # (routes, query): the routes that read that number
    "year superscript two": (["/api/tasks", "/api/tasks.csv"], "year=%C2%B2"),
    "year circled one": (["/api/tasks", "/api/tasks.csv"], "year=%E2%91%A0"),
    "year arabic-indic three": (["/api/tasks", "/api/tasks.csv"], "year=%D9%A3"),
    "year of five digits": (["/api/tasks", "/api/tasks.csv"], "year=20245"),
    "alarm superscript two": (["/calendar.ics", "/", "/topics/sport.ics"], "alarm=%C2%B2"),
    "alarm of 100 digits": (["/calendar.ics", "/", "/topics/sport.ics"], "alarm=" + "7" * 100),
    # M15: one spelling per number: no space around it, no leading zero, whatever its length
    "year with spaces": (["/api/tasks", "/api/tasks.csv", "/feed.atom"], "year=%202024%20"),
    "year with a plus": (["/api/tasks", "/api/tasks.csv", "/feed.atom"], "year=+2024"),
    "year with a tab": (["/api/tasks", "/feed.atom"], "year=2024%09"),
    "year with a leading zero": (["/api/tasks", "/api/tasks.csv", "/feed.atom"], "year=02024"),
    "alarm with a space": (["/calendar.ics", "/", "/topics/sport.ics"], "alarm=%207"),
    "alarm with a leading zero": (["/calendar.ics", "/", "/topics/sport.ics"], "alarm=07"),
    "alarm with leading zeros": (["/calendar.ics", "/", "/topics/sport.ics"], "alarm=0007"),
}
CASES = [(route, q) for q in ANY_ROUTE.values() for route in ROUTES] + [
    (route, q) for routes, q in NUMBERS.values() for route in routes
]
IDS = [f"{name}-{route}" for name in ANY_ROUTE for route in ROUTES] + [
    f"{name}-{route}" for name, (routes, _) in NUMBERS.items() for route in routes
]


@pytest.mark.parametrize(("route", "query"), CASES, ids=IDS)
async def test_a_bad_parameter_is_a_polish_400(
    client: httpx.AsyncClient, route: str, query: str
) -> None:
    response = await client.get(f"{route}?{query}")
    assert response.status_code == 400
    text = response.json()["detail"] if route.startswith("/api/") else response.text
    assert any(w in text for w in ("Parametr", "Za dużo parametrów", "rok musi", "od 1 do 60"))
    assert "\x1b" not in text
    assert "\x07" not in text


@pytest.mark.parametrize(
    "path", ["/%07", "/topics/sp%1Bort.ics", "/api/tasks%7F", "/topics/%E2%80%AEtrops.ics"]
)
async def test_a_control_character_in_the_path_is_a_polish_400(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 400
    assert "znak sterujący" in response.text


async def test_good_numbers_still_pass(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/tasks?year=2024")).status_code == 200
    assert (await client.get("/calendar.ics?alarm=7")).status_code == 200
    assert (await client.get("/api/tasks?topic=sport&topic=seniorzy")).status_code == 200


async def test_a_year_in_the_path_is_ascii_digits_or_a_404(
    catalog_client: httpx.AsyncClient,
) -> None:
    for year in ("%C2%B2", "%E2%91%A0", "%D9%A2%D9%A0%D9%A2%D9%A6", "9" * 200, "%202025", "02025"):
        assert (await catalog_client.get(f"/leszno/{year}/")).status_code == 404, year
    for year in ("%202025", "02025", "2025%20"):  # no redirect to the year's page either
        assert (await catalog_client.get(f"/leszno/{year}")).status_code == 404, year
    assert (await catalog_client.get("/leszno/" + "9" * 5000 + "/")).status_code == 400
    assert (await catalog_client.get("/leszno/2025/")).status_code == 200


async def test_the_api_answers_404_and_405_in_polish_json(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/nie-ma")
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "Nie ma takiego adresu API. Adresy: /api/tasks, /api/tasks.csv, /api/docs."
    }
    wrong = await client.post("/api/tasks")
    assert wrong.status_code == 405
    assert wrong.json() == {"detail": "Ta metoda nie jest obsługiwana pod tym adresem."}
    assert "GET" in wrong.headers["allow"]


@pytest.mark.parametrize(
    "path", ["/" + "x" * 5000 + "/", "/topics/" + "x" * 5000 + ".ics", "/api/" + "x" * 201]
)
async def test_a_path_part_too_long_is_a_polish_400_that_does_not_quote_it(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 400
    assert "za długa" in response.text
    assert "x" * 100 not in response.text


@pytest.mark.parametrize("route", ["/api/tasks", "/calendar.ics", "/feed.atom", "/api/tasks.csv"])
@pytest.mark.parametrize("name", ["city", "topic"])
async def test_an_unknown_id_is_quoted_cut_to_80_characters(
    client: httpx.AsyncClient, route: str, name: str
) -> None:
    response = await client.get(f"{route}?{name}=" + "a" * 190)
    assert response.status_code in (400, 404)
    assert "a" * 79 + "…" in response.text
    assert "a" * 80 not in response.text


async def test_an_unknown_language_is_a_polish_400_naming_the_languages(
    client: httpx.AsyncClient,
) -> None:
    """Blind round three, m1: every query parameter's unknown value is refused by one rule
    (an unknown ?lang= fell back to Polish, an unknown ?year= gave no tasks)."""
    known = "nieznany język: fr. Dostępne języki: pl, en, uk"
    api = await client.get("/api/tasks?lang=fr")
    assert (api.status_code, api.json()) == (400, {"detail": known})
    feed = await client.get("/calendar.ics?lang=fr")
    assert (feed.status_code, feed.text) == (400, known + "\n")
    page = await client.get("/?lang=")
    assert page.status_code == 400
    assert "parametr lang= jest pusty" in page.text  # not "nieznany język: ." (round five, k2)
    assert "Dostępne języki: pl, en, uk" in page.text
    assert (await client.get("/?lang=uk")).status_code == 200


ONCE = {  # a parameter a route takes once, given twice (m17: "?alarm=7&alarm=3" chose one)
    "/calendar.ics": "alarm=7&alarm=3",
    "/topics/sport.ics": "alarm=1&alarm=1",
    "/": "alarm=7&alarm=3",
    "/feed.atom": "lang=pl&lang=en",
    "/api/tasks": "lang=pl&lang=pl",
    "/api/tasks.csv": "utm=a&utm=b",
}


@pytest.mark.parametrize(("route", "query"), ONCE.items(), ids=list(ONCE))
async def test_a_parameter_given_twice_where_one_is_taken_is_a_polish_400(
    client: httpx.AsyncClient, route: str, query: str
) -> None:
    response = await client.get(f"{route}?{query}")
    assert response.status_code == 400
    text = response.json()["detail"] if route.startswith("/api/") else response.text
    name = query.split("=", 1)[0]
    assert f"Parametr {name} podano więcej niż raz" in text
    # the repeatable filters still repeat
    assert (await client.get("/calendar.ics?topic=sport&topic=seniorzy")).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/departments/%C0%AE.ics",  # an overlong "."
        "/topics/%FF.atom",
        "/%ED%A0%80/",  # a UTF-16 surrogate
        "/api/tasks%E9",
        "/leszno/%C3/",  # cut short
    ],
)
async def test_a_path_that_is_not_utf8_is_the_polish_400_a_query_gets(
    client: httpx.AsyncClient, path: str
) -> None:
    """m8: the path's bytes were read as U+FFFD and echoed ("Nie ma wydziału „��”") where
    ?city=%ff got "Parametry adresu nie są zapisane w UTF-8"."""
    response = await client.get(path)
    assert response.status_code == 400
    assert "nie jest zapisany w UTF-8" in response.text
    assert "„\ufffd" not in response.text  # never named as a city's, a topic's, …


@pytest.mark.parametrize("path", ["/confirm/", "/manage/", "/unsubscribe/"])
async def test_a_token_link_cut_short_says_so(client: httpx.AsyncClient, path: str) -> None:
    """m8: /confirm/ answered "Nie mamy harmonogramu miasta „confirm”"."""
    response = await client.get(path)
    assert response.status_code == 404
    assert "Link jest niepełny" in response.text
    assert "miasta" not in response.text


async def test_a_year_page_without_its_slash_leads_to_it(
    catalog_client: httpx.AsyncClient,
) -> None:
    """m9: /leszno led to /leszno/ but /leszno/2024 was a 404."""
    for path, target in (("/leszno/2025", "/leszno/2025/"), ("/leszno/2025?alarm=7", None)):
        response = await catalog_client.get(path)
        assert response.status_code == 308
        assert response.headers["location"] == (target or "/leszno/2025/?alarm=7")
    assert (await catalog_client.get("/leszno")).status_code == 308
    for missing in ("/leszno/1999", "/kalisz/2025", "/leszno/x"):
        assert (await catalog_client.get(missing)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/docs/static/..%2f..%2f..%2fpyproject.toml",
        "/api/x/..%2f..%2fnie-ma",
        "/api/tasks/..%2f..%2fetc/passwd",
        "/api//docs/static/%2e%2e/%2e%2e/nope.toml",
    ],
)
async def test_an_address_sent_under_the_api_answers_its_json_404_however_it_climbs(
    client: httpx.AsyncClient, path: str
) -> None:
    """M23: dot segments (encoded or not) that lead out of /api/ got the HTML 404 page."""
    missing = await client.get(path)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/json"
    assert missing.json()["detail"].startswith("Nie ma takiego adresu API.")


async def test_the_openapi_document_names_every_parameter_once_with_lang(
    client: httpx.AsyncClient,
) -> None:
    """M23: /feed.atom listed no parameters, no route listed ?lang=, and the cities' calendars
    listed their path parameters twice."""
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", [])]
            assert len(names) == len(set(names)), (method, path, names)
            if path != "/healthz":
                assert "lang" in names, (method, path)
    atom = [p["name"] for p in paths["/feed.atom"]["get"]["parameters"]]
    assert atom == ["topic", "department", "city", "region", "year", "lang"]
    assert "year" in [p["name"] for p in paths["/{city_id}/feed.atom"]["get"]["parameters"]]
