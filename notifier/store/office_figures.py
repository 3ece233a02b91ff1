"""Figures of the office's overview counted in the database: emails by kind and status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from notifier.store.delivery_log import deliveries


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
