"""Each version of what a recorded call tells, and which version each call email told
(blind11 F6: a corrected deadline reached nobody).

`sync_calls` records a harmonogram's calls as they are now: a call first seen gets its first
version, a call whose deadline, amount, address or title differs from its latest version gets
a new one (once, whichever process sees it first: `previous` is unique per call).
`record_told` writes, with a call email's claim, the version it tells; `told_versions` reads,
for a batch of subscribers, the newest version each was told of each call — by an email the
server accepted, one whose result is unknown, or one being sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, or_, select

from notifier.core.call_alerts import call_ref
from notifier.core.call_changes import CallHistory, CallVersion, Told
from notifier.core.schedule import Schedule
from notifier.store.bulk import insert_rows
from notifier.store.call_models import CallToldRow, CallVersionRow
from notifier.store.db import Database, insert_ignoring_conflicts
from notifier.store.delivery_log import KEYS_PER_STATEMENT, UNCERTAIN_PREFIX, deliveries
from notifier.store.models import CLAIMED, FAILED, SENT, as_utc, table_of

_versions = table_of(CallVersionRow)
_told = table_of(CallToldRow)


def histories(connection: Connection, refs: Iterable[str]) -> dict[str, CallHistory]:
    """The recorded versions of the calls `refs` names (core.call_alerts.call_ref), by ref;
    a call with none recorded is left out."""
    wanted = sorted(set(refs))
    rows: dict[str, list[CallVersion]] = {}
    for start in range(0, len(wanted), KEYS_PER_STATEMENT):
        chunk = wanted[start : start + KEYS_PER_STATEMENT]
        query = (
            select(_versions.c.id, _versions.c.call_ref, _versions.c.told, _versions.c.seen_at)
            .where(_versions.c.call_ref.in_(chunk))
            .order_by(_versions.c.id)
        )
        for version_id, ref, told, seen_at in connection.execute(query):
            seen = as_utc(seen_at)
            assert seen is not None
            version = CallVersion(int(version_id), Told.decode(told), seen)
            rows.setdefault(str(ref), []).append(version)
    return {ref: CallHistory(ref, tuple(found)) for ref, found in rows.items()}


def schedule_histories(
    connection: Connection, schedules: Iterable[Schedule]
) -> dict[str, CallHistory]:
    """The recorded versions of every call of `schedules`, by ref."""
    return histories(connection, (call_ref(s, c) for s in schedules for c in s.calls))


def sync_calls(db: Database, schedule: Schedule, now: datetime) -> None:
    """Record each call of `schedule` as it is now (`now` aware): a first version for a call
    never seen, a new one for a call that tells something else than its latest version."""
    if not schedule.calls:
        return
    current = {call_ref(schedule, call): Told.of(call).encode() for call in schedule.calls}
    with db.engine.begin() as connection:
        known = histories(connection, current)
        rows = []
        for ref, told in current.items():
            history = known.get(ref)
            if history is None:
                rows.append({"call_ref": ref, "previous": 0, "told": told, "seen_at": now})
            elif history.latest.told.encode() != told:
                previous = history.latest.id
                rows.append({"call_ref": ref, "previous": previous, "told": told, "seen_at": now})
        if rows:
            insert = insert_ignoring_conflicts(connection, _versions, ["call_ref", "previous"])
            connection.execute(insert, rows)


def record_told(connection: Connection, told: Sequence[tuple[int, int]]) -> None:
    """Record, in the claim's transaction, the version (delivery id, version id) each claimed
    call email tells; a retaken one's is replaced (it is rendered anew)."""
    if not told:
        return
    ids = [delivery for delivery, _ in told]
    for start in range(0, len(ids), KEYS_PER_STATEMENT):
        chunk = ids[start : start + KEYS_PER_STATEMENT]
        connection.execute(delete(_told).where(_told.c.delivery_id.in_(chunk)))
    insert_rows(connection, _told, ["delivery_id", "version_id"], list(told))


def told_versions(
    connection: Connection, keys: Mapping[str, tuple[int, str, int]]
) -> dict[tuple[int, str], int]:
    """Of the delivery log's rows under `keys` (dedupe key -> (subscriber id, call ref, the
    version a row of it tells when none is recorded: the call's first)), those that reached
    or may have reached the subscriber — sent, being sent, or sent with no answer (UNCERTAIN)
    — and the newest version each (subscriber, call) was told."""
    d = deliveries
    reached = or_(
        d.c.status.in_([SENT, CLAIMED]),
        (d.c.status == FAILED)
        & d.c.next_attempt_at.is_(None)
        & d.c.smtp_response.startswith(UNCERTAIN_PREFIX, autoescape=True),
    )
    out: dict[tuple[int, str], int] = {}
    wanted = sorted(keys)
    for start in range(0, len(wanted), KEYS_PER_STATEMENT):
        chunk = wanted[start : start + KEYS_PER_STATEMENT]
        query = (
            select(d.c.dedupe_key, _told.c.version_id)
            .select_from(d.outerjoin(_told, _told.c.delivery_id == d.c.id))
            .where(d.c.dedupe_key.in_(chunk), reached)
        )
        for key, version_id in connection.execute(query):
            subscriber_id, ref, first = keys[str(key)]
            version = int(version_id) if version_id is not None else first
            out[subscriber_id, ref] = max(out.get((subscriber_id, ref), 0), version)
    return out
