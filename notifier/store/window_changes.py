"""Keep the last sighting of every task's windows and record each change (window_changes).

`sync_windows` compares the schedule with the stored sightings (the rule is
notifier.core.window_changes) and records what moved or left. The first sync on a database
only records what it sees. Each snapshot row is updated on the condition that it still holds
what this process read, so two processes syncing at once record a change once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.orm import Session

from notifier.core.call_alerts import AlertKind, change_key
from notifier.core.placement import SCOPE_END
from notifier.core.schedule import Schedule
from notifier.core.window_changes import (
    TaskWindows,
    WindowChange,
    decode_windows,
    encode_windows,
    moved_or_removed,
    net_change,
    sightings,
)
from notifier.store.db import Database, insert_ignoring_conflicts
from notifier.store.models import Delivery, TaskWindowSnapshot, table_of
from notifier.store.models import WindowChange as ChangeRow


def _scope_clause(column: Any, scope: str, dialect: str = "") -> Any:
    """The rows of one harmonogram's scope only, in SQL (the worker syncs each of 2,500).
    On SQLite (text compared byte by byte) the prefix is also given as a range, which the
    key's index answers: its LIKE cannot use it, and a scan per harmonogram made the first
    publication of thousands quadratic."""
    if not scope:
        return ~column.contains(SCOPE_END)
    if dialect == "sqlite":
        after = scope[:-1] + chr(ord(scope[-1]) + 1)
        return (column >= scope) & (column < after) & column.startswith(scope)
    return column.startswith(scope)


def _plain(key: str) -> str:
    return key.split(SCOPE_END, 1)[-1]


def _seen(row: TaskWindowSnapshot | ChangeRow, *, new: bool = False) -> TaskWindows | None:
    if isinstance(row, TaskWindowSnapshot):
        return TaskWindows(
            _plain(row.task_key),
            row.title,
            _topics(row.topics),
            row.period,
            decode_windows(row.windows),
        )
    if new:
        if row.new_period is None or row.new_windows is None:
            return None
        period, windows = row.new_period, row.new_windows
    else:
        period, windows = row.old_period, row.old_windows
    return TaskWindows(
        _plain(row.task_key), row.title, _topics(row.topics), period, decode_windows(windows)
    )


def _topics(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t)


def _snapshot_values(seen: TaskWindows, now: datetime, scope: str = "") -> dict[str, object]:
    return {
        "task_key": scope + seen.task_key,
        "title": seen.title,
        "topics": ",".join(seen.topics),
        "period": seen.period,
        "windows": encode_windows(seen.windows),
        "seen_at": now,
    }


def sync_windows(
    db: Database, schedule: Schedule, now: datetime, scope: str = ""
) -> list[WindowChange]:
    """Record the schedule's windows; the changes recorded by this call (none on the first
    call on a database, which only records what it sees). `now` is aware. `scope`
    (notifier.core.placement.store_scope) keeps each harmonogram's sightings apart when several are served.

    A task with changes nobody has been emailed about yet keeps one, the net one
    (notifier.core.window_changes.net_change): removed and put back with the same windows
    before its notice went out, it has none left (issue 25, F19)."""
    current = sightings(schedule)
    table = table_of(TaskWindowSnapshot)
    dialect = db.engine.dialect.name
    recorded: list[WindowChange] = []
    with db.session() as session:
        query = select(TaskWindowSnapshot)
        clause = _scope_clause(table.c.task_key, scope, dialect)
        rows = session.scalars(query.where(clause)).all()
        before = {_plain(row.task_key): seen for row in rows if (seen := _seen(row)) is not None}
        moves = moved_or_removed(before, current) if before else []
        fresh = {key for key in current if key not in before}
        untold = _untold(session, scope, dialect, fresh | {old.task_key for old, _ in moves})
        back = [current[key] for key in sorted(fresh) if key in untold]
        plain = [_snapshot_values(current[k], now, scope) for k in fresh if k not in untold]
        connection = session.connection()
        if plain:
            connection.execute(insert_ignoring_conflicts(connection, table, ["task_key"]), plain)
        for seen in back:  # a task removed and back: the process that records it nets it
            values = _snapshot_values(seen, now, scope)
            insert = insert_ignoring_conflicts(connection, table, ["task_key"])
            if connection.execute(insert.returning(table.c.task_key), values).first():
                pending = untold[seen.task_key]
                change = _record(session, scope, pending, _seen(pending[0]), seen, now)
                recorded += [change] if change is not None else []
        for old, new in moves:
            mine = (table.c.task_key == scope + old.task_key) & (
                table.c.windows == encode_windows(old.windows)
            )
            if new is None:
                done = session.execute(delete(table).where(mine))
            else:
                values = _snapshot_values(new, now, scope)
                done = session.execute(update(table).where(mine).values(**values))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                continue  # another process recorded this change
            change = _record(session, scope, untold.get(old.task_key, []), old, new, now)
            recorded += [change] if change is not None else []
        # Reworded periods and new titles are kept without being a change.
        for key, seen in current.items():
            if key in before and before[key].windows == seen.windows and before[key] != seen:
                session.execute(
                    update(table)
                    .where(table.c.task_key == scope + key)
                    .values(**_snapshot_values(seen, now, scope))
                )
    return recorded


def _untold(
    session: Session, scope: str, dialect: str, keys: set[str]
) -> dict[str, list[ChangeRow]]:
    """The recorded changes of `keys` (plain task keys) no email has been claimed for yet
    (those after the last one that has), oldest first, by key."""
    if not keys:
        return {}
    query = select(ChangeRow).where(_scope_clause(ChangeRow.task_key, scope, dialect))
    out: dict[str, list[ChangeRow]] = {}
    for row in session.scalars(query.order_by(ChangeRow.id)).all():
        key = _plain(row.task_key)
        if key not in keys:
            continue
        told = select(Delivery.id).where(
            Delivery.kind == AlertKind.CHANGE.value,
            Delivery.dedupe_key.startswith(change_key(row.id) + ":", autoescape=True),
        )
        if session.scalar(told.limit(1)) is not None:
            out.pop(key, None)  # told: what is told later starts from its new side
        else:
            out.setdefault(key, []).append(row)
    return out


def _record(
    session: Session,
    scope: str,
    untold: list[ChangeRow],
    old: TaskWindows | None,
    new: TaskWindows | None,
    now: datetime,
) -> WindowChange | None:
    """Record a task's change from `old` to `new` (None: gone) as the one net change of its
    `untold` ones (net_change: none when it is back as told); the change recorded, if any."""
    if untold:
        old = _seen(untold[0])
        for row in untold:
            session.delete(row)
    assert old is not None
    net = net_change(old, new)
    if net is None:
        session.flush()
        return None
    row = ChangeRow(
        task_key=scope + old.task_key,
        title=(new or old).title,
        topics=",".join((new or old).topics),
        old_period=old.period,
        old_windows=encode_windows(old.windows),
        new_period=new.period if new else None,
        new_windows=encode_windows(new.windows) if new else None,
        detected_at=now,
    )
    session.add(row)
    session.flush()
    return WindowChange(id=row.id, old=old, new=new, detected_at=now)


def list_changes(
    connection: Connection, since: datetime | None = None, scope: str | None = None
) -> list[WindowChange]:
    """Recorded changes, newest first (detected at or after `since` when given; of one
    harmonogram's `scope` when given, see notifier.core.placement.store_scope)."""
    query = select(ChangeRow).order_by(ChangeRow.detected_at.desc(), ChangeRow.id.desc())
    if since is not None:
        query = query.where(ChangeRow.detected_at >= since)
    with Session(bind=connection) as session:
        if scope is not None:
            dialect = connection.dialect.name
            query = query.where(_scope_clause(ChangeRow.task_key, scope, dialect))
        out = [_change(row) for row in session.scalars(query).all()]
    return out


def _change(row: ChangeRow) -> WindowChange:
    old = _seen(row)
    assert old is not None
    return WindowChange(id=row.id, old=old, new=_seen(row, new=True), detected_at=row.detected_at)


def changes_by_scope(connection: Connection) -> dict[str, list[WindowChange]]:
    """Every recorded change, newest first, by the scope of its harmonogram (see
    notifier.core.placement.store_scope; "" for those recorded while one harmonogram was served)."""
    query = select(ChangeRow).order_by(ChangeRow.detected_at.desc(), ChangeRow.id.desc())
    out: dict[str, list[WindowChange]] = {}
    with Session(bind=connection) as session:
        for row in session.scalars(query).all():
            scope = row.task_key[: row.task_key.find(SCOPE_END) + 1]
            out.setdefault(scope, []).append(_change(row))
    return out


def changes_stamp(connection: Connection) -> tuple[int, int]:
    """(rows, highest id) of the recorded window changes: changes whenever one is recorded."""
    rows, last = connection.execute(
        select(func.count(), func.coalesce(func.max(ChangeRow.id), 0))
    ).one()
    return int(rows), int(last)
