"""notifier.store.bulk: multi-row INSERTs and executemany UPDATEs of driver-ready values, on
SQLite and PostgreSQL, read back through SQLAlchemy as any other row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from notifier.store import bulk
from notifier.store.bulk import bound, insert_rows, update_rows
from notifier.store.db import Database
from notifier.store.models import (
    ACTIVE,
    CLAIMED,
    SENT,
    Delivery,
    DeliveryItem,
    Subscriber,
    table_of,
)

NOW = datetime(2024, 1, 15, 7, 0, 0, 123456, tzinfo=UTC)
_subscribers, _deliveries, _items = table_of(Subscriber), table_of(Delivery), table_of(DeliveryItem)
ITEM_KEY = ["subscriber_id", "task_key", "window_start", "lead_days"]


def _with_subscriber_and_delivery(db: Database) -> int:
    with db.engine.begin() as connection:
        connection.execute(
            insert(_subscribers),
            [{"id": 1, "email": "a@example.org", "email_key": "a@example.org", "state": ACTIVE,
              "all_topics": True, "created_at": NOW}],
        )  # fmt: skip
        rows = insert_rows(
            connection,
            _deliveries,
            ["kind", "recipient", "subscriber_id", "status", "attempts", "created_at"],
            [("reminder", "a@example.org", 1, CLAIMED, 0, bound(connection, _deliveries.c.created_at, NOW))],
            returning=["id", "subscriber_id"],
        )  # fmt: skip
    assert [tuple(r)[1] for r in rows] == [1]
    return int(rows[0][0])


def test_inserted_rows_read_back_with_their_types_and_timestamps(db: Database) -> None:
    delivery_id = _with_subscriber_and_delivery(db)
    with db.engine.connect() as connection:
        row = connection.execute(select(_deliveries).where(_deliveries.c.id == delivery_id)).one()
    assert row.created_at == NOW  # bound() wrote it as SQLAlchemy would have
    assert (row.kind, row.status, row.attempts, row.sent_at) == ("reminder", CLAIMED, 0, None)


def test_conflicting_rows_are_skipped_and_only_the_inserted_are_returned(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivery_id = _with_subscriber_and_delivery(db)
    monkeypatch.setattr(bulk, "MAX_ROWS", 3)  # several statements: chunks are handled alike
    rows = [(delivery_id, 1, f"t{i}", "2024-02-01", 7) for i in range(8)]
    with db.engine.begin() as connection:
        first = insert_rows(connection, _items, ["delivery_id", *ITEM_KEY], rows[:5],
                            ignore_conflicts_on=ITEM_KEY, returning=ITEM_KEY)  # fmt: skip
        second = insert_rows(connection, _items, ["delivery_id", *ITEM_KEY], rows,
                             ignore_conflicts_on=ITEM_KEY, returning=ITEM_KEY)  # fmt: skip
        stored = connection.execute(select(_items.c.task_key)).scalars().all()
    assert sorted(r[1] for r in first) == [f"t{i}" for i in range(5)]
    assert sorted(r[1] for r in second) == ["t5", "t6", "t7"]
    assert sorted(stored) == [f"t{i}" for i in range(8)]


def test_update_rows_sets_each_row_by_its_key(db: Database) -> None:
    ids = [_with_subscriber_and_delivery(db)]
    later = NOW + timedelta(minutes=5)
    with db.engine.begin() as connection:
        other = insert_rows(
            connection, _deliveries, ["kind", "recipient", "subscriber_id", "status", "attempts",
            "created_at"], [("reminder", "b@example.org", 1, CLAIMED, 0,
            bound(connection, _deliveries.c.created_at, NOW))], returning=["id"],
        )  # fmt: skip
        ids.append(int(other[0][0]))
        sent = bound(connection, _deliveries.c.sent_at, later)
        update_rows(connection, _deliveries, "id", ["status", "attempts", "sent_at"],
                    [(SENT, 1, sent, ids[0]), (CLAIMED, 2, None, ids[1])])  # fmt: skip
        rows = connection.execute(
            select(_deliveries.c.id, _deliveries.c.status, _deliveries.c.attempts,
                   _deliveries.c.sent_at).order_by(_deliveries.c.id)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [(ids[0], SENT, 1, later), (ids[1], CLAIMED, 2, None)]


def test_nothing_to_write_runs_no_statement(db: Database) -> None:
    with db.engine.begin() as connection:
        assert insert_rows(connection, _items, ["delivery_id", *ITEM_KEY], []) == []
        update_rows(connection, _deliveries, "id", ["status"], [])
