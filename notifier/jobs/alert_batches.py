"""The call-alert pass's database side, one batch of subscribers at a time (memory flat in the
number of subscribers): who the batch is, what the delivery log holds of the batch's alerts,
and the batch's claims in a few statements.

- `recipients`: the next `size` active subscribers who follow the city (every city, or a
  subscriber_cities row for it), with their topics from one query per batch.
- `known`: the log's rows of the batch's dedupe keys (on the unique dedupe_key index), each
  with whether it may be taken (again) now (notifier.jobs.claim_owners.retry_due).
- `claim_keys`: notifier.jobs.claims.claim_by_key for many keys at once, the same rule: the
  INSERT that creates a row wins; an existing row is retaken only if it failed and its next
  attempt has come, or its pass is gone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, exists, select, true, update

from notifier.core.call_alerts import Recipient
from notifier.jobs.claim_owners import Owners, retry_due
from notifier.store.db import insert_ignoring_conflicts
from notifier.store.models import (
    ACTIVE,
    CLAIMED,
    Delivery,
    Subscriber,
    SubscriberCity,
    SubscriberTopic,
    table_of,
)

BATCH_SIZE = 1000  # subscribers planned, claimed and sent at a time
# Keys per IN list: well under SQLite's bound parameters (32,766) and PostgreSQL's (65,535).
KEYS_PER_STATEMENT = 1000

_subscribers = table_of(Subscriber)
_topics = table_of(SubscriberTopic)
_cities = table_of(SubscriberCity)
_deliveries = table_of(Delivery)


def _follows(city_id: str | None) -> Any:
    """Who hears of a harmonogram of `city_id`: those who follow every city or chose it (one
    not yet placed in a city, all_cities NULL, does not); with None, every subscriber."""
    s = _subscribers
    if city_id is None:
        return true()
    chose = exists().where(_cities.c.subscriber_id == s.c.id, _cities.c.city_id == city_id)
    return s.c.all_cities.is_(True) | chose


def recipients(
    connection: Connection, city_id: str | None, after: int, size: int
) -> list[tuple[Recipient, str]]:
    """The next `size` active subscribers with an id above `after` who follow `city_id`
    (None: every subscriber), in id order, each with their email address; [] when none is
    left. Two statements, whatever the batch."""
    s = _subscribers
    rows = connection.execute(
        select(s.c.id, s.c.email, s.c.all_topics, s.c.deadline_days, s.c.confirmed_at)
        .where(s.c.state == ACTIVE, s.c.id > after, _follows(city_id))
        .order_by(s.c.id)
        .limit(size)
    ).all()
    chosen = [int(row.id) for row in rows if not row.all_topics]
    topics: dict[int, set[str]] = {i: set() for i in chosen}
    if chosen:
        for subscriber_id, topic in connection.execute(
            select(_topics.c.subscriber_id, _topics.c.topic).where(
                _topics.c.subscriber_id.in_(chosen)
            )
        ):
            topics[int(subscriber_id)].add(str(topic))
    return [
        (
            Recipient(
                int(row.id),
                None if row.all_topics else frozenset(topics[int(row.id)]),
                int(row.deadline_days),
                row.confirmed_at,
            ),
            str(row.email),
        )
        for row in rows
    ]


def _chunks(keys: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), KEYS_PER_STATEMENT):
        yield list(keys[start : start + KEYS_PER_STATEMENT])


def known(
    connection: Connection, keys: Sequence[str], now: datetime, stamp: datetime, owners: Owners
) -> dict[str, bool]:
    """Of `keys`, those the delivery log holds: whether each may be taken now (failed and
    due, or its pass gone), on the unique dedupe_key index."""
    d = _deliveries
    out: dict[str, bool] = {}
    for chunk in _chunks(sorted(set(keys))):
        rows = connection.execute(
            select(d.c.dedupe_key, retry_due(d, now, stamp, owners)).where(
                d.c.dedupe_key.in_(chunk)
            )
        )
        out.update((str(key), bool(due)) for key, due in rows)
    return out


@dataclass(frozen=True)
class KeyClaim:
    """One delivery to claim by its unique dedupe key."""

    kind: str
    recipient: str
    dedupe_key: str
    subscriber_id: int | None


def claim_keys(
    connection: Connection,
    wanted: Sequence[KeyClaim],
    *,
    now: datetime,
    stamp: datetime,
    owner: str,
    owners: Owners,
) -> dict[str, tuple[int, int]]:
    """Claim many deliveries for `owner` in the caller's transaction: {dedupe key: (id,
    attempts so far)} of those now ours to send; a key missing is not (sent, rejected, waiting
    for its next attempt, or being sent). claim_by_key's rule, in a few statements: the
    multi-row INSERT … ON CONFLICT DO NOTHING creates the new rows (ours), then one UPDATE per
    KEYS_PER_STATEMENT of the others retakes those that are due (retry_due)."""
    if not wanted:
        return {}
    d = _deliveries
    # Sorted so concurrent claimers lock the unique index in the same order (no deadlocks).
    ordered = sorted({w.dedupe_key: w for w in wanted}.values(), key=lambda w: w.dedupe_key)
    inserted = connection.execute(
        insert_ignoring_conflicts(connection, d, ["dedupe_key"]).returning(
            d.c.dedupe_key, d.c.id, d.c.attempts
        ),
        [
            {
                "kind": w.kind,
                "recipient": w.recipient,
                "subscriber_id": w.subscriber_id,
                "dedupe_key": w.dedupe_key,
                "status": CLAIMED,
                "attempts": 0,
                "created_at": now,
                "last_attempt_at": stamp,
                "claimed_by": owner,
            }
            for w in ordered
        ],
    ).all()
    ours = {str(key): (int(i), int(attempts)) for key, i, attempts in inserted}
    existing = [w.dedupe_key for w in ordered if w.dedupe_key not in ours]
    due = retry_due(d, now, stamp, owners)
    for chunk in _chunks(existing):
        retaken = connection.execute(
            update(d)
            .where(d.c.dedupe_key.in_(chunk), due)
            .values(status=CLAIMED, last_attempt_at=stamp, claimed_by=owner)
            .returning(d.c.dedupe_key, d.c.id, d.c.attempts)
        )
        ours.update((str(key), (int(i), int(attempts))) for key, i, attempts in retaken)
    return ours
