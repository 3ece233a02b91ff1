"""One reminder pass: decide what is due in the database, claim it, send it, record the outcome.

The delivery log is the guard: delivery_items is UNIQUE(subscriber, task, lead), and only what
this pass's own transaction inserted is sent, so concurrent passes never send a reminder twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from notifier.db import Database
from notifier.delivery import (
    PERMANENT,
    TEMPORARY,
    DeliveryBackend,
    DeliveryError,
    DeliveryResult,
)
from notifier.due import (
    TIMEZONE,
    DueItem,
    DueTask,
    ReminderBatch,
    SubscriberPrefs,
    due_windows,
    reminder_email_context,
    window_end,
)
from notifier.emails import render_email
from notifier.mail import compose
from notifier.models import (
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
from notifier.polish import count_tasks, format_as_of
from notifier.schedule import Schedule, Task
from notifier.settings import Settings
from notifier.signup import link
from notifier.tokens import hash_token, new_token

log = logging.getLogger(__name__)

KIND = "reminder"
BATCH_SIZE = 1000  # subscribers per claim/send/record round: memory stays flat
# A delivery still "claimed" this long after its attempt began belongs to a pass that crashed
# between claiming and recording. We retake it: at-least-once. If the crash came after the
# server accepted the message, the reminder goes out twice; the other choice (at-most-once)
# would silently lose it, and a missed grant competition costs an NGO far more than a duplicate.
STALE_CLAIM = timedelta(minutes=30)
RETRY_BASE = timedelta(minutes=15)  # failed: next attempt after 15 min, 30, 60, … at most 6 h
RETRY_MAX = timedelta(hours=6)

_deliveries = table_of(Delivery)
_items = table_of(DeliveryItem)
_tokens = table_of(SubscriberToken)


Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


def claim_clock(now: datetime, wall: Clock) -> datetime:
    """The time claims are stamped with and judged stale by: the wall clock, or `now` if later.

    `notifier remind --as-of` decides as if it were another day, but its claims must look
    fresh to a worker running at the real time, or that worker's retry job would take them
    over mid-send and the reminder would go out twice.
    """
    return max(now, wall())


def window_start(task: Task) -> str:
    """The claimed window's start, ISO: a window that moves is a new reminder."""
    assert task.period.start is not None, "only dated tasks are reminded"
    return task.period.start.isoformat()


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt (exponential, capped)."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


@dataclass(frozen=True)
class Outcome:
    """One email of the pass: to whom, what, and what became of it."""

    recipient: str
    subject: str
    task_keys: tuple[str, ...]
    status: str  # sent / failed / rejected, or "planned" in a dry run
    retry: bool = False  # a resend of an earlier failed or interrupted delivery
    response: str = ""


@dataclass
class ReminderReport:
    """What a pass sent (or in a dry run would send), for the CLI and the logs."""

    now: datetime
    dry_run: bool
    emails: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for e in self.emails if e.status == status)

    def format(self) -> str:
        """The office's view, in Polish."""
        local = self.now.astimezone(TIMEZONE)
        head = f"Przypomnienia – {format_as_of(local.date())}, godz. {local:%H:%M}"
        if self.dry_run:
            head += " (próba: nic nie zostanie wysłane)"
        if not self.emails:
            return f"{head}\nBrak przypomnień do wysłania."
        labels = {
            "planned": "do wysłania",
            SENT: "wysłano",
            FAILED: "nie wysłano (ponowna próba później)",
            REJECTED: "odrzucone przez serwer",
        }
        lines = [head]
        for e in self.emails:
            again = " [ponowna próba]" if e.retry else ""
            lines.append(
                f"  {labels.get(e.status, e.status)}: {e.recipient} – „{e.subject}” "
                f"({count_tasks(len(e.task_keys))}){again}"
            )
        if self.dry_run:
            lines.append(f"Razem do wysłania: {len(self.emails)}.")
        else:
            lines.append(
                f"Razem: wysłano {self.count(SENT)}, nieudane {self.count(FAILED)}, "
                f"odrzucone {self.count(REJECTED)}."
            )
        return "\n".join(lines)


