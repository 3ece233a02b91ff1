"""The contract of the calendar feeds, in every shape of NOTIFIER_SCHEDULE (see conftest.py):
the city's feed, event versions after an edit, the page every event links, a bad topic."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from contract_shapes import BASE_URL, SPORT_CALL, Served
from ical_checks import check_ics

from notifier.core.schedule import Schedule

pytestmark = pytest.mark.anyio

CITY_FEED = "/leszno/calendar.ics"
# The Marzec 2024 event of MOPR holds one task; its title is edited below.
EDITED_EVENT = "2024-mopr-20240301-20240401@leszno.harmonogram-konkursow"
EDITED_TITLE = "działania profilaktyczne mające na celu zapobieganie powstawaniu"
FULL_HARMONOGRAM = re.compile(r"^Pełny harmonogram: (\S+)$", re.MULTILINE)


def golden_uids(examples_dir: Path) -> set[str]:
    """The UIDs of the golden Leszno 2024 feed (tests/examples/leszno-2024.ics)."""
    calendar = icalendar.Calendar.from_ical((examples_dir / "leszno-2024.ics").read_bytes())
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def versions(data: bytes) -> dict[str, tuple[int, object]]:
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(e["UID"]): (int(e["SEQUENCE"]), e["LAST-MODIFIED"].dt) for e in calendar.walk("VEVENT")
    }


async def test_the_citys_feed_is_valid_icalendar_with_the_golden_uids(
    served: Served, examples_dir: Path
) -> None:
    async with served.client() as client:
        response = await client.get(CITY_FEED)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    events = check_ics(response.content)
    assert set(events) == golden_uids(examples_dir)


async def test_an_edited_event_gets_a_higher_sequence_and_a_later_last_modified(
    served: Served,
) -> None:
    async with served.client() as client:
        before = versions((await client.get(CITY_FEED)).content)
        served.clock.now += timedelta(hours=2)
        served.edit(EDITED_TITLE, "działania profilaktyczne (zmienione) mające na celu")
        client.settle()  # type: ignore[attr-defined]
        after = versions((await client.get(CITY_FEED)).content)
    assert before[EDITED_EVENT][0] == 0
    assert after[EDITED_EVENT][0] >= 1
    assert after[EDITED_EVENT][1] > before[EDITED_EVENT][1]
    unchanged = set(before) - {EDITED_EVENT}
    assert {uid: after[uid] for uid in unchanged} == {uid: before[uid] for uid in unchanged}


async def _links_of_every_event(served: Served, feed: str) -> None:
    """Every event of `feed` names one harmonogram page ("Pełny harmonogram: …"), its URL is
    that page (or the call's announcement), and the page answers 200 with Leszno 2024."""
    served.append(SPORT_CALL)
    async with served.client() as client:
        events = {
            uid: event
            for uid, event in check_ics((await client.get(feed)).content).items()
            if uid.endswith("@leszno.harmonogram-konkursow")
        }
        pages = {uid: FULL_HARMONOGRAM.findall(e.description) for uid, e in events.items()}
        assert all(len(found) == 1 for found in pages.values()), pages
        assert any("-termin-" in uid for uid in pages)  # the call's deadline event
        page = pages[EDITED_EVENT][0]
        assert {uid: found[0] for uid, found in pages.items()} == dict.fromkeys(pages, page)
        for event in events.values():
            assert event.url is not None
            assert event.url.startswith(page) or event.url == "https://bip.example.org/sport-2024"
        assert page.startswith(BASE_URL)
        answer = await client.get(urlsplit(page).path)
    assert answer.status_code == 200
    assert "Leszno" in answer.text
    assert "2024" in answer.text


async def test_every_event_of_the_citys_feed_links_one_harmonogram_page(served: Served) -> None:
    await _links_of_every_event(served, CITY_FEED)


async def test_every_event_of_the_whole_calendar_links_one_harmonogram_page(
    served: Served,
) -> None:
    """Leszno's events of /calendar.ics (only Leszno's, unless another city is served)."""
    await _links_of_every_event(served, "/calendar.ics")


def unknown_topic_text(leszno: Schedule) -> str:
    return f"nieznany temat: nope. Dostępne tematy: {', '.join(leszno.topics)}\n"


@pytest.mark.parametrize("address", [f"{CITY_FEED}?topic=nope", "/leszno/topics/nope.ics"])
async def test_a_bad_topic_on_the_citys_feed_gets_the_same_answer(
    served: Served, leszno: Schedule, address: str
) -> None:
    """400, and the text names the city's own topics (what a subscriber can use there)."""
    async with served.client() as client:
        response = await client.get(address)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == unknown_topic_text(leszno)
