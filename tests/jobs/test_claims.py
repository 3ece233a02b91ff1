"""claims.claim: only what a transaction inserted into the delivery log is its to send, lead
by lead; a delivery left with nothing is removed (SQLite and PostgreSQL). claims.retake:
concurrent retakes share the failed deliveries out without waiting for each other."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import insert, select, update

from notifier.core.catalog import Catalog
from notifier.core.due import DueItem
from notifier.core.schedule import Schedule
from notifier.jobs.claims import claim, retake
from notifier.store.db import Database
from notifier.store.models import (
    ACTIVE,
    FAILED,
    Delivery,
    DeliveryItem,
    Subscriber,
    table_of,
)

NOW = datetime(2024, 1, 15, 7, 0, tzinfo=UTC)


def _subscribers(db: Database, *ids: int) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            insert(table_of(Subscriber)),
            [{"id": i, "email": f"{i}@example.org", "email_key": f"{i}@example.org",
              "state": ACTIVE, "all_topics": True, "created_at": NOW} for i in ids],
        )  # fmt: skip


def _claim(db: Database, found: list[tuple[int, tuple[DueItem, ...]]], owner: str) -> dict:
    with db.engine.begin() as connection:
        pending = claim(connection, [(s, f"{s}@example.org", i) for s, i in found], NOW, NOW, owner)
    return {p.subscriber_id: [(i.task.key, i.leads) for i in p.items] for p in pending}


def test_a_claim_gets_only_the_items_and_leads_no_earlier_claim_took(
    db: Database, leszno: Schedule
) -> None:
    a, b, c = (
        DueItem(t, t.windows[0], (7, 14)) for t in [t for t in leszno.tasks() if t.windows][:3]
    )
    _subscribers(db, 1, 2)
    first = _claim(db, [(1, (a, DueItem(b.task, b.window, (7,))))], "pass-1")
    assert first == {1: [(a.task.key, (7, 14)), (b.task.key, (7,))]}
    second = _claim(db, [(1, (a, b, c)), (2, (a,))], "pass-2")
    # Subscriber 1: a was taken whole, b only at 7 days; subscriber 2 had nothing claimed.
    assert second == {1: [(b.task.key, (14,)), (c.task.key, (7, 14))], 2: [(a.task.key, (7, 14))]}


def test_a_claim_that_gets_nothing_leaves_no_delivery_behind(
    db: Database, leszno: Schedule
) -> None:
    a, b = (DueItem(t, t.windows[0], (7,)) for t in [t for t in leszno.tasks() if t.windows][:2])
    _subscribers(db, 1, 2)
    _claim(db, [(1, (a, b))], "pass-1")
    assert _claim(db, [(1, (a,)), (2, (b,))], "pass-2") == {2: [(b.task.key, (7,))]}
    with db.engine.connect() as connection:
        deliveries = connection.execute(
            select(table_of(Delivery).c.subscriber_id, table_of(Delivery).c.claimed_by)
        ).all()
        items = connection.execute(select(table_of(DeliveryItem).c.delivery_id)).scalars().all()
    assert sorted(tuple(d) for d in deliveries) == [(1, "pass-1"), (2, "pass-2")]
    assert len(items) == 3


def test_concurrent_retakes_share_the_failed_deliveries_without_waiting(
    db: Database, leszno: Schedule
) -> None:
    """Two passes retaking at once (a worker and `notifier remind`) on PostgreSQL: the second
    skips the rows the first holds instead of waiting for them, so neither can deadlock."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite lets one transaction write at a time: retakes never overlap there")
    a = next(DueItem(t, t.windows[0], (7,)) for t in leszno.tasks() if t.windows)
    _subscribers(db, *range(1, 7))
    _claim(db, [(i, (a,)) for i in range(1, 7)], "pass-gone")
    deliveries = table_of(Delivery)
    with db.engine.begin() as connection:
        connection.execute(
            update(deliveries).values(status=FAILED, next_attempt_at=NOW - timedelta(minutes=1))
        )
    catalog = Catalog.single(leszno)
    with db.engine.connect() as first, db.engine.connect() as second, first.begin():
        taken_first = retake(first, catalog, NOW, NOW, 3, time(8, 0), "first")[1]
        with second.begin():
            # A second retake that waited for the first's rows would fail here, not hang.
            second.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
            taken_second = retake(second, catalog, NOW, NOW, 10, time(8, 0), "second")[1]
    assert (taken_first, taken_second) == (3, 3)
    with db.engine.connect() as connection:
        owners = connection.execute(
            select(deliveries.c.subscriber_id, deliveries.c.claimed_by).order_by(
                deliveries.c.subscriber_id
            )
        ).all()
    assert [tuple(o) for o in owners] == [(i, "first" if i <= 3 else "second") for i in range(1, 7)]