# --- deciding in the database ---------------------------------------------------------------


def _due_cte(windows: Sequence[DueTask]) -> tuple[str, dict[str, Any]]:
    """The small due list as two VALUES CTEs: due(task_key, window_start, min_lead) and
    due_topics(task_key, topic)."""
    params: dict[str, Any] = {}
    due_rows, topic_rows = [], []
    for i, window in enumerate(windows):
        params[f"k{i}"] = window.task.key
        params[f"w{i}"] = window_start(window.task)
        params[f"m{i}"] = window.min_lead
        due_rows.append(f"(:k{i}, :w{i}, CAST(:m{i} AS INTEGER))")
        for j, topic in enumerate(window.task.topics):
            params[f"t{i}_{j}"] = topic
            topic_rows.append(f"(:k{i}, :t{i}_{j})")
    topics = (
        f"VALUES {', '.join(topic_rows)}"
        if topic_rows
        else "SELECT CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(64)) WHERE 1 = 0"
    )
    cte = (
        f"WITH due(task_key, window_start, min_lead) AS (VALUES {', '.join(due_rows)}), "
        f"due_topics(task_key, topic) AS ({topics}) "
    )
    return cte, params


# One indexed query per batch of subscriber ids: lead days >= the task's smallest due lead,
# a topic in common (or every topic), active, and not yet in the delivery log.
_DUE_SELECT = """
SELECT s.id, s.email, d.task_key, l.days
FROM subscribers AS s
JOIN subscriber_lead_days AS l ON l.subscriber_id = s.id
JOIN due AS d ON l.days >= d.min_lead
WHERE s.state = :active AND s.id > :after AND s.id <= :upto
  AND (s.all_topics OR EXISTS (
        SELECT 1 FROM subscriber_topics AS st
        JOIN due_topics AS dt ON dt.topic = st.topic
        WHERE st.subscriber_id = s.id AND dt.task_key = d.task_key))
  AND NOT EXISTS (
        SELECT 1 FROM delivery_items AS di
        WHERE di.subscriber_id = s.id AND di.task_key = d.task_key
          AND di.window_start = d.window_start AND di.lead_days = l.days)
ORDER BY s.id
"""

_NEXT_BATCH = """
SELECT MAX(id) FROM (
  SELECT id FROM subscribers WHERE state = :active AND id > :after ORDER BY id LIMIT :size
) AS batch
"""


@dataclass(frozen=True)
class _Pending:
    """One email to send: its claimed delivery row and the items it covers."""

    delivery_id: int
    subscriber_id: int
    email: str
    attempts: int  # attempts before this one
    items: tuple[DueItem, ...]
    retry: bool = False


def _group(
    rows: Iterable[Any], windows: Sequence[DueTask]
) -> list[tuple[int, str, tuple[DueItem, ...]]]:
    """Rows (subscriber, email, task_key, lead) → per subscriber, the due items in window order."""
    order = {w.task.key: (i, w.task) for i, w in enumerate(windows)}
    per: dict[int, tuple[str, dict[str, set[int]]]] = {}
    for subscriber_id, email, task_key, lead in rows:
        per.setdefault(subscriber_id, (email, {}))[1].setdefault(task_key, set()).add(int(lead))
    out = []
    for subscriber_id, (email, tasks) in per.items():
        keys = sorted(tasks, key=lambda k: order[k][0])
        items = tuple(DueItem(order[k][1], tuple(sorted(tasks[k]))) for k in keys)
        out.append((subscriber_id, email, items))
    return out


