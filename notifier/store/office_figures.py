"""Figures of the office's overview counted in the database: emails by kind and status,
subscribers who hear of each department, those told of a call."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from notifier.core.topic_vocabulary import with_aliases
from notifier.store.delivery_log import deliveries
from notifier.store.models import (
    ACTIVE,
    SENT,
    Subscriber,
    SubscriberCity,
    SubscriberTopic,
    table_of,
)


def email_counts(connection: Connection, since: datetime) -> dict[str, dict[str, int]]:
    """Emails created since `since` (aware), by kind then status (sent, failed, rejected,
    claimed), over the whole service (emails are not kept per city)."""
    d = deliveries
    rows = connection.execute(
        select(d.c.kind, d.c.status, func.count())
        .where(d.c.created_at >= since)
        .group_by(d.c.kind, d.c.status)
    ).all()
    out: dict[str, dict[str, int]] = {}
    for kind, status, count in rows:
        out.setdefault(str(kind), {})[str(status)] = int(count)
    return out


def followers_per_department(
    connection: Connection, city_id: str | None, topics: Mapping[str, Collection[str]]
) -> dict[str, int]:
    """Per department id, the active subscribers who hear of its tasks: following every
    topic or one of `topics[department]` (its tasks' topics), and following the city
    (`city_id`; None: every subscriber, one harmonogram served)."""
    s, st = table_of(Subscriber), table_of(SubscriberTopic)
    active: Any = s.c.state == ACTIVE
    if city_id is not None:
        sc = table_of(SubscriberCity)
        chose = select(sc.c.subscriber_id).where(sc.c.city_id == city_id)
        active = active & (s.c.all_cities.is_(True) | s.c.id.in_(chose))
    out = {}
    for department, slugs in topics.items():
        stored = sorted(with_aliases(slugs))  # a choice stored under an alias counts too
        naming = select(st.c.subscriber_id).where(st.c.topic.in_(stored))
        hears = s.c.all_topics.is_(True) | s.c.id.in_(naming)
        out[department] = int(
            connection.execute(select(func.count()).where(active, hears)).scalar() or 0
        )
    return out


def told_of_call(connection: Connection, alert_key: str, old_key: str) -> int:
    """How many subscribers were sent the alert "Ogłoszono konkurs" whose key is `alert_key`
    ("call:CITY/YEAR/KEY", core.call_alerts.call_alert_key; its deliveries are
    "ALERT_KEY:SUBSCRIBER"), accepted by the mail server. Deliveries under `old_key`, the
    key before issue 25 ("call:KEY", naming no city), count too: the pass holds them sent
    for every city's call of that key, so none of those subscribers gets it again."""
    d = deliveries
    query = select(func.count()).where(
        d.c.dedupe_key.startswith(f"{alert_key}:", autoescape=True)
        | d.c.dedupe_key.startswith(f"{old_key}:", autoescape=True),
        d.c.status == SENT,
    )
    return int(connection.execute(query).scalar() or 0)
