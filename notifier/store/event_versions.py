"""Remember each calendar event's version across restarts and processes (feed_event_versions).

The core hashes every event's content (notifier.core.feed.event_hashes); here a changed hash
raises the event's SEQUENCE and moves its LAST-MODIFIED to now, so Google Calendar and
Outlook refresh edited events. The whole feed has a row too (FEED_VERSION_KEY, over the
feed's fingerprint): its last change is the HTTP Last-Modified of every feed, which so never
goes backwards and moves whenever any feed's bytes change — restoring an older file or a new
NOTIFIER_BASE_URL included. Only the process whose UPDATE matched the old hash moves a
version, so two processes seeing the same change raise it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, Table, func, select, update
from sqlalchemy.orm import Session

from notifier.core.feed import EventVersion
from notifier.store.db import Database, insert_ignoring_conflicts
from notifier.store.models import FeedEventVersion, as_utc, table_of

FEED_VERSION_KEY = "@feed"  # no event UID has this form (they all hold a name before "@")
_RESOLUTION = timedelta(seconds=1)  # HTTP dates have whole seconds


@dataclass(frozen=True)
class FeedVersions:
    """The versions of every event (by UID) and when any feed last changed (aware UTC)."""

    events: Mapping[str, EventVersion]
    last_modified: datetime


def record_versions(
    db: Database, hashes: Mapping[str, str], fingerprint: str, now: datetime
) -> FeedVersions:
    """Store new and changed hashes (`hashes`: UID -> content hash; `fingerprint`: the whole
    feed's) and return every version. `now` is aware; a changed version's LAST-MODIFIED is
    `now` in whole seconds, or one second after its previous one if the clock is behind it."""
    return record_harmonograms(db, {"": (hashes, fingerprint)}, now)[""]


def record_harmonograms(
    db: Database, wanted: Mapping[str, tuple[Mapping[str, str], str]], now: datetime
) -> dict[str, FeedVersions]:
    """record_versions for several harmonograms in one transaction: `wanted` maps each one's
    scope (notifier.core.catalog.store_scope: "" for the one harmonogram served) to its
    (event hashes, feed fingerprint); the feed's row of a scope is FEED_VERSION_KEY + scope.
    Reads only the rows asked for, so a catalog of thousands costs what its events do."""
    stamp = as_utc(now.replace(microsecond=0))
    assert stamp is not None
    hashes: dict[str, str] = {}
    for scope, (events, fingerprint) in wanted.items():
        hashes.update(events)
        hashes[FEED_VERSION_KEY + scope] = fingerprint
    table = table_of(FeedEventVersion)
    with db.session() as session:
        known = {row.uid: row for row in _rows(session, table, list(hashes))}
        new = [
            {"uid": uid, "content_hash": digest, "sequence": 0, "last_modified": stamp}
            for uid, digest in hashes.items()
            if uid not in known
        ]
        if new:
            connection = session.connection()
            connection.execute(insert_ignoring_conflicts(connection, table, ["uid"]), new)
        for uid, digest in hashes.items():
            row = known.get(uid)
            if row is None or row.content_hash == digest:
                continue
            previous = as_utc(row.last_modified)
            assert previous is not None
            session.execute(
                update(table)
                .where(table.c.uid == uid, table.c.content_hash == row.content_hash)
                .values(
                    content_hash=digest,
                    sequence=row.sequence + 1,
                    last_modified=max(stamp, previous + _RESOLUTION),
                )
            )
    with db.session() as session:
        versions = {
            row.uid: EventVersion(row.sequence, _utc(row.last_modified))
            for row in _rows(session, table, list(hashes))
        }
    return {
        scope: FeedVersions(
            {uid: versions[uid] for uid in events},
            versions[FEED_VERSION_KEY + scope].last_modified,
        )
        for scope, (events, _fingerprint) in wanted.items()
    }


_CHUNK = 500  # UIDs per IN (...) list: well under every database's limit of parameters


def _rows(session: Session, table: Table, uids: Sequence[str]) -> list[Row[Any]]:
    """The stored rows of `uids`, a chunk of them per query."""
    found: list[Row[Any]] = []
    for start in range(0, len(uids), _CHUNK):
        chunk = uids[start : start + _CHUNK]
        found += session.execute(select(table).where(table.c.uid.in_(chunk))).all()
    return found


def _utc(value: datetime) -> datetime:
    moment = as_utc(value)
    assert moment is not None
    return moment


def versions_stamp(connection: Connection) -> tuple[int, int]:
    """(rows, sum of SEQUENCE) of the recorded versions: changes whenever a version is
    recorded or raised (rows are only added and sequences only grow), in one cheap query."""
    table = table_of(FeedEventVersion)
    rows, sequences = connection.execute(
        select(func.count(), func.coalesce(func.sum(table.c.sequence), 0)).select_from(table)
    ).one()
    return int(rows), int(sequences)
