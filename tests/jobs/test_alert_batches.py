"""The call-alert pass batch by batch (notifier.jobs.alert_batches), against a real database
(SQLite and PostgreSQL) and a real SMTP server (aiosmtpd): with more subscribers than one batch,
each gets an alert exactly once across the batch boundaries, whatever the log already holds of
theirs, and a city's alert goes only to the subscribers who follow that city."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from passes import (
    LESZNO_SPORT_CALL,
    PRZYKLADOWO_SPORT_CALL,
    alerts,
    at,
    backend,
    run_at,
    seed_text,
    subscribe,
    subscribe_cities,
)
from smtp_server import RecordingHandler, smtp_server
from sqlalchemy import insert, select, update

from notifier.core.call_alerts import call_alert_key
from notifier.core.catalog import Catalog
from notifier.core.schedule_toml import parse_schedule
from notifier.files.source import CatalogSource
from notifier.jobs.alerts_pass import run_alerts_pass
from notifier.jobs.run_context import RunContext
from notifier.settings import Settings
from notifier.store.claim_owners import begin_owner, end_owner
from notifier.store.db import Database
from notifier.store.models import CLAIMED, FAILED, SENT, Delivery, Subscriber, table_of
from notifier.store.worker_lock import make_owner

_deliveries = table_of(Delivery)


WHEN = at(date(2024, 5, 7), 9)  # the day after the call was published, a 15-minute pass

# Ten subscribers in id order, three to a batch; what the log holds of each before the pass.
NAMES = ["nowy1", "nowy2", "wyslany", "do-ponowienia", "jeszcze-nie", "porzucony",
         "w-toku", "nieprzypisany", "seniorzy", "nowy3"]  # fmt: skip


def email(name: str) -> str:
    return f"{name}@example.org"


def ids_by_email(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        rows = connection.execute(select(Subscriber.email, Subscriber.id)).all()
    return {str(e): int(i) for e, i in rows}


def log_row(key: str, subscriber_id: int, name: str, **values: Any) -> dict[str, Any]:
    return {
        "kind": "call",
        "recipient": email(name),
        "subscriber_id": subscriber_id,
        "dedupe_key": key,
        "attempts": 1,
        "created_at": WHEN - timedelta(hours=1),
        "last_attempt_at": WHEN - timedelta(minutes=30),
        "next_attempt_at": None,
        "claimed_by": None,
        **values,
    }


def rows_by_key(db: Database) -> dict[str, tuple[int, str, int]]:
    d = _deliveries
    with db.engine.connect() as connection:
        rows = connection.execute(select(d.c.dedupe_key, d.c.id, d.c.status, d.c.attempts))
        return {str(k): (int(i), str(s), int(a)) for k, i, s, a in rows}


def test_more_subscribers_than_a_batch_get_one_call_alert_each_across_batches(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    called = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    for name in NAMES:
        subscribe(db, called, email(name), ["seniorzy" if name == "seniorzy" else "sport"], [7])
    ids = ids_by_email(db)
    assert [ids[email(n)] for n in NAMES] == sorted(ids.values())  # id order = NAMES order
    with db.engine.begin() as connection:  # as migration 0005 leaves an earlier subscriber
        connection.execute(
            update(Subscriber)
            .where(Subscriber.email == email("nieprzypisany"))
            .values(all_cities=None)
        )
    (call,) = called.calls

    def key(name: str) -> str:
        return f"{call_alert_key(called, call)}:{ids[email(name)]}"

    running = begin_owner()  # a pass of this process still sending its batch
    try:
        with db.engine.begin() as connection:
            connection.execute(
                insert(_deliveries),
                [
                    log_row(key("wyslany"), ids[email("wyslany")], "wyslany", status=SENT),
                    log_row(
                        key("do-ponowienia"),
                        ids[email("do-ponowienia")],
                        "do-ponowienia",
                        status=FAILED,
                        next_attempt_at=WHEN - timedelta(minutes=1),
                    ),
                    log_row(
                        key("jeszcze-nie"),
                        ids[email("jeszcze-nie")],
                        "jeszcze-nie",
                        status=FAILED,
                        next_attempt_at=WHEN + timedelta(hours=1),
                    ),
                    log_row(
                        key("porzucony"),
                        ids[email("porzucony")],
                        "porzucony",
                        status=CLAIMED,
                        claimed_by=make_owner(),
                    ),  # its pass has ended
                    log_row(
                        key("w-toku"),
                        ids[email("w-toku")],
                        "w-toku",
                        status=CLAIMED,
                        claimed_by=running,
                    ),
                ],
            )
        before = rows_by_key(db)
        handler = RecordingHandler()
        with smtp_server(handler) as (_, port):
            # A dry run plans the same and touches nothing.
            dry = RunContext(
                settings, db, backend(port), Catalog.single(called), WHEN, dry_run=True
            )
            planned = asyncio.run(run_alerts_pass(dry, deadlines=False, batch_size=3))
            assert rows_by_key(db) == before
            report = alerts(db, port, settings, called, WHEN, deadlines=False, batch_size=3)
            again = alerts(db, port, settings, called, WHEN + timedelta(minutes=15), batch_size=3)
    finally:
        end_owner(running)
    expected = ["do-ponowienia", "nieprzypisany", "nowy1", "nowy2", "nowy3", "porzucony"]
    assert planned.count("planned") == 6
    assert sorted(line.split(": ", 1)[1].split(" ")[0] for line in planned.lines) == [
        email(n) for n in expected
    ]
    assert len(handler.received) == 6
    assert sorted(r for m in handler.received for r in m.rcpt_tos) == [email(n) for n in expected]
    assert {m.message["Subject"].split(":")[0] for m in handler.received} == {"Ogłoszono konkurs"}
    assert report.count(SENT) == 6
    assert again.counts == {}  # a rerun sends nothing
    after = rows_by_key(db)
    # The failed one and the one of a pass that is gone are retaken in their own rows.
    assert after[key("do-ponowienia")] == (before[key("do-ponowienia")][0], SENT, 2)
    assert after[key("porzucony")] == (before[key("porzucony")][0], SENT, 2)
    # Sent, not yet due and being sent elsewhere: left as they were.
    for name in ("wyslany", "jeszcze-nie", "w-toku"):
        assert after[key(name)] == before[key(name)]
    for name in ("nowy1", "nowy2", "nowy3", "nieprzypisany"):
        assert after[key(name)][1:] == (SENT, 1)
    assert key("seniorzy") not in after  # another topic: nothing about this call
    assert len(after) == 9


def test_a_citys_call_goes_to_its_followers_only_batch_by_batch(
    db: Database, settings: Settings, catalog_dir: Path
) -> None:
    path = catalog_dir / "przykladowo-2025.toml"
    path.write_text(path.read_text(encoding="utf-8") + PRZYKLADOWO_SPORT_CALL, encoding="utf-8")
    catalog: Catalog = CatalogSource(catalog_dir).snapshot().catalog
    subscribe_cities(db, catalog, "leszno@example.org", ["sport"], ["leszno"])
    subscribe_cities(db, catalog, "przykladowo@example.org", ["sport"], ["przykladowo"])
    subscribe_cities(db, catalog, "nieprzypisany@example.org", ["sport"], None)
    subscribe_cities(db, catalog, "zielona-gora@example.org", ["sport"], ["zielona-gora"])
    subscribe_cities(db, catalog, "wszedzie@example.org", ["sport"], None)
    subscribe_cities(db, catalog, "dwa@example.org", ["sport"], ["leszno", "przykladowo"])
    subscribe_cities(db, catalog, "kultura@example.org", ["kultura"], ["przykladowo"])
    with db.engine.begin() as connection:  # not yet placed in a city: no city's alerts
        connection.execute(
            update(Subscriber)
            .where(Subscriber.email == "nieprzypisany@example.org")
            .values(all_cities=None)
        )
    handler = RecordingHandler()
    when = at(date(2025, 3, 4), 9)
    with smtp_server(handler) as (_, port):
        run = run_at(db, settings, catalog, port, when)
        report = asyncio.run(run_alerts_pass(run, deadlines=False, batch_size=2))
        again = asyncio.run(run_alerts_pass(replace(run, now=when + timedelta(minutes=15))))
    received = sorted(r for m in handler.received for r in m.rcpt_tos)
    assert received == ["dwa@example.org", "przykladowo@example.org", "wszedzie@example.org"]
    assert report.count(SENT) == 3
    assert again.counts == {}
    with db.engine.connect() as connection:
        keys = connection.execute(select(_deliveries.c.dedupe_key)).scalars().all()
    assert len(keys) == 3
    assert all(str(k).startswith("call:") for k in keys)


def test_a_call_alert_to_many_lists_the_first_emails_and_counts_them_all(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    """The report holds at most REPORT_LINES lines, whatever the number of emails."""
    from notifier.jobs.reminder_pass import REPORT_LINES

    called = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    for n in range(REPORT_LINES + 3):
        subscribe(db, called, f"ngo{n:03d}@example.org", ["sport"], [7])
    dry = RunContext(settings, db, backend(1), Catalog.single(called), WHEN, dry_run=True)
    report = asyncio.run(run_alerts_pass(dry, deadlines=False, batch_size=50))
    assert report.count("planned") == REPORT_LINES + 3
    assert len(report.lines) == REPORT_LINES
    text = report.format().splitlines()
    assert text[-2] == "  … i 3 kolejnych (pełna lista w dzienniku)."
    assert text[-1] == f"Razem do wysłania: {REPORT_LINES + 3}."
