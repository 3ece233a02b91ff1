"""The reminder pass's delivery log: claim what is due, record what became of it, retake failures.

What is due is decided in notifier.jobs.due_query; this module owns the log it is claimed in.

delivery_items is UNIQUE(subscriber, task, window start, lead): only what a transaction
inserted is its to send, so concurrent passes never send a reminder twice. Failed sends are
retaken with backoff; claims left by a pass that is gone are retaken (see claim_owners).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, text, update

from notifier.core.catalog import Catalog
from notifier.core.due import DueItem, is_due
from notifier.core.placement import placement
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import Span
from notifier.jobs.claim_owners import Owners, retry_due
from notifier.jobs.signup import link
from notifier.mail.delivery import PERMANENT, DeliveryResult
from notifier.settings import Settings
from notifier.store.bulk import bound, insert_rows, update_rows
from notifier.store.db import insert_ignoring_conflicts
from notifier.store.models import (
    ACTIVE,
    CLAIMED,
    FAILED,
    MANAGE,
    REJECTED,
    SENT,
    UNSUBSCRIBE,
    Delivery,
    DeliveryItem,
    SubscriberToken,
    table_of,
)
from notifier.store.tokens import hash_token, new_token, supersede_manage_tokens

log = logging.getLogger(__name__)

KIND = "reminder"
# A delivery still "claimed" by a pass that is gone (see claim_owners) is retaken: at-least-
# once. Each message is recorded as the server accepts it, so a crash sends again at most the
# messages that were on the wire; the other choice (at-most-once) would silently lose them,
# and a missed grant competition costs an NGO far more than a duplicate.
RETRY_BASE = timedelta(minutes=15)  # failed: next attempt after 15 min, 30, 60, … at most 6 h
RETRY_MAX = timedelta(hours=6)

_deliveries = table_of(Delivery)
_items = table_of(DeliveryItem)
_tokens = table_of(SubscriberToken)
_DELIVERY_COLUMNS = (
    "kind", "recipient", "subscriber_id", "status", "attempts", "created_at", "last_attempt_at",
    "claimed_by",
)  # fmt: skip
_TOKEN_COLUMNS = ["subscriber_id", "purpose", "token_hash", "created_at", "expires_at", "used_at"]
_RECORD_COLUMNS = [  # attempt_values' columns, in this order (see record)
    "status", "attempts", "last_attempt_at", "sent_at", "next_attempt_at", "smtp_response",
    "message_id",
]  # fmt: skip
_ITEM_KEY = ["subscriber_id", "task_key", "window_start", "lead_days"]  # the UNIQUE key


def window_start(window: Span) -> str:
    """The claimed window's start, ISO: a window that moves, or another round, is a new
    reminder."""
    return window.start.isoformat()


def _window_starting(task: Task | None, start: str) -> Span | None:
    """The task's window (round) that starts on `start` (ISO), if it still has one."""
    windows = task.windows if task is not None else ()
    return next((w for w in windows if window_start(w) == start), None)


# What the decide step found for one subscriber: (subscriber id, email, due items in order).
Found = tuple[int, str, tuple[DueItem, ...]]


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt (exponential, capped)."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


@dataclass(frozen=True)
class Pending:
    """One email to send: its claimed delivery row and the items it covers."""

    delivery_id: int
    subscriber_id: int
    email: str
    attempts: int  # attempts before this one
    items: tuple[DueItem, ...]
    retry: bool = False


def claim(
    connection: Connection,
    found: Sequence[Found],
    now: datetime,
    stamp: datetime,
    owner: str,
) -> list[Pending]:
    """Insert deliveries + items in the caller's transaction, claimed by `owner`; keep only
    what we inserted."""
    if not found:
        return []
    created = bound(connection, _deliveries.c.created_at, now)
    claimed = bound(connection, _deliveries.c.last_attempt_at, stamp)
    rows = insert_rows(
        connection,
        _deliveries,
        [*_DELIVERY_COLUMNS],
        [
            (KIND, email, subscriber_id, CLAIMED, 0, created, claimed, owner)
            for subscriber_id, email, _ in found
        ],
        returning=("id", "subscriber_id"),
    )
    delivery_of = {subscriber_id: delivery_id for delivery_id, subscriber_id in rows}
    # The log's names for each task window, worked out once per batch, not once per row.
    names: dict[tuple[int, int, Span], tuple[str, str]] = {}

    def named(item: DueItem) -> tuple[str, str]:
        key = (id(item.schedule), id(item.task), item.window)
        name = names.get(key)
        if name is None:
            name = names[key] = (item.ref, window_start(item.window))
        return name

    # Sorted so concurrent claimers lock the unique index in the same order (no deadlocks).
    wanted = sorted(
        (subscriber_id, *named(item), lead)
        for subscriber_id, _, items in found
        for item in items
        for lead in item.leads
    )
    inserted = insert_rows(
        connection,
        _items,
        ["delivery_id", *_ITEM_KEY],
        [(delivery_of[row[0]], *row) for row in wanted],
        ignore_conflicts_on=_ITEM_KEY,
    )
    if inserted == len(wanted):  # the usual case: nobody had claimed any of it
        return [
            Pending(delivery_of[subscriber_id], subscriber_id, email, 0, items)
            for subscriber_id, email, items in found
        ]
    # Another pass claimed some first: ours are the items now filed under our deliveries.
    ours = {
        (s, k, w, int(lead))
        for s, k, w, lead in connection.execute(
            select(*(_items.c[c] for c in _ITEM_KEY)).where(
                _items.c.delivery_id.in_(list(delivery_of.values()))
            )
        )
    }
    pending, lost = [], []
    for subscriber_id, email, items in found:
        kept = []
        for item in items:
            ref, start = named(item)
            leads = tuple(d for d in item.leads if (subscriber_id, ref, start, d) in ours)
            if leads:
                kept.append(DueItem(item.task, item.window, leads, item.schedule))
        if kept:
            pending.append(
                Pending(delivery_of[subscriber_id], subscriber_id, email, 0, tuple(kept))
            )
        else:  # another pass claimed all of it first
            lost.append(delivery_of[subscriber_id])
    if lost:
        connection.execute(delete(_deliveries).where(_deliveries.c.id.in_(lost)))
    return pending