def insert_ignoring_conflicts(connection: Connection, table: Any, index: list[str]) -> Any:
    """INSERT … ON CONFLICT (index) DO NOTHING, for SQLite and PostgreSQL alike."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=index)


def _claim(
    connection: Connection,
    found: list[tuple[int, str, tuple[DueItem, ...]]],
    now: datetime,
    stamp: datetime,
) -> list[_Pending]:
    """Insert deliveries + items in the caller's transaction; keep only what we inserted."""
    if not found:
        return []
    rows = connection.execute(
        insert(_deliveries).returning(
            _deliveries.c.id, _deliveries.c.subscriber_id, sort_by_parameter_order=True
        ),
        [
            {
                "kind": KIND,
                "recipient": email,
                "subscriber_id": subscriber_id,
                "status": CLAIMED,
                "attempts": 0,
                "created_at": now,
                "last_attempt_at": stamp,
            }
            for subscriber_id, email, _ in found
        ],
    ).all()
    delivery_of = {subscriber_id: delivery_id for delivery_id, subscriber_id in rows}
    # Sorted so concurrent claimers lock the unique index in the same order (no deadlocks).
    wanted = sorted(
        (subscriber_id, item.task.key, window_start(item.task), lead)
        for subscriber_id, _, items in found
        for item in items
        for lead in item.leads
    )
    inserted = connection.execute(
        insert_ignoring_conflicts(
            connection, _items, ["subscriber_id", "task_key", "window_start", "lead_days"]
        ).returning(_items.c.subscriber_id, _items.c.task_key, _items.c.lead_days),
        [
            {
                "delivery_id": delivery_of[subscriber_id],
                "subscriber_id": subscriber_id,
                "task_key": task_key,
                "window_start": start,
                "lead_days": lead,
            }
            for subscriber_id, task_key, start, lead in wanted
        ],
    ).all()
    ours = {(s, k, int(lead)) for s, k, lead in inserted}
    pending, lost = [], []
    for subscriber_id, email, items in found:
        kept = []
        for item in items:
            leads = tuple(d for d in item.leads if (subscriber_id, item.task.key, d) in ours)
            if leads:
                kept.append(DueItem(item.task, leads))
        if kept:
            pending.append(
                _Pending(delivery_of[subscriber_id], subscriber_id, email, 0, tuple(kept))
            )
        else:  # another pass claimed all of it first
            lost.append(delivery_of[subscriber_id])
    if lost:
        connection.execute(delete(_deliveries).where(_deliveries.c.id.in_(lost)))
    return pending


def _mint_links(
    connection: Connection, settings: Settings, pending: Sequence[_Pending], now: datetime
) -> dict[int, tuple[str, str]]:
    """Fresh manage + unsubscribe tokens per email, in one statement (hashes stored only)."""
    rows, links = [], {}
    for p in pending:
        manage, unsubscribe = new_token(), new_token()
        links[p.delivery_id] = (
            link(settings, MANAGE, manage),
            link(settings, UNSUBSCRIBE, unsubscribe),
        )
        for purpose, token in ((MANAGE, manage), (UNSUBSCRIBE, unsubscribe)):
            rows.append(
                {
                    "subscriber_id": p.subscriber_id,
                    "purpose": purpose,
                    "token_hash": hash_token(token),
                    "created_at": now,
                    "expires_at": None,
                    "used_at": None,
                }
            )
    if rows:
        connection.execute(insert(_tokens), rows)
    return links


def _message(
    schedule: Schedule,
    settings: Settings,
    p: _Pending,
    now: datetime,
    manage_url: str,
    unsubscribe_url: str,
) -> EmailMessage:
    batch = ReminderBatch(
        SubscriberPrefs(p.subscriber_id, p.email, None, ()), p.items, now.astimezone(UTC)
    )
    context = reminder_email_context(
        schedule,
        batch,
        base_url=settings.base_url,
        manage_url=manage_url,
        unsubscribe_url=unsubscribe_url,
    )
    return compose(
        render_email("reminder", **context),
        from_address=settings.from_address,
        to=p.email,
        now=now,
        unsubscribe_url=unsubscribe_url,
        headers={"Auto-Submitted": "auto-generated"},
    )


