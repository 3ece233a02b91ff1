"""Reminders and digests over several harmonograms, against a real database (SQLite and
PostgreSQL) and a real SMTP server (aiosmtpd): each subscriber gets only the cities they chose."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from passes import PRZYKLADOWO_SPORT_CALL, run_at, subscribe_cities
from smtp_server import RecordingHandler, smtp_server
from sqlalchemy import select, update

from notifier.core.catalog import Catalog
from notifier.core.time import run_moment
from notifier.files.source import CatalogSource
from notifier.jobs.alerts_pass import run_alerts_pass
from notifier.jobs.digest_pass import run_digests
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import DeliveryItem, Subscriber
from notifier.store.subscriber_placement import place_in_city

APRIL_24 = run_moment(datetime(2025, 4, 24).date())  # 08:00 Europe/Warsaw


@pytest.fixture
def catalog(catalog_dir: Path) -> Catalog:
    return CatalogSource(catalog_dir).snapshot().catalog


def refs_of(db: Database, email: str) -> set[str]:
    with db.session() as session:
        subscriber = session.scalars(select(Subscriber).where(Subscriber.email == email)).one()
        items = session.scalars(
            select(DeliveryItem).where(DeliveryItem.subscriber_id == subscriber.id)
        ).all()
        return {i.task_key for i in items}


def test_a_subscriber_of_one_city_and_sport_is_reminded_of_that_citys_sport_only(
    db: Database, settings: Settings, catalog: Catalog
) -> None:
    subscribe_cities(db, catalog, "leszno-sport@example.org", ["sport"], ["leszno"])
    subscribe_cities(db, catalog, "przykladowo-sport@example.org", ["sport"], ["przykladowo"])
    subscribe_cities(db, catalog, "sport-wszedzie@example.org", ["sport"], None)
    subscribe_cities(db, catalog, "leszno-wszystko@example.org", [], ["leszno"])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        report = asyncio.run(run_reminder_pass(run_at(db, settings, catalog, port, APRIL_24)))
    assert report.count("sent") == 4

    leszno = refs_of(db, "leszno-sport@example.org")
    assert "leszno:kultura-sport/rozwoj-sportu-ii" in leszno  # Maj 2025, 7 days ahead
    assert all(ref.startswith("leszno:") for ref in leszno)
    sport_keys = {
        f"{e.schedule.city_id}:{t.key}"
        for e in catalog.entries
        for t in e.schedule.tasks()
        if "sport" in t.topics
    }
    assert leszno <= sport_keys
    przykladowo = refs_of(db, "przykladowo-sport@example.org")
    assert przykladowo
    assert all(ref.startswith("przykladowo:") for ref in przykladowo)
    everywhere = refs_of(db, "sport-wszedzie@example.org")
    assert everywhere == leszno | przykladowo | {r for r in everywhere if r.startswith("zielona")}
    assert {r.split(":")[0] for r in everywhere} == {"leszno", "przykladowo", "zielona-gora"}
    everything_in_leszno = refs_of(db, "leszno-wszystko@example.org")
    assert all(ref.startswith("leszno:") for ref in everything_in_leszno)
    assert everything_in_leszno > leszno

    emails = {m.rcpt_tos[0]: m.message.get_body(("plain",)).get_content() for m in handler.received}
    text = emails["sport-wszedzie@example.org"]
    assert "Leszno: Wydział Kultury i Sportu" in text
    assert "https://konkursy.example.pl/leszno/2025/#kultura-sport" in text
    assert "Przykładowo" not in emails["leszno-sport@example.org"]
    # "the harmonogram's page": the one harmonogram's, or with several cities the first page.
    page = "aktualną wersję znajdą Państwo na stronie harmonogramu: https://konkursy.example.pl"
    assert f"{page}/leszno/2025/\r\n" in emails["leszno-sport@example.org"]
    assert f"{page}/\r\n" in text

    # The next pass sends nothing again.
    with smtp_server(RecordingHandler()) as (_, port):
        again = asyncio.run(run_reminder_pass(run_at(db, settings, catalog, port, APRIL_24)))
    assert again.total == 0


def test_subscribers_from_before_cities_wait_to_be_placed_in_their_city(
    db: Database, settings: Settings, catalog: Catalog
) -> None:
    subscribe_cities(db, catalog, "stary@example.org", ["sport"], None)
    with db.engine.begin() as connection:  # as migration 0005 leaves an earlier subscriber
        connection.execute(update(Subscriber).values(all_cities=None))
    with smtp_server(RecordingHandler()) as (_, port):
        nothing = asyncio.run(run_reminder_pass(run_at(db, settings, catalog, port, APRIL_24)))
    assert nothing.total == 0
    assert place_in_city(db, "przykladowo") == 1
    assert place_in_city(db, "przykladowo") == 0
    with smtp_server(RecordingHandler()) as (_, port):
        placed = asyncio.run(run_reminder_pass(run_at(db, settings, catalog, port, APRIL_24)))
    assert placed.count("sent") == 1
    assert all(r.startswith("przykladowo:") for r in refs_of(db, "stary@example.org"))


def test_each_city_gets_its_own_digest(db: Database, settings: Settings, catalog: Catalog) -> None:
    subscribe_cities(db, catalog, "leszno@example.org", ["sport"], ["leszno"])
    monday = run_moment(datetime(2025, 4, 21).date())
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        reports = asyncio.run(run_digests(run_at(db, settings, catalog, port, monday)))
        again = asyncio.run(run_digests(run_at(db, settings, catalog, port, monday)))
    assert sorted(r.recipient for r in reports) == [
        "ngo@przykladowo.example.pl",
        "ngo@zielona-gora.example.org",
        "pelnomocnik-ngo@example.org",
    ]
    assert {r.status for r in reports} == {"sent"}
    assert {r.status for r in again} == {"already"}
    assert len(handler.received) == 3
    # Each office's digest links to its own city's page, not to the list of cities.
    texts = {m.rcpt_tos[0]: m.message.get_body(("plain",)).get_content() for m in handler.received}
    przykladowo = texts["ngo@przykladowo.example.pl"]
    assert "Harmonogram: https://konkursy.example.pl/przykladowo/2025/" in przykladowo
    assert "https://konkursy.example.pl/leszno/" not in przykladowo
    # Subjects and the office's report say whose digest it is (offices may share an address).
    subjects = {m.rcpt_tos[0]: str(m.message["Subject"]) for m in handler.received}
    assert subjects["ngo@przykladowo.example.pl"].startswith("Podsumowanie – Przykładowo – ")
    assert subjects["ngo@zielona-gora.example.org"].startswith("Podsumowanie – Zielona Góra – ")
    assert any(r.format().startswith("Podsumowanie – Zielona Góra – tydzień") for r in reports)


def test_a_call_in_one_city_is_announced_to_that_citys_subscribers_only(
    db: Database, settings: Settings, catalog_dir: Path
) -> None:

    path = catalog_dir / "przykladowo-2025.toml"
    path.write_text(path.read_text(encoding="utf-8") + PRZYKLADOWO_SPORT_CALL, encoding="utf-8")
    catalog = CatalogSource(catalog_dir).snapshot().catalog
    subscribe_cities(db, catalog, "leszno-sport@example.org", ["sport"], ["leszno"])
    subscribe_cities(db, catalog, "przykladowo-sport@example.org", ["sport"], ["przykladowo"])
    subscribe_cities(db, catalog, "sport-wszedzie@example.org", ["sport"], None)
    handler = RecordingHandler()
    when = run_moment(datetime(2025, 3, 4).date())
    with smtp_server(handler) as (_, port):
        report = asyncio.run(run_alerts_pass(run_at(db, settings, catalog, port, when)))
    received = sorted(r for m in handler.received for r in m.rcpt_tos)
    assert received == ["przykladowo-sport@example.org", "sport-wszedzie@example.org"]
    assert report.count("sent") == 2
    subjects = {m.message["Subject"] for m in handler.received}
    assert all("Ogłoszono konkurs" in s for s in subjects)
    for message in handler.received:  # the harmonogram meant is Przykładowo's 2025 page
        text = message.message.get_body(("plain",)).get_content()
        assert "Harmonogram: https://konkursy.example.pl/przykladowo/2025/\r\n" in text
