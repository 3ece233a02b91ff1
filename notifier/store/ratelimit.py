"""Sliding-window rate limits kept in the database, so several web processes share them.

An event tied to an email (`delivery_id`) counts only while that email is accepted or still
being sent: an email our mail server failed to take (our outage) does not use up anyone's
limit, and counts again if a later retry gets it accepted.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from notifier.store.models import CLAIMED, SENT, Delivery, RateLimitEvent

WINDOW = timedelta(hours=1)


def _key_hash(scope: str, key: str) -> str:
    # Hashed: the table must not become a second list of addresses or IPs.
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


def used(session: Session, scope: str, key: str, now: datetime, window: timedelta = WINDOW) -> int:
    """How many events for (scope, key) fall in the window ending at `now`."""
    counting = RateLimitEvent.delivery_id.is_(None) | Delivery.status.in_((SENT, CLAIMED))
    return (
        session.scalar(
            select(func.count())
            .select_from(RateLimitEvent)
            .outerjoin(Delivery, Delivery.id == RateLimitEvent.delivery_id)
            .where(
                RateLimitEvent.scope == scope,
                RateLimitEvent.key_hash == _key_hash(scope, key),
                RateLimitEvent.created_at > now - window,
                counting,
            )
        )
        or 0
    )


Limits = list[tuple[str, str, int]]  # (scope, key, how many per window)


def over_limit(
    session: Session, limits: Limits, now: datetime, window: timedelta = WINDOW
) -> str | None:
    """The first scope whose limit is reached, or None (old events are dropped on the way)."""
    session.execute(delete(RateLimitEvent).where(RateLimitEvent.created_at <= now - window))
    for scope, key, limit in limits:
        if used(session, scope, key, now, window) >= limit:
            return scope
    return None


def count(
    session: Session, limits: Limits, now: datetime, *, delivery_id: int | None = None
) -> None:
    """Count one event for each (scope, key), tied to the email `delivery_id` if given."""
    for scope, key, _ in limits:
        session.add(
            RateLimitEvent(
                scope=scope, key_hash=_key_hash(scope, key), created_at=now, delivery_id=delivery_id
            )
        )
    session.flush()