def _record(
    connection: Connection,
    pending: Sequence[_Pending],
    results: Sequence[DeliveryResult],
    now: datetime,
) -> list[str]:
    """Write every result in one executemany; returns the statuses in order."""
    params, statuses = [], []
    for p, result in zip(pending, results, strict=True):
        attempts = p.attempts + 1
        status = SENT if result.accepted else REJECTED if result.status == PERMANENT else FAILED
        if status == REJECTED:
            log.warning("reminder to %s rejected: %s", p.email, result.response)
        statuses.append(status)
        params.append(
            {
                "b_id": p.delivery_id,
                "status": status,
                "attempts": attempts,
                "last_attempt_at": now,
                "sent_at": now if status == SENT else None,
                "next_attempt_at": now + retry_delay(attempts) if status == FAILED else None,
                "smtp_response": result.response[:2000],
                "message_id": (result.message_id or "")[:255] or None,
            }
        )
    if params:
        connection.execute(
            update(_deliveries)
            .where(_deliveries.c.id == bindparam("b_id"))
            .values(
                status=bindparam("status"),
                attempts=bindparam("attempts"),
                last_attempt_at=bindparam("last_attempt_at"),
                sent_at=bindparam("sent_at"),
                next_attempt_at=bindparam("next_attempt_at"),
                smtp_response=bindparam("smtp_response"),
                message_id=bindparam("message_id"),
            ),
            params,
        )
    return statuses


async def _send(backend: DeliveryBackend, messages: Sequence[EmailMessage]) -> list[DeliveryResult]:
    """The backend's batch send; a batch-wide failure becomes one result per message."""
    try:
        return await backend.send(messages)
    except DeliveryError as exc:
        log.warning("reminder batch of %d not sent: %s", len(messages), exc)
        status = PERMANENT if exc.permanent else TEMPORARY
        return [
            DeliveryResult(str(m["Message-ID"]), (str(m["To"]),), status, str(exc), 0)
            for m in messages
        ]


async def _deliver(
    db: Database,
    backend: DeliveryBackend,
    settings: Settings,
    schedule: Schedule,
    pending: list[_Pending],
    links: dict[int, tuple[str, str]],
    now: datetime,
    report: ReminderReport,
) -> None:
    """Render, send the batch, record the results in one transaction."""
    if not pending:
        return
    messages = [_message(schedule, settings, p, now, *links[p.delivery_id]) for p in pending]
    results = await _send(backend, messages)

    def record() -> list[str]:
        with db.engine.begin() as connection:
            return _record(connection, pending, results, now)

    statuses = await asyncio.to_thread(record)
    for p, message, result, status in zip(pending, messages, results, statuses, strict=True):
        report.emails.append(
            Outcome(
                p.email,
                str(message["Subject"]),
                tuple(i.task.key for i in p.items),
                status,
                p.retry,
                result.response,
            )
        )


# --- retries --------------------------------------------------------------------------------


