"""The contract of the Atom feed, in every shape of NOTIFIER_SCHEDULE (see conftest.py): a
recorded call and a moved window are news at the next request, with the same entry ids."""

from __future__ import annotations

import feedparser
import pytest
from contract_shapes import SPORT_CALL, Served

pytestmark = pytest.mark.anyio


def leszno_entries(body: bytes) -> dict[str, str]:
    """Leszno's entries of an Atom feed: id -> title."""
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    return {e.id: e.title for e in parsed.entries if ":leszno/" in e.id}


def assert_title(title: str, expected: str) -> None:
    """The entry's title, after the city's name where several cities are served."""
    assert title in (expected, f"Leszno: {expected}")


async def test_a_recorded_call_is_in_the_atom_feed_at_the_next_request(served: Served) -> None:
    async with served.client() as client:
        before = leszno_entries((await client.get("/feed.atom")).content)
        served.append(SPORT_CALL)
        client.settle()  # type: ignore[attr-defined]
        after = leszno_entries((await client.get("/feed.atom")).content)
    assert before == {}
    (title,) = after.values()
    assert list(after) == ["tag:harmonogram-konkursow,2024:leszno/nabor/20240506-62207272"]
    assert_title(title, "Ogłoszono konkurs: Rozwój sportu – II tura – oferty do 28 maja 2024")


async def test_a_moved_window_is_in_the_atom_feed_at_the_next_request(served: Served) -> None:
    """No worker pass in between: the request that serves the edit records the change."""
    async with served.client() as client:
        before = leszno_entries((await client.get("/feed.atom")).content)
        served.edit('period = "Czerwiec 2024"', 'period = "Lipiec 2024"')
        client.settle()  # type: ignore[attr-defined]
        after = leszno_entries((await client.get("/feed.atom")).content)
    assert before == {}
    (title,) = after.values()
    assert list(after) == ["tag:harmonogram-konkursow,2024:leszno/zmiana/1"]
    assert_title(title, "Zmiana terminu: Wsparcie seniorów")
