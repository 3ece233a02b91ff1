"""The reminder pass's claims in the delivery log: claim what is due with its items, retake
failures with what is still due.

What is due is decided in notifier.jobs.due_query; the log's rows, their attempts and retry
delays are notifier.store.delivery_log's. delivery_items is UNIQUE(subscriber, task, window
start, lead): only what a transaction inserted is its to send, so concurrent passes never
send a reminder twice. Failed sends are retaken with backoff; claims left by a pass that is
gone are retaken (see notifier.store.claim_owners).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import Connection, bindparam, delete, select, text

from notifier.core.catalog import Catalog
from notifier.core.due import ANNOUNCED, DueItem, is_due
from notifier.core.placement import placement
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import Span
from notifier.store.bulk import bound, insert_rows
from notifier.store.delivery_log import (
    REMINDER_KIND,
    Attempt,
    deliveries,
    give_up,
    retake_due,
)
from notifier.store.models import ACTIVE, CLAIMED, DeliveryItem, table_of

log = logging.getLogger(__name__)

KIND = REMINDER_KIND

_items = table_of(DeliveryItem)
_DELIVERY_COLUMNS = (
    "kind", "recipient", "subscriber_id", "status", "attempts", "created_at", "last_attempt_at",
    "claimed_by",
)  # fmt: skip
_ITEM_KEY = ["subscriber_id", "task_key", "window_start", "lead_days"]  # the UNIQUE key


def window_start(window: Span) -> str:
    """The claimed window's start, ISO: a window that moves, or another round, is a new
    reminder."""
    return window.start.isoformat()


def _window_starting(task: Task | None, start: str) -> Span | None:
    """The task's window (round) that starts on `start` (ISO), if it still has one."""
    windows = task.windows if task is not None else ()
    return next((w for w in windows if window_start(w) == start), None)


def record_announced(connection: Connection, told: Sequence[tuple[int, int, str, Span]]) -> None:
    """Record, in the caller's transaction (the call alerts' claim), each (delivery id,
    subscriber id, task ref, window) a call alert tells as announced, at the lead
    core.due.ANNOUNCED: that subscriber's "Zbliża się konkurs" reminders of the window end
    here, even if the call is withdrawn later (notifier.jobs.due_query). Recorded once."""
    rows = [(d, s, ref, window_start(w), ANNOUNCED) for d, s, ref, w in told]
    insert_rows(
        connection, _items, ["delivery_id", *_ITEM_KEY], rows, ignore_conflicts_on=_ITEM_KEY
    )


# What the decide step found for one subscriber: (subscriber id, email, due items in order).
Found = tuple[int, str, tuple[DueItem, ...]]


@dataclass(frozen=True)
class Pending:
    """One email to send: its claimed delivery row and the items it covers."""

    delivery_id: int
    subscriber_id: int
    email: str
    attempts: int  # attempts before this one
    items: tuple[DueItem, ...]
    retry: bool = False

    @property
    def attempt(self) -> Attempt:
        """Its row in the delivery log, as the send-and-record loop takes it."""
        return Attempt(self.delivery_id, self.attempts, self.email)


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
    created = bound(connection, deliveries.c.created_at, now)
    claimed = bound(connection, deliveries.c.last_attempt_at, stamp)
    rows = insert_rows(
        connection,
        deliveries,
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
        connection.execute(delete(deliveries).where(deliveries.c.id.in_(lost)))
    return pending


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
    are gone (see notifier.store.claim_owners); (to resend, taken).

    Of each, only the items still due at `now` (notifier.core.due.is_due) are resent; one
    with none left, or whose subscriber is no longer active, is given up.
    """
    taken = retake_due(connection, (KIND,), now=now, stamp=stamp, owner=owner, limit=limit)
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
            {"active": ACTIVE, "ids": [row[2] for row in taken if row[2] is not None]},
        ).scalars()
    )
    order = {
        (e.schedule.city_id, e.schedule.year, t.key): i
        for e in catalog.entries
        for i, t in enumerate(e.schedule.tasks())
    }
    pending, given_up = [], []
    for delivery_id, _kind, subscriber_id, recipient, attempts, _created in taken:
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
        give_up(connection, given_up, "given up: nothing left")
        log.info("gave up %d reminder deliveries (windows ended or unsubscribed)", len(given_up))
    return pending, len(taken)
