"""One pass of the call emails: "Ogłoszono konkurs", deadline reminders, "Zmiana terminu".

The rule is notifier.core.call_alerts; here the window changes are recorded
(notifier.store.window_changes), each (alert, subscriber) is claimed in the delivery log by
its unique dedupe key (the INSERT that claims it wins; a failed one is retaken when its next
attempt has come, a claim of a pass that is gone at once), sent, and each result recorded as
the server gives it. Never twice, never lost.

Subscribers are taken batch_size (1,000) at a time in id order (notifier.jobs.alert_batches:
who follows the city, what the log holds of the batch's keys, the batch's claims in a few
statements); each batch is planned, claimed and sent before the next, so memory stays flat
in the number of subscribers.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, update

from notifier.core.call_alert_content import alert_email_context
from notifier.core.call_alerts import Alert, AlertKind, Recipient, candidate_alerts, wants
from notifier.core.polish import format_as_of
from notifier.core.time import TIMEZONE
from notifier.jobs.alert_batches import BATCH_SIZE, KeyClaim, claim_keys, known, recipients
from notifier.jobs.claim_owners import Owners, claim_owner, keep_alive
from notifier.jobs.claims import Pending, attempt_values, mint_links
from notifier.jobs.reminder_pass import REPORT_LINES
from notifier.jobs.run_context import RunContext
from notifier.mail.delivery import DeliveryResult, deliver
from notifier.mail.mime import OutgoingMessage, compose
from notifier.mail.render import RenderedEmail, render_email
from notifier.store.models import FAILED, REJECTED, SENT, Delivery, table_of
from notifier.store.window_changes import list_changes, sync_windows

log = logging.getLogger(__name__)

_deliveries = table_of(Delivery)
_LABELS = {AlertKind.CALL: "ogłoszenie", AlertKind.DEADLINE: "termin", AlertKind.CHANGE: "zmiana"}


@dataclass(frozen=True)
class Planned:
    """One email the pass means to send: the alert and its subscriber."""

    alert: Alert
    subscriber_id: int
    email: str

    @property
    def key(self) -> str:
        return self.alert.dedupe_key(self.subscriber_id)


@dataclass
class AlertReport:
    """What the pass sent (or in a dry run would send), for the CLI and the logs.

    Every email is counted; only the first REPORT_LINES are listed, so a call alert to a
    million subscribers does not hold a line per email in memory (the delivery log has them).
    """

    now: datetime
    dry_run: bool
    lines: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, planned: Planned, subject: str, status: str) -> None:
        self.counts[status] += 1
        labels = {"planned": "do wysłania", SENT: "wysłano", FAILED: "nie wysłano (ponowna "
                  "próba później)", REJECTED: "odrzucone przez serwer"}  # fmt: skip
        if len(self.lines) >= REPORT_LINES:
            return
        kind = _LABELS[planned.alert.kind]
        self.lines.append(f"  {labels.get(status, status)} [{kind}]: {planned.email} – „{subject}”")

    def count(self, status: str) -> int:
        return self.counts[status]

    def format(self) -> str:
        """The office's view, in Polish."""
        local = self.now.astimezone(TIMEZONE)
        head = f"Ogłoszenia, terminy i zmiany – {format_as_of(local.date())}, godz. {local:%H:%M}"
        if self.dry_run:
            head += " (próba: nic nie zostanie wysłane)"
        if not self.counts:
            return f"{head}\nBrak wiadomości do wysłania."
        tail = (
            f"Razem do wysłania: {self.count('planned')}."
            if self.dry_run
            else f"Razem: wysłano {self.count(SENT)}, nieudane {self.count(FAILED)}, "
            f"odrzucone {self.count(REJECTED)}."
        )
        more = sum(self.counts.values()) - len(self.lines)
        rest = [f"  … i {more} kolejnych (pełna lista w dzienniku)."] if more else []
        return "\n".join([head, *self.lines, *rest, tail])


@dataclass(frozen=True)
class Scope:
    """Which harmonogram a pass is about when several are served: its window sightings'
    scope (notifier.store.window_changes.harmonogram_scope) and its city's subscribers."""

    windows: str = ""
    city_id: str | None = None


def _alerts(run: RunContext, deadlines: bool, scope: Scope) -> list[Alert]:
    """Every alert that may be due at run.now for someone (notifier.core.call_alerts)."""
    with run.db.engine.connect() as connection:
        changes = list_changes(connection, scope=scope.windows)
    return candidate_alerts(run.schedule, changes, run.now, deadlines=deadlines)


def _plan(
    run: RunContext,
    alerts: Sequence[Alert],
    batch: Sequence[tuple[Recipient, str]],
    known: dict[str, bool],
) -> list[Planned]:
    """Every (alert, subscriber) of the batch due at run.now whose delivery is not done or in
    progress; `known`: the log's rows of the batch's keys, each with whether it may be taken."""
    out = []
    # Each alert's call alert (its own for a call alert), once per batch, not per subscriber.
    of_call = [(a, f"call:{a.call.key}" if a.call is not None else "") for a in alerts]
    for recipient, email in batch:
        calls_now = {
            a.key
            for a in alerts
            if a.kind is AlertKind.CALL
            and a.dedupe_key(recipient.id) not in known
            and wants(a, recipient, run.now)
        }
        for alert, call_key in of_call:
            key = alert.dedupe_key(recipient.id)
            if key in known and not known[key]:
                continue  # sent, rejected, waiting for its next attempt or being sent
            if wants(
                alert,
                recipient,
                run.now,
                reminder_time=run.settings.remind_time,
                call_alert_now=call_key in calls_now,
            ):
                out.append(Planned(alert, recipient.id, email))
    return out


