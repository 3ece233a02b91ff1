"""Each feed's date, recorded once for every process (notifier.core.feed_dates): a row of
feed_event_versions per Atom feed path and language, and per calendar a path names and
language (its uid: "@atom:" and a digest of both), with the digest of the bytes it was last
seen with."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update

from notifier.core.feed_dates import RecordedDate, feed_date
from notifier.core.feed_spec import FeedSpec
from notifier.store.db import Database, insert_ignoring_conflicts
from notifier.store.models import FeedEventVersion, as_utc, table_of

FEED_DATE_PREFIX = "@atom:"  # no event UID and no FEED_VERSION_KEY row starts so


def feed_date_key(path: str) -> str:
    """The row of the feed at `path` (with its canonical query: ?lang= for its language)."""
    digest = hashlib.sha256(path.encode()).hexdigest()
    return FEED_DATE_PREFIX + digest[:48]


def calendar_date_key(spec: FeedSpec, language: str) -> str | None:
    """The row of the calendar of `spec` in `language` when a path names it (a city's or
    every city's calendar, topic or department: as many as the catalog has); None for a view
    only a query makes (two cities, a region, a topic and a department), dated by its
    content alone, so no query adds rows. A path and the query naming the same spec
    (/leszno/calendar.ics, /calendar.ics?city=leszno) share the row: their bytes are one."""
    if spec.regions or len(spec.cities) > 1 or len(spec.topics) + len(spec.departments) > 1:
        return None
    if spec.departments and len(spec.cities) != 1:
        return None
    named = [",".join(sorted(ids)) for ids in (spec.cities, spec.topics, spec.departments)]
    return feed_date_key("calendar:" + ";".join(named) + f"?lang={language}")


def record_feed_date(
    db: Database, key: str, body: bytes, content_date: datetime, now: datetime
) -> datetime:
    """The date of the feed `key` whose bytes are `body` (notifier.core.feed_dates.feed_date),
    recorded when it is new or its bytes changed: record_digest_date."""
    digest = hashlib.sha256(body).hexdigest()
    return record_digest_date(db, key, digest, content_date, now)


def record_digest_date(
    db: Database, key: str, digest: str, content_date: datetime, now: datetime
) -> datetime:
    """The date of the feed `key` whose bytes' SHA-256 is `digest` (hex), recorded when it is
    new or its bytes changed. Of two processes seeing the same change only the one whose
    UPDATE still matches the old digest moves it; the other answers the recorded date.
    SQLAlchemyError when the database fails."""
    table = table_of(FeedEventVersion)
    row = _row(db, key)
    recorded = None if row is None else RecordedDate(row.content_hash, _utc(row.last_modified))
    moment = feed_date(recorded, digest, content_date, now)
    if recorded is not None and recorded.digest == digest:
        return moment
    with db.session() as session:
        if row is None:
            connection = session.connection()
            values = {"uid": key, "content_hash": digest, "sequence": 0, "last_modified": moment}
            connection.execute(insert_ignoring_conflicts(connection, table, ["uid"]), [values])
        else:
            session.execute(
                update(table)
                .where(table.c.uid == key, table.c.content_hash == row.content_hash)
                .values(content_hash=digest, sequence=row.sequence + 1, last_modified=moment)
            )
    now_row = _row(db, key)
    if now_row is not None and now_row.content_hash == digest:
        return _utc(now_row.last_modified)
    return moment


def _row(db: Database, key: str) -> Row[Any] | None:
    table = table_of(FeedEventVersion)
    with db.session() as session:
        return session.execute(select(table).where(table.c.uid == key)).first()


def _utc(value: datetime) -> datetime:
    moment = as_utc(value)
    assert moment is not None
    return moment


def recorded_dates(db: Database) -> dict[str, RecordedDate]:
    """Every feed's date recorded (by its key), in one query. SQLAlchemyError."""
    table = table_of(FeedEventVersion)
    with db.session() as session:
        rows = session.execute(
            select(table.c.uid, table.c.content_hash, table.c.last_modified).where(
                table.c.uid.startswith(FEED_DATE_PREFIX, autoescape=True)
            )
        ).all()
    return {str(r.uid): RecordedDate(str(r.content_hash), _utc(r.last_modified)) for r in rows}


def record_first_dates(db: Database, first: dict[str, RecordedDate]) -> None:
    """Record the dates of feeds first seen (`first`, by key) in one statement; a row another
    process recorded meanwhile stays (it holds the same content date). SQLAlchemyError."""
    if not first:
        return
    table = table_of(FeedEventVersion)
    values = [
        {"uid": key, "content_hash": seen.digest, "sequence": 0, "last_modified": seen.date}
        for key, seen in first.items()
    ]
    with db.session() as session:
        connection = session.connection()
        connection.execute(insert_ignoring_conflicts(connection, table, ["uid"]), values)