def mint_tokens(
    connection: Connection, pending: Sequence[Pending], now: datetime
) -> dict[int, tuple[str, str]]:
    """Fresh (manage, unsubscribe) tokens per email by delivery id, in one statement; only
    their hashes are stored. The subscribers' older manage tokens get their grace period."""
    rows, tokens = [], {}
    created = bound(connection, _tokens.c.created_at, now)
    for p in pending:
        manage, unsubscribe = new_token(), new_token()
        tokens[p.delivery_id] = (manage, unsubscribe)
        rows.append((p.subscriber_id, MANAGE, hash_token(manage), created, None, None))
        rows.append((p.subscriber_id, UNSUBSCRIBE, hash_token(unsubscribe), created, None, None))
    if rows:
        connection.execute(supersede_manage_tokens({p.subscriber_id for p in pending}, now))
        insert_rows(connection, _tokens, _TOKEN_COLUMNS, rows)
    return tokens


def mint_links(
    connection: Connection, settings: Settings, pending: Sequence[Pending], now: datetime
) -> dict[int, tuple[str, str]]:
    """mint_tokens, as the (manage, unsubscribe) URLs."""
    return {
        delivery_id: (link(settings, MANAGE, manage), link(settings, UNSUBSCRIBE, unsubscribe))
        for delivery_id, (manage, unsubscribe) in mint_tokens(connection, pending, now).items()
    }


def claim_by_key(
    connection: Connection,
    *,
    kind: str,
    recipient: str,
    dedupe_key: str,
    subscriber_id: int | None,
    now: datetime,
    stamp: datetime,
    owner: str,
    owners: Owners | None = None,
) -> tuple[int, int] | None:
    """Claim the one delivery with this dedupe key: (id, attempts so far), or None when it is
    not ours to send (sent, rejected, waiting for its next attempt, or being sent).

    The INSERT that creates the row wins; an existing row is retaken only if it failed and its
    next attempt has come, or its pass is gone (notifier.jobs.claim_owners.retry_due).
    """
    d = _deliveries
    row = connection.execute(
        insert_ignoring_conflicts(connection, d, ["dedupe_key"])
        .values(
            kind=kind,
            recipient=recipient,
            subscriber_id=subscriber_id,
            dedupe_key=dedupe_key,
            status=CLAIMED,
            attempts=0,
            created_at=now,
            last_attempt_at=stamp,
            claimed_by=owner,
        )
        .returning(d.c.id, d.c.attempts)
    ).first()
    if row is None:
        due = retry_due(d, now, stamp, owners or Owners.survey(connection))
        row = connection.execute(
            update(d)
            .where(d.c.dedupe_key == dedupe_key, due)
            .values(status=CLAIMED, last_attempt_at=stamp, claimed_by=owner)
            .returning(d.c.id, d.c.attempts)
        ).first()
    return (int(row[0]), int(row[1])) if row is not None else None


def outcome_status(result: DeliveryResult) -> str:
    """What a delivery result makes of its row: sent, failed (retried later) or rejected."""
    if result.accepted:
        return SENT
    return REJECTED if result.status == PERMANENT else FAILED


def attempt_values(result: DeliveryResult, attempts: int, now: datetime) -> dict[str, Any]:
    """The columns an attempt writes to its delivery row (`attempts` includes this one)."""
    status = outcome_status(result)
    return {
        "status": status,
        "attempts": attempts,
        "last_attempt_at": now,
        "sent_at": now if status == SENT else None,
        "next_attempt_at": now + retry_delay(attempts) if status == FAILED else None,
        "smtp_response": result.response[:2000],
        "message_id": (result.message_id or "")[:255] or None,
    }


