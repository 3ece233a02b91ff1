"""Remember each calendar event's version across restarts and processes (feed_event_versions).

The core hashes every event's content (notifier.core.feed.event_hashes); here a changed hash
raises the event's SEQUENCE and moves its LAST-MODIFIED to now, so Google Calendar and
Outlook refresh edited events. Each harmonogram's feed has a row too (FEED_VERSION_KEY and
its scope, over a key of everything its events are made of): its last change is the HTTP
Last-Modified of the feeds holding it, which so never goes backwards and moves whenever
their bytes may change — restoring an older file or a new NOTIFIER_BASE_URL included. While
a harmonogram's key is the stored one, its events are not hashed again. Only the process whose UPDATE matched the old hash moves a
version, so two processes seeing the same change raise it once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, Table, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from notifier.core.feed import EventVersion
from notifier.core.feed_cancelled import GoneEvent
from notifier.store.db import Database, insert_ignoring_conflicts
from notifier.store.feed_dates import FEED_DATE_PREFIX
from notifier.store.models import FeedEventVersion, as_utc, table_of

GONE_HASH = "gone"  # the content of an event that left its harmonogram (no sha256 is this)
FEED_VERSION_KEY = "@feed"  # no event UID has this form (they all hold a name before "@")
_RESOLUTION = timedelta(seconds=1)  # HTTP dates have whole seconds


@dataclass(frozen=True)
class FeedVersions:
    """The versions of every event (by UID, the `gone` ones' too) and when any feed last
    changed (aware UTC); `gone`: the events that left the harmonogram, kept a while as
    cancelled (notifier.core.feed_cancelled)."""

    events: Mapping[str, EventVersion]
    last_modified: datetime
    gone: Sequence[GoneEvent] = ()


@dataclass(frozen=True)
class HarmonogramEvents:
    """What the store needs of one harmonogram to keep its events' versions.

    `uids`: every event's UID (cheap to list); `key`: a digest of everything the events are
    made of (the file's version, the links, the rendering code), stored as the harmonogram's
    feed row; `hashes`: UID -> content hash of each event, called only when `key` differs
    from the stored one or an event is new (it renders every event: the costly part);
    `gone`: events no longer in it (their content becomes GONE_HASH: SEQUENCE goes up)."""

    uids: Sequence[str]
    key: str
    hashes: Callable[[], Mapping[str, str]]
    gone: Sequence[GoneEvent] = ()


def record_harmonograms(
    db: Database,
    wanted: Mapping[str, HarmonogramEvents],
    now: datetime,
    unstored: Callable[[SQLAlchemyError], object] | None = None,
) -> dict[str, FeedVersions]:
    """Every event's version and each harmonogram's feed's last change, by the harmonogram's
    scope (notifier.core.placement.store_scope: "" for the one harmonogram served; its feed
    row is FEED_VERSION_KEY + scope). A harmonogram whose stored key is its `key` is only
    read; for the others the events' hashes are compared and every new or changed one is
    stored (a changed hash raises SEQUENCE and moves LAST-MODIFIED to `now`, aware, in whole
    seconds, or one second after its previous one if the clock is behind it). Reads only
    the rows asked for, so a catalog of thousands costs what its events do.

    `unstored`: when given, a write that fails (a full disk blocks writes, not reads: M9) is
    handed to it and the versions read are answered, new events at the feed's default
    version, instead of the error; without it the error is raised."""
    stamp = as_utc(now.replace(microsecond=0))
    assert stamp is not None
    table = table_of(FeedEventVersion)
    uids = [uid for found in wanted.values() for uid in found.uids]
    uids += [gone.uid for found in wanted.values() for gone in found.gone]
    uids += [FEED_VERSION_KEY + scope for scope in wanted]
    with db.session() as session:
        rows = {row.uid: row for row in _rows(session, table, uids)}
    stale = {
        scope: found
        for scope, found in wanted.items()
        if getattr(rows.get(FEED_VERSION_KEY + scope), "content_hash", None) != found.key
        or any(uid not in rows for uid in found.uids)
    }
    if stale:
        hashes: dict[str, str] = {}
        for scope, found in stale.items():
            hashes.update(found.hashes())
            hashes.update((gone.uid, GONE_HASH) for gone in found.gone)
            hashes[FEED_VERSION_KEY + scope] = found.key
        try:
            _store(db, table, hashes, rows, stamp)
        except SQLAlchemyError as exc:
            if unstored is None:
                raise
            unstored(exc)
        else:
            with db.session() as session:
                rows.update((row.uid, row) for row in _rows(session, table, list(hashes)))
    versions = {
        uid: EventVersion(row.sequence, _utc(row.last_modified)) for uid, row in rows.items()
    }
    return {
        scope: FeedVersions(
            {
                uid: versions[uid]
                for uid in [*found.uids, *(gone.uid for gone in found.gone)]
                if uid in versions
            },
            getattr(versions.get(FEED_VERSION_KEY + scope), "last_modified", stamp),
            found.gone,
        )
        for scope, found in wanted.items()
    }


def _store(
    db: Database, table: Table, hashes: Mapping[str, str], rows: Mapping[str, Any], stamp: datetime
) -> None:
    """Insert the new UIDs of `hashes` at SEQUENCE 0 and raise the version of each whose
    hash changed since `rows` were read (only the process whose UPDATE still matches the old
    hash does, so two processes seeing one change raise it once)."""
    with db.session() as session:
        new = [
            {"uid": uid, "content_hash": digest, "sequence": 0, "last_modified": stamp}
            for uid, digest in hashes.items()
            if uid not in rows
        ]
        if new:
            connection = session.connection()
            connection.execute(insert_ignoring_conflicts(connection, table, ["uid"]), new)
        for uid, digest in hashes.items():
            row = rows.get(uid)
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
    recorded or raised (rows are only added and sequences only grow), in one cheap query.
    The Atom feeds' dates (notifier.store.feed_dates) are left out: each Atom answer reads
    its own, and a feed's first date recorded is no news to any cache."""
    table = table_of(FeedEventVersion)
    rows, sequences = connection.execute(
        select(func.count(), func.coalesce(func.sum(table.c.sequence), 0))
        .select_from(table)
        .where(table.c.uid.not_like(FEED_DATE_PREFIX + "%"))
    ).one()
    return int(rows), int(sequences)
