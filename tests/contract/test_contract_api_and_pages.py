"""The contract of the JSON API and the harmonogram's pages, in every shape of
NOTIFIER_SCHEDULE (see conftest.py): the same Leszno tasks, and every address they name
answers."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import pytest
from contract_shapes import BASE_URL, Served

from notifier.core.schedule import Schedule

pytestmark = pytest.mark.anyio


def leszno_tasks(leszno: Schedule) -> list[dict[str, object]]:
    return [
        {"key": t.key, "city_id": "leszno", "year": 2024, "title": t.title, "period": t.period.text}
        for t in leszno.tasks()
    ]


async def test_api_tasks_of_leszno_are_the_harmonograms_tasks(
    served: Served, leszno: Schedule
) -> None:
    async with served.client() as client:
        response = await client.get("/api/tasks", params={"city": "leszno"})
        assert response.status_code == 200
        found = response.json()
        addresses = {t["page_url"] for t in found["tasks"]} | {
            t["feed_url"] for t in found["tasks"]
        }
        addresses.add(found["feed_url"])
        answers = {a: (await client.get(urlsplit(a).path)).status_code for a in addresses}
    assert (found["city"], found["year"]) == ("Leszno", 2024)
    assert [
        {k: t[k] for k in ("key", "city_id", "year", "title", "period")} for t in found["tasks"]
    ] == (leszno_tasks(leszno))
    assert all(a.startswith(BASE_URL) for a in addresses)
    assert answers == dict.fromkeys(addresses, 200)


@pytest.mark.parametrize("page", ["/leszno/2024/", "/leszno/"])
async def test_the_harmonograms_page_lists_every_task(
    served: Served, leszno: Schedule, page: str
) -> None:
    async with served.client() as client:
        response = await client.get(page)
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Leszno" in text
    missing = [t.key for t in leszno.tasks() if t.title not in text]
    assert missing == []


async def test_a_bad_topic_on_the_harmonograms_page_is_refused_the_same_way(
    served: Served, leszno: Schedule
) -> None:
    async with served.client() as client:
        response = await client.get("/leszno/2024/", params={"topic": "nope"})
    assert response.status_code == 400
    assert f"nieznany temat: nope. Dostępne tematy: {', '.join(leszno.topics)}" in (
        html.unescape(response.text)
    )


async def test_a_bad_topic_on_the_api_of_leszno_is_refused_the_same_way(
    served: Served, leszno: Schedule
) -> None:
    async with served.client() as client:
        response = await client.get("/api/tasks", params={"city": "leszno", "topic": "nope"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"nieznany temat: nope. Dostępne tematy: {', '.join(leszno.topics)}"
    }