def _claim(
    connection: Connection,
    planned: list[Planned],
    run: RunContext,
    stamp: datetime,
    owner: str,
    owners: Owners,
) -> list[tuple[Planned, Pending]]:
    """Claim the planned emails: a new row wins by its dedupe key, an old one if it is due."""
    ours = claim_keys(
        connection,
        [KeyClaim(p.alert.kind.value, p.email, p.key, p.subscriber_id) for p in planned],
        now=run.now,
        stamp=stamp,
        owner=owner,
        owners=owners,
    )
    return [
        (p, Pending(ours[p.key][0], p.subscriber_id, p.email, ours[p.key][1], ()))
        for p in planned
        if p.key in ours
    ]


Links = dict[int, tuple[str, str]]  # delivery id: (manage URL, unsubscribe URL)
Batch = tuple[int | None, list[Planned], list[tuple[Planned, Pending]], Links]


def _prepare(
    run: RunContext, alerts: Sequence[Alert], scope: Scope, owner: str, after: int, size: int
) -> Batch:
    """Plan the next `size` subscribers after id `after` and (unless a dry run) claim and mint
    links for them, in one transaction: (last id or None when none is left, planned, claimed,
    links)."""
    with run.db.engine.begin() as connection:
        batch = recipients(connection, scope.city_id, after, size)
        if not batch:
            return None, [], [], {}
        stamp = run.claim_stamp()
        owners = Owners.survey(connection)
        keys = [a.dedupe_key(r.id) for r, _ in batch for a in alerts]
        planned = _plan(run, alerts, batch, known(connection, keys, run.now, stamp, owners))
        last = batch[-1][0].id
        if run.dry_run or not planned:
            return last, planned, [], {}
        claimed = _claim(connection, planned, run, stamp, owner, owners)
        links = mint_links(connection, run.settings, [c for _, c in claimed], stamp)
        return last, planned, claimed, links


async def run_alerts_pass(
    run: RunContext,
    *,
    deadlines: bool = True,
    scope: Scope = Scope(),
    report: AlertReport | None = None,
    batch_size: int = BATCH_SIZE,
) -> AlertReport:
    """Record the schedule's windows, then send every call alert, change alert and (with
    `deadlines`, the daily pass) deadline reminder due at run.now. A dry run records, claims
    and sends nothing. `scope`: the one harmonogram of several (notifier.jobs.city_alerts).
    `batch_size` subscribers are planned, claimed and sent at a time (memory stays flat)."""
    report = report or AlertReport(run.now, run.dry_run)
    if not run.dry_run:
        await asyncio.to_thread(sync_windows, run.db, run.schedule, run.now, scope.windows)
    alerts = await asyncio.to_thread(_alerts, run, deadlines, scope)
    if not alerts:
        return report
    with claim_owner() as owner:
        async with keep_alive(run.db.engine, owner, run.claim_stamp):
            after: int | None = 0
            while after is not None:
                after, planned, claimed, links = await asyncio.to_thread(
                    _prepare, run, alerts, scope, owner, after, batch_size
                )
                if run.dry_run:
                    for p in planned:
                        report.add(p, _render(run, p, "", "").subject, "planned")
                elif claimed:
                    await _send(run, claimed, links, report)
    return report


async def _send(
    run: RunContext, claimed: list[tuple[Planned, Pending]], links: Links, report: AlertReport
) -> None:
    """Send a claimed batch, recording each result as the server gives it."""
    chosen = [p for p, _ in claimed]
    pending = [c for _, c in claimed]
    messages = [_message(run, p, *links[c.delivery_id]) for p, c in claimed]
    statuses: dict[int, str] = {}

    def save(index: int, result: DeliveryResult) -> None:
        values = attempt_values(result, pending[index].attempts + 1, run.now)
        statuses[index] = values["status"]
        with run.db.engine.begin() as connection:
            connection.execute(
                update(_deliveries)
                .where(_deliveries.c.id == pending[index].delivery_id)
                .values(**values)
            )

    async def recorded(index: int, result: DeliveryResult) -> None:
        await asyncio.to_thread(save, index, result)

    await deliver(run.backend, messages, recorded, kind="alert")
    for index, (p, message) in enumerate(zip(chosen, messages, strict=True)):
        report.add(p, message.subject, statuses[index])


def _render(run: RunContext, p: Planned, manage_url: str, unsubscribe_url: str) -> RenderedEmail:
    context = alert_email_context(
        run.schedule,
        p.alert,
        run.now,
        base_url=run.settings.base_url,
        manage_url=manage_url,
        unsubscribe_url=unsubscribe_url,
        page=run.page,
    )
    return render_email(p.alert.kind.value, **context)


def _message(run: RunContext, p: Planned, manage_url: str, unsubscribe_url: str) -> OutgoingMessage:
    return compose(
        _render(run, p, manage_url, unsubscribe_url),
        from_address=run.settings.from_address,
        to=p.email,
        now=run.wall(),
        unsubscribe_url=unsubscribe_url,
        headers={"Auto-Submitted": "auto-generated"},
    )
