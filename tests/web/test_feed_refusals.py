"""A feed's path answers alike in both formats: the calendar (.ics) and the Atom feed (.atom)
of the same path give the same status and the same Polish text, for known paths, unknown
ids and paths no route has (blind round five, k3: /departments/mopr.ics answered 404 while
/departments/mopr.atom answered 400)."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio

# (calendar path, Atom path): where the two formats' names differ
WHOLE = [("/calendar.ics", "/feed.atom"), ("/nigdzie/calendar.ics", "/nigdzie/feed.atom")]


def _pairs(stems: list[str]) -> list[tuple[str, str]]:
    return [(f"{stem}.ics", f"{stem}.atom") for stem in stems] + WHOLE


# Leszno (mopr), Przykładowo and Zielona Góra (both have kultura), as on 1 March 2025
SEVERAL = {
    "/departments/mopr": 200,  # one city has it
    "/departments/kultura": 404,  # two cities have it: their addresses
    "/departments/nieznany": 404,  # none has it
    "/departments/MOPR": 404,
    "/topics/sport": 200,
    "/topics/nieznany": 400,
    "/topics/Sport": 400,
    "/leszno/departments/mopr": 200,
    "/leszno/departments/nieznany": 400,
    "/leszno/topics/sport": 200,
    "/leszno/topics/nieznany": 400,
    "/nigdzie/topics/sport": 404,
    "/nigdzie/departments/mopr": 404,
    "/topics/": 404,  # no route: the path is no feed
    "/departments/": 404,
    "/leszno/departments/mopr/x": 404,
    "/leszno/inne/mopr": 404,
}
# The shipped Leszno 2024 alone
LONE = {
    "/departments/mopr": 200,
    "/departments/nieznany": 400,
    "/topics/nieznany": 400,
    "/leszno/departments/mopr": 200,
    "/leszno/departments/nieznany": 400,
    "/leszno/topics/nieznany": 400,
    "/nigdzie/departments/mopr": 404,
    "/topics/": 404,
}


def _as_atom(text: str) -> str:
    """A calendar's refusal as the Atom feed's words it: the same, naming .atom feeds."""
    text = text.replace(
        "Nie ma takiego kalendarza. Cały kalendarz: /calendar.ics",
        "Nie ma takiego kanału Atom. Wszystkie wiadomości: /feed.atom",
    )
    text = text.replace("Cały kalendarz: /calendar.ics", "Wszystkie wiadomości: /feed.atom")
    return text.replace(".ics", ".atom")


async def _check(client: httpx.AsyncClient, expected: dict[str, int]) -> None:
    statuses = {f"{stem}.ics": status for stem, status in expected.items()}
    statuses |= {"/calendar.ics": 200, "/nigdzie/calendar.ics": 404}
    for calendar_path, atom_path in _pairs(list(expected)):
        calendar = await client.get(calendar_path)
        atom = await client.get(atom_path)
        status = statuses[calendar_path]
        assert (calendar.status_code, atom.status_code) == (status, status), calendar_path
        if status == 200:
            assert atom.headers["content-type"] == "application/atom+xml; charset=utf-8"
            continue
        for answer in (calendar, atom):
            assert answer.headers["content-type"] == "text/plain; charset=utf-8", answer.url
            assert answer.headers["access-control-allow-origin"] == "*", answer.url
        assert atom.text == _as_atom(calendar.text), atom_path


async def test_a_feed_path_answers_alike_as_a_calendar_and_as_an_atom_feed_among_cities(
    catalog_client: httpx.AsyncClient,
) -> None:
    await _check(catalog_client, SEVERAL)
    several = await catalog_client.get("/departments/kultura.atom")
    assert several.text == (
        "Wydział „kultura” jest w kilku miastach – prosimy wybrać adres miasta: "
        "/przykladowo/departments/kultura.atom, /zielona-gora/departments/kultura.atom\n"
    )
    none = await catalog_client.get("/departments/nieznany.atom")
    assert none.text == (
        "Nie ma wydziału „nieznany” w żadnym mieście. Wszystkie wiadomości: /feed.atom\n"
    )
    city = await catalog_client.get("/nigdzie/feed.atom")
    assert city.text.startswith("nieznane miasto: nigdzie. Dostępne miasta: leszno,")


async def test_a_feed_path_answers_alike_as_a_calendar_and_as_an_atom_feed_of_one_city(
    client: httpx.AsyncClient,
) -> None:
    await _check(client, LONE)
    unknown = await client.get("/departments/nieznany.atom")
    assert unknown.text.startswith("nieznany wydział: nieznany. Dostępne wydziały: mopr,")
