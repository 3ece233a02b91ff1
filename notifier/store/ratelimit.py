"""Sliding-window rate limits kept in the database, so several web processes share them."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from notifier.store.models import RateLimitEvent

WINDOW = timedelta(hours=1)


def _key_hash(scope: str, key: str) -> str:
    # Hashed: the table must not become a second list of addresses or IPs.
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


def used(session: Session, scope: str, key: str, now: datetime, window: timedelta = WINDOW) -> int:
    """How many events for (scope, key) fall in the window ending at `now`."""
    return (
        session.scalar(
            select(func.count())
            .select_from(RateLimitEvent)
            .where(
                RateLimitEvent.scope == scope,
                RateLimitEvent.key_hash == _key_hash(scope, key),
                RateLimitEvent.created_at > now - window,
            )
        )
        or 0
    )


def allow(
    session: Session,
    limits: list[tuple[str, str, int]],
    now: datetime,
    window: timedelta = WINDOW,
) -> str | None:
    """Check every (scope, key, limit); if all are under their limit, count one event for each.

    Returns None when allowed, else the scope whose limit was reached (nothing counted).
    """
    session.execute(delete(RateLimitEvent).where(RateLimitEvent.created_at <= now - window))
    for scope, key, limit in limits:
        if used(session, scope, key, now, window) >= limit:
            return scope
    for scope, key, _ in limits:
        session.add(RateLimitEvent(scope=scope, key_hash=_key_hash(scope, key), created_at=now))
    session.flush()
    return None