def record(
    connection: Connection,
    pending: Sequence[Pending],
    results: Sequence[DeliveryResult],
    now: datetime,
) -> list[str]:
    """Write every result in one executemany; returns the statuses in order."""
    rows, statuses = [], []
    stamp = bound(connection, _deliveries.c.last_attempt_at, now)
    next_at = _deliveries.c.next_attempt_at
    for p, result in zip(pending, results, strict=True):
        values = attempt_values(result, p.attempts + 1, now)
        if values["status"] == REJECTED:
            log.warning("reminder to %s rejected: %s", p.email, result.response)
        statuses.append(values["status"])
        # The timestamps as the driver takes them (one conversion for the shared `now`).
        values["last_attempt_at"] = stamp
        values["sent_at"] = stamp if values["sent_at"] is not None else None
        values["next_attempt_at"] = bound(connection, next_at, values["next_attempt_at"])
        rows.append((*(values[c] for c in _RECORD_COLUMNS), p.delivery_id))
    update_rows(connection, _deliveries, "id", _RECORD_COLUMNS, rows)
    return statuses


def _resolve(catalog: Catalog, key: str, start: str) -> tuple[Schedule, Task, Span] | None:
    """The harmonogram, task and window a delivery item names: "city:department/task" in the
    catalog; a key from before cities had ids only while one harmonogram is served."""
    if ":" in key:
        return catalog.resolve(key, start)
    lone = placement(catalog).lone
    if lone is None:
        return None
    task = lone.task(key)
    window = _window_starting(task, start)
    return (lone, task, window) if task is not None and window is not None else None


def retake(
    connection: Connection,
    catalog: Catalog,
    now: datetime,
    stamp: datetime,
    limit: int,
    reminder_time: time,
    owner: str,
) -> tuple[list[Pending], int]:
    """Claim (for `owner`) failed deliveries whose time has come and the claims of passes that
    are gone (see notifier.jobs.claim_owners); (to resend, taken).

    Of each, only the items still due at `now` (notifier.core.due.is_due) are resent; one
    with none left, or whose subscriber is no longer active, is given up.
    """
    d = _deliveries
    due = (d.c.kind == KIND) & retry_due(d, now, stamp, Owners.survey(connection))
    # PostgreSQL: rows another pass is retaking are skipped, never waited for (no deadlock);
    # a CTE, so the limit applies once (a subquery ran per updated row and took every due row).
    chosen = select(d.c.id).where(due).order_by(d.c.id).limit(limit)
    ids = chosen.with_for_update(skip_locked=True).cte("retaken")
    taken = connection.execute(
        update(d)
        .where(d.c.id.in_(select(ids.c.id)), due)
        .values(status=CLAIMED, last_attempt_at=stamp, claimed_by=owner)
        .returning(d.c.id, d.c.subscriber_id, d.c.recipient, d.c.attempts)
    ).all()
    if not taken:
        return [], 0
    by_id = {row[0]: row for row in taken}
    items: dict[int, list[tuple[str, str, int]]] = {}
    for delivery_id, task_key, start, lead in connection.execute(
        select(
            _items.c.delivery_id, _items.c.task_key, _items.c.window_start, _items.c.lead_days
        ).where(_items.c.delivery_id.in_(list(by_id)))
    ):
        items.setdefault(delivery_id, []).append((task_key, start, int(lead)))
    active = set(
        connection.execute(
            text("SELECT id FROM subscribers WHERE state = :active AND id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"active": ACTIVE, "ids": [row[1] for row in taken if row[1] is not None]},
        ).scalars()
    )
    order = {
        (e.schedule.city_id, e.schedule.year, t.key): i
        for e in catalog.entries
        for i, t in enumerate(e.schedule.tasks())
    }
    pending, given_up = [], []
    for delivery_id, subscriber_id, recipient, attempts in taken:
        live: dict[tuple[str, str], tuple[Schedule, Task, Span, list[int]]] = {}
        for task_key, start, lead in items.get(delivery_id, []):
            # Only items still due by the rule (so never after the window ended); a task gone
            # from the schedule is dropped, and so is one whose window moved (the new window
            # gets its own reminder).
            found = _resolve(catalog, task_key, start)
            if found is not None and is_due(found[2], lead, now, reminder_time):
                live.setdefault((task_key, start), (*found, []))[3].append(lead)
        if subscriber_id not in active or not live:
            given_up.append(delivery_id)
            continue
        in_order = sorted(
            live.values(),
            key=lambda stl: (stl[2].start, order[(stl[0].city_id, stl[0].year, stl[1].key)]),
        )
        pending.append(
            Pending(
                delivery_id,
                subscriber_id,
                recipient,
                attempts,
                tuple(DueItem(t, w, tuple(sorted(leads)), s) for s, t, w, leads in in_order),
                retry=True,
            )
        )
    if given_up:
        connection.execute(
            update(d)
            .where(d.c.id.in_(given_up))
            .values(status=FAILED, next_attempt_at=None, smtp_response="given up: nothing left")
        )
        log.info("gave up %d reminder deliveries (windows ended or unsubscribed)", len(given_up))
    return pending, len(taken)
