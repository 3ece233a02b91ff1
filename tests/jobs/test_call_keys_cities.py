"""Two cities with the same task key (kultura-sport/…) whose calls are published the same day
have the same call key: each city's call alert still reaches each subscriber who follows that
city, exactly once, also after a retry — a subscriber of both cities gets both (SQLite and
PostgreSQL, a real SMTP server). A delivery under a key from before issue 25 ("call:KEY:ID",
naming no city) counts as sent for every city's alert of that call key."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from passes import LESZNO_SPORT_CALL, at, backend, seed_text, subscribe_cities
from smtp_server import RecordingHandler, smtp_server
from sqlalchemy import select

from notifier.core.call_alerts import AlertKind, candidate_alerts
from notifier.core.catalog import Catalog, Entry
from notifier.core.input_rules import ID_MAX
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.jobs.alerts_pass import run_alerts_pass
from notifier.jobs.run_context import RunContext
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import SENT, Delivery, Subscriber


def test_a_call_of_the_same_task_and_day_in_two_cities_reaches_each_citys_subscribers(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    catalog = _twin_cities(db, seed_schedule_path)
    when = at(date(2024, 5, 6), 9, 15)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        for _ in range(2):  # the second pass is the retry: nothing more
            run = RunContext(settings, db, backend(port), catalog, when, wall=lambda: when)
            asyncio.run(run_alerts_pass(run, deadlines=False))
    sent = sorted(r.message["To"] for r in handler.received)
    assert sent == ["leszno@example.org", "obie@example.org", "obie@example.org", "rydzyna@example.org"]  # fmt: skip
    # Blind11 M16: the subscriber of both cities tells the two apart by their subjects.
    both = sorted(r.message["Subject"] for r in handler.received if r.message["To"] == sent[1])
    assert both == [
        f"{city}: Ogłoszono konkurs: Rozwój sportu – II tura – oferty do 28 maja 2024"
        for city in ("Leszno", "Rydzyna")
    ]


SENT_AT = at(date(2024, 5, 6), 9, 15)


def _twin_cities(db: Database, seed_schedule_path: Path) -> Catalog:
    """Leszno and Rydzyna 2024, the same call in each; a subscriber of each and of both."""
    text = seed_text(seed_schedule_path) + LESZNO_SPORT_CALL
    leszno = parse_schedule(text)
    twin = parse_schedule(text.replace('city = "Leszno"', 'city = "Rydzyna"', 1))
    assert leszno.city_id != twin.city_id
    assert [c.key for c in leszno.calls] == [c.key for c in twin.calls]
    catalog = Catalog((Entry(leszno, "1", "leszno.toml"), Entry(twin, "1", "rydzyna.toml")))
    subscribe_cities(db, catalog, "leszno@example.org", ["sport"], [leszno.city_id])
    subscribe_cities(db, catalog, "rydzyna@example.org", ["sport"], [twin.city_id])
    subscribe_cities(db, catalog, "obie@example.org", ["sport"], None)
    return catalog


def _sent_before_issue_25(db: Database, schedule: Schedule, log: list[tuple[str, str]]) -> None:
    """Delivery rows as the service wrote them before issue 25: "KIND:CALLKEY:SUBSCRIBER"."""
    [call] = schedule.calls
    with db.session() as session:
        ids = dict(session.execute(select(Subscriber.email, Subscriber.id)).all())
        for kind, who in log:
            key = f"{kind}:{call.key}:{ids[who]}"
            session.add(
                Delivery(kind=kind, recipient=who, dedupe_key=key, status=SENT, created_at=SENT_AT)
            )


def test_an_alert_sent_under_the_key_before_issue_25_is_not_sent_again_for_either_city(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    catalog = _twin_cities(db, seed_schedule_path)
    # Before the upgrade: the call alert to leszno@ and obie@, obie@'s deadline reminder.
    old = [("call", "leszno@example.org"), ("call", "obie@example.org")]
    _sent_before_issue_25(db, catalog.entries[0].schedule, [*old, ("deadline", "obie@example.org")])
    when = at(date(2024, 5, 25), 10)  # the deadline reminders (3 days ahead by default) are due
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        for _ in range(3):  # the third pass sends nothing more
            run = RunContext(settings, db, backend(port), catalog, when, wall=lambda: when)
            asyncio.run(run_alerts_pass(run, deadlines=True))
    # Each subject starts with its city (blind11 M16: two cities' subjects were identical).
    sent = sorted(
        (r.message["To"], *r.message["Subject"].split(": ")[:2]) for r in handler.received
    )
    assert sent == [
        (
            "leszno@example.org",
            "Leszno",
            "Termin składania ofert",
        ),  # its call alert went out before
        ("rydzyna@example.org", "Rydzyna", "Ogłoszono konkurs"),  # never told …
        ("rydzyna@example.org", "Rydzyna", "Termin składania ofert"),  # … and reminded next
    ]


def test_the_alert_keys_of_the_longest_city_ids_fit_the_log_and_stay_apart(
    seed_schedule_path: Path,
) -> None:
    """City ids may be ID_MAX characters long; the delivery log's dedupe key has 200."""
    text = seed_text(seed_schedule_path) + LESZNO_SPORT_CALL
    keys = set()
    for last in "ab":
        city_id = "l" * (ID_MAX - 1) + last
        head = f'city = "Leszno"\ncity_id = "{city_id}"'
        schedule = parse_schedule(text.replace('city = "Leszno"', head, 1))
        assert schedule.city_id == city_id
        alerts = candidate_alerts(schedule, [], at(date(2024, 5, 6), 9), deadlines=True)
        assert [a.kind for a in alerts] == [AlertKind.CALL, AlertKind.DEADLINE]
        assert all(len(a.dedupe_key(2**63 - 1)) <= 200 for a in alerts)
        keys |= {a.key for a in alerts}
    assert len(keys) == 4
