"""Who a call-alert batch is (memory flat in the number of subscribers): the next `size`
active subscribers who follow the city (every city, or a subscriber_cities row for it), with
their topics from one query per batch. What the delivery log holds of the batch's alerts, and
their claims, are notifier.store.delivery_log's (`known`, `claim_keys`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, exists, select, true

from notifier.core.call_alerts import Recipient
from notifier.store.models import (
    ACTIVE,
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
