"""Subscribers who signed up before cities existed, placed in the city they signed up in.

Migration 0005 leaves them with all_cities = NULL (they get no reminders in that state). When
the service starts with one city configured — the city they signed up in, as every service
had exactly one before — they are given that city, and the task keys of their delivery log
get its id in front ("leszno:mopr/seniorzy"), so nothing already sent goes out again.
"""

from __future__ import annotations

import logging

from sqlalchemy import and_, func, insert, select, update

from notifier.core.catalog import Catalog
from notifier.store.db import Database
from notifier.store.models import DeliveryItem, Subscriber, SubscriberCity, table_of

log = logging.getLogger(__name__)


def unplaced_count(db: Database) -> int:
    """How many subscribers still wait to be placed in a city."""
    s = table_of(Subscriber)
    with db.engine.connect() as connection:
        query = select(func.count()).select_from(s).where(s.c.all_cities.is_(None))
        return int(connection.execute(query).scalar() or 0)


def place_in_city(db: Database, city_id: str) -> int:
    """Give every unplaced subscriber `city_id` and prefix the delivery log's old task keys
    with it; the number of subscribers placed (0 when there was none: safe at every start)."""
    s, sc, di = table_of(Subscriber), table_of(SubscriberCity), table_of(DeliveryItem)
    with db.engine.begin() as connection:
        ids = [row[0] for row in connection.execute(select(s.c.id).where(s.c.all_cities.is_(None)))]
        if ids:
            connection.execute(insert(sc), [{"subscriber_id": i, "city_id": city_id} for i in ids])
            connection.execute(update(s).where(s.c.id.in_(ids)).values(all_cities=False))
        # Keys written before cities had ids have no ":".
        connection.execute(
            update(di)
            .where(and_(~di.c.task_key.contains(":")))
            .values(task_key=city_id + ":" + di.c.task_key)
        )
    return len(ids)


def place_legacy_subscribers(db: Database, catalog: Catalog) -> None:
    """At start: place unplaced subscribers when exactly one city is configured; with several,
    log how many wait (start once with the old schedule file, or add them again by city)."""
    cities = catalog.cities()
    if len(cities) == 1:
        placed = place_in_city(db, cities[0].city_id)
        if placed:
            log.info("Placed %d earlier subscriber(s) in city %s", placed, cities[0].city_id)
        return
    waiting = unplaced_count(db)
    if waiting:
        log.warning(
            "%d subscriber(s) signed up before cities existed and get no reminders until "
            "the service starts once with their city's schedule file alone "
            "(NOTIFIER_SCHEDULE=that file)",
            waiting,
        )
