"""The office's overview over HTTP: open calls, overdue windows, punctuality per department,
the digest's preview, and sending the digest now (once a week at most)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from office_helpers import LESZNO_OFFICE, office_site

from notifier.core.calls import call_key
from notifier.store.models import ACTIVE, Subscriber, SubscriberTopic

pytestmark = pytest.mark.anyio
OVERVIEW = "/biuro/leszno/2024/przeglad"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_the_overview_shows_the_year_and_sends_the_digest_once(
    schedule_file: Path, tmp_path: Path
) -> None:
    with schedule_file.open("a", encoding="utf-8") as file:
        file.write(
            '\n[[calls]]\ntasks = ["kultura-sport/rozwoj-sportu"]\npublished = 2024-05-06\n'
            'url = "https://bip.example.org/sport"\ndeadline = 2024-05-28\n'
        )
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        page = await site.client.get(OVERVIEW)
        assert page.status_code == 200
        key = call_key(["kultura-sport/rozwoj-sportu"], date(2024, 5, 6))
        assert f"ogloszenie/{key}" in page.text  # open on 10 May: in "Trwające nabory"
        assert "Terminowość wydziałów" in page.text
        assert "Opóźnione" in page.text
        assert "Cotygodniowe podsumowanie" in page.text
        assert f"Do: {LESZNO_OFFICE}" in page.text
        token = await site.csrf(OVERVIEW)
        before = len(site.emails())
        sent = await site.client.post("/biuro/leszno/2024/podsumowanie", data={"csrf": token})
        assert sent.status_code == 200
        assert "wysłano" in sent.text
        assert [m["To"] for m in site.emails()[before:]] == [LESZNO_OFFICE]
        again = await site.client.post("/biuro/leszno/2024/podsumowanie", data={"csrf": token})
        assert "już wysłane w tym tygodniu" in again.text
        assert len(site.emails()) == before + 1
        refused = await site.client.post("/biuro/leszno/2024/podsumowanie", data={})
        assert refused.status_code == 403


async def test_subscribers_are_counted_per_topic_and_department(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        db = site.app.state.notifier.database()
        now = site.clock.now
        with db.session() as session:
            for n, (topics, every) in enumerate(
                ((["sport"], False), ([], True), (["sport"], False))
            ):
                subscriber = Subscriber(
                    email=f"s{n}@example.org", email_key=f"s{n}@example.org", state=ACTIVE,
                    all_topics=every, created_at=now, confirmed_at=now,
                )  # fmt: skip
                subscriber.topics = [SubscriberTopic(topic=t) for t in topics]
                session.add(subscriber)
        text = (await site.client.get(OVERVIEW)).text
        assert "Aktywnych zapisów: 3 (wszystkie tematy: 1)" in text
        assert "Sport i kultura fizyczna: 2" in text
        sport = re.search(
            r"<li>([^<]*[Ss]port[^<]*): (\d+)</li>", text.split("Według wydziałów")[1]
        )
        assert sport, text
        assert sport.group(2) == "3"  # two name sport, one follows every topic


async def test_a_topic_stored_under_an_old_slug_counts_for_its_area(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        db = site.app.state.notifier.database()
        now = site.clock.now
        with db.session() as session:
            subscriber = Subscriber(
                email="stary@example.org", email_key="stary@example.org", state=ACTIVE,
                all_topics=False, created_at=now, confirmed_at=now,
            )  # fmt: skip
            subscriber.topics = [SubscriberTopic(topic="rekreacja")]  # before turystyka
            session.add(subscriber)
        text = (await site.client.get(OVERVIEW)).text
        topics = text.split("Według tematów")[1].split("Według wydziałów")[0]
        assert "<li>Turystyka i rekreacja: 1</li>" in topics  # the list, not only the preview
        assert "rekreacja: 0" not in topics.lower()
        preview = text.split("Cotygodniowe podsumowanie")[1]
        assert "Turystyka i rekreacja: 1" in preview
        departments = text.split("Według wydziałów")[1]
        found = re.findall(r"<li>([^<]*): (\d+)</li>", departments)
        assert any("Turysty" in name and count == "1" for name, count in found), found