def _retake(
    connection: Connection, schedule: Schedule, now: datetime, stamp: datetime, limit: int
) -> tuple[list[_Pending], int]:
    """Claim failed deliveries whose time has come and stale claims; (to resend, taken)."""
    d = _deliveries
    due = (d.c.kind == KIND) & (
        ((d.c.status == FAILED) & (d.c.next_attempt_at <= now))
        | ((d.c.status == CLAIMED) & (d.c.last_attempt_at < stamp - STALE_CLAIM))
    )
    ids = select(d.c.id).where(due).order_by(d.c.id).limit(limit).scalar_subquery()
    taken = connection.execute(
        update(d)
        .where(d.c.id.in_(ids), due)
        .values(status=CLAIMED, last_attempt_at=stamp)
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
    order = {t.key: i for i, t in enumerate(schedule.tasks())}
    pending, given_up = [], []
    for delivery_id, subscriber_id, recipient, attempts in taken:
        live: dict[str, list[int]] = {}
        for task_key, start, lead in items.get(delivery_id, []):
            task = schedule.task(task_key)
            # Only items whose window has not ended; a task gone from the schedule is dropped,
            # and so is one whose window moved (the new window gets its own reminder).
            if (
                task is not None
                and task.period.dated
                and window_start(task) == start
                and now < window_end(task)
            ):
                live.setdefault(task_key, []).append(lead)
        if subscriber_id not in active or not live:
            given_up.append(delivery_id)
            continue
        tasks: list[Task] = sorted(
            (t for t in (schedule.task(k) for k in live) if t is not None),
            key=lambda t: (t.period.start, order[t.key]),
        )
        pending.append(
            _Pending(
                delivery_id,
                subscriber_id,
                recipient,
                attempts,
                tuple(DueItem(t, tuple(sorted(live[t.key]))) for t in tasks),
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


async def retry_reminders(
    db: Database,
    backend: DeliveryBackend,
    settings: Settings,
    schedule: Schedule,
    now: datetime,
    *,
    report: ReminderReport | None = None,
    batch_size: int = BATCH_SIZE,
    wall: Clock = wall_clock,
) -> ReminderReport:
    """Resend failed reminders whose next attempt has come, and stale claims (see STALE_CLAIM)."""
    report = report or ReminderReport(now, dry_run=False)
    while True:

        def take() -> tuple[list[_Pending], int, dict[int, tuple[str, str]]]:
            with db.engine.begin() as connection:
                stamp = claim_clock(now, wall)
                pending, taken = _retake(connection, schedule, now, stamp, batch_size)
                return pending, taken, _mint_links(connection, settings, pending, now)

        pending, taken, links = await asyncio.to_thread(take)
        if not taken:
            return report
        await _deliver(db, backend, settings, schedule, pending, links, now, report)


# --- the pass -------------------------------------------------------------------------------


async def run_reminder_pass(
    db: Database,
    backend: DeliveryBackend,
    settings: Settings,
    schedule: Schedule,
    now: datetime,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    wall: Clock = wall_clock,
) -> ReminderReport:
    """Retry what is due for retry, then send every reminder due at `now` not yet claimed.

    A dry run decides the same way and claims, mints and sends nothing.
    """
    now = now.astimezone(UTC)
    report = ReminderReport(now, dry_run)
    if not dry_run:
        await retry_reminders(db, backend, settings, schedule, now, report=report, wall=wall)
    windows = due_windows(schedule, now, settings.remind_time)
    if not windows:
        return report
    cte, params = _due_cte(windows)
    due_sql = text(cte + _DUE_SELECT)
    next_sql = text(_NEXT_BATCH)
    after = 0
    while True:

        def decide(after: int = after) -> tuple[int | None, list[Any]]:
            with db.engine.connect() as connection:
                upto = connection.execute(
                    next_sql, {"active": ACTIVE, "after": after, "size": batch_size}
                ).scalar()
                if upto is None:
                    return None, []
                rows = connection.execute(
                    due_sql, {**params, "active": ACTIVE, "after": after, "upto": upto}
                ).all()
                return int(upto), list(rows)

        upto, rows = await asyncio.to_thread(decide)
        if upto is None:
            return report
        after = upto
        found = _group(rows, windows)
        if not found:
            continue
        if dry_run:
            for subscriber_id, email, items in found:
                p = _Pending(0, subscriber_id, email, 0, items)
                message = _message(schedule, settings, p, now, "(link)", "(link)")
                report.emails.append(
                    Outcome(
                        email, str(message["Subject"]), tuple(i.task.key for i in items), "planned"
                    )
                )
            continue

        def claim(found: list[Any] = found) -> tuple[list[_Pending], dict[int, tuple[str, str]]]:
            with db.engine.begin() as connection:
                pending = _claim(connection, found, now, claim_clock(now, wall))
                return pending, _mint_links(connection, settings, pending, now)

        pending, links = await asyncio.to_thread(claim)
        await _deliver(db, backend, settings, schedule, pending, links, now, report)
