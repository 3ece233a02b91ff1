"""HEAD answers as GET without a body on every route that answers GET (RFC 9110 §9.3.2;
blind round 8b, F2: HEAD /biuro/ was a 404 — the cities' /{city_id}/ took it — and the token
links /confirm/…, /manage/…, /biuro/wejscie/… a 405). The test walks the app's own routes, so
a route added later is walked too."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import httpx
import pytest
from office_helpers import office_site
from starlette.routing import BaseRoute, Route

from notifier.core.calls import call_key

pytestmark = pytest.mark.anyio

TASK = "kultura-sport/rozwoj-sportu"
KEY = call_key([TASK], date(2024, 5, 6))
# A sample value for each path parameter of the app's routes; a new name fails the test
# until it has one here.
SAMPLES = {
    "city_id": "leszno",
    "year": "2024",
    "token": "nie-ma-takiego-kodu",
    "slug": "sport",
    "department_id": "mopr",
    "key": KEY,
    "rest": "leszno/calendar.ics",  # /en/{rest:path}: the address in that language
}
# Headers that differ between any two answers, GET or HEAD alike.
VOLATILE = {"date", "set-cookie"}
_PARAM = re.compile(r"\{([a-z_]+)(?::[a-z]+)?\}")


def get_paths(routes: list[BaseRoute]) -> list[str]:
    """The path of every route answering GET, its parameters filled in from SAMPLES."""
    paths = []
    for route in routes:
        if isinstance(route, Route) and "GET" in (route.methods or ()):
            names = _PARAM.findall(route.path)
            missing = [n for n in names if n not in SAMPLES]
            assert not missing, f"no sample for {missing} of {route.path}"
            paths.append(_PARAM.sub(lambda m: SAMPLES[m.group(1)], route.path))
    assert len(paths) > 40  # the walk sees the app's routes
    return paths


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in VOLATILE}


def _cookie_names(response: httpx.Response) -> list[str]:
    return sorted(c.split("=", 1)[0] for c in response.headers.get_list("set-cookie"))


@pytest.mark.parametrize("signed_in", [False, True])
async def test_head_answers_as_get_on_every_route(
    schedule_file: Path, tmp_path: Path, signed_in: bool
) -> None:
    with schedule_file.open("a", encoding="utf-8") as file:
        file.write(
            f'\n[[calls]]\ntasks = ["{TASK}"]\npublished = 2024-05-06\n'
            'url = "https://bip.example.org/sport"\ndeadline = 2024-05-28\n'
        )
    async with office_site(schedule_file, tmp_path) as site:
        if signed_in:
            await site.sign_in()
        paths = get_paths(site.app.routes)
        compared = []
        for path in paths:
            cookies = httpx.Cookies(site.client.cookies)
            got = await site.client.get(path)
            site.client.cookies = cookies  # HEAD sent as GET was, with the same cookies
            head = await site.client.head(path)
            compared.append((path, got.status_code))
            assert head.status_code == got.status_code, path
            assert _headers(head) == _headers(got), path
            assert _cookie_names(head) == _cookie_names(got), path
            assert head.content == b"", path
    answered = dict(compared)
    # The finding's examples answer GET with a page or a redirect, and so HEAD.
    assert answered["/biuro/"] in (200, 303)
    assert answered["/biuro"] == 308
    assert answered["/confirm/nie-ma-takiego-kodu"] < 500
    if signed_in:
        assert answered["/biuro/leszno/2024/"] == 200
        assert answered[f"/biuro/leszno/2024/ogloszenie/{KEY}"] == 200


@pytest.mark.parametrize("path", ["/biuro/", "/biuro/wyloguj", "/manage/abc"])
async def test_a_head_the_app_does_not_route_elsewhere_is_not_a_city(
    schedule_file: Path, tmp_path: Path, path: str
) -> None:
    """The cause of HEAD /biuro/ → 404: HEAD fell through to /{city_id}/ ("Nie ma takiego
    miasta"); it now stops at the office's route, as GET does."""
    async with office_site(schedule_file, tmp_path) as site:
        got = await site.client.get(path)
        head = await site.client.head(path)
    assert head.status_code == got.status_code != 405
    assert "Nie ma takiego miasta" not in got.text
