"""One pass of the call emails: "Ogłoszono konkurs", deadline reminders, "Zmiana terminu".

The rule is notifier.core.call_alerts; here the window changes are recorded
(notifier.store.window_changes), each (alert, subscriber) is claimed in the delivery log by
its unique dedupe key (the INSERT that claims it wins; a failed one is retaken when its next
attempt has come, a claim of a pass that is gone at once), sent, and each result recorded as
the server gives it. Never twice, never lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from notifier.core.call_alert_content import alert_email_context
from notifier.core.call_alerts import Alert, AlertKind, Recipient, candidate_alerts, wants
from notifier.core.polish import format_as_of
from notifier.core.time import TIMEZONE
from notifier.jobs.claim_owners import Owners, claim_owner, keep_alive, retry_due
from notifier.jobs.claims import Pending, attempt_values, claim_by_key, mint_links
from notifier.jobs.run_context import RunContext
from notifier.mail.mime import OutgoingMessage, compose
from notifier.mail.render import RenderedEmail, render_email
from notifier.mail.transports import DeliveryResult, deliver
from notifier.store.models import (
    ACTIVE,
    FAILED,
    REJECTED,
    SENT,
    Delivery,
    Subscriber,
    table_of,
)
from notifier.store.window_changes import list_changes, sync_windows

log = logging.getLogger(__name__)

KINDS = tuple(kind.value for kind in AlertKind)
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
    """What the pass sent (or in a dry run would send), for the CLI and the logs."""

    now: datetime
    dry_run: bool
    lines: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, planned: Planned, subject: str, status: str) -> None:
        self.counts[status] += 1
        labels = {"planned": "do wysłania", SENT: "wysłano", FAILED: "nie wysłano (ponowna "
                  "próba później)", REJECTED: "odrzucone przez serwer"}  # fmt: skip
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
        return "\n".join([head, *self.lines, tail])


def _recipients(connection: Connection, city_id: str | None) -> list[tuple[Recipient, str]]:
    """Active subscribers (with `city_id`, those who follow that city)."""
    with Session(bind=connection) as session:
        rows = session.scalars(select(Subscriber).where(Subscriber.state == ACTIVE)).all()
        return [
            (Recipient(s.id, s.topic_slugs, s.deadline_days, s.confirmed_at), s.email)
            for s in rows
            if city_id is None or s.all_cities is True or city_id in (s.city_ids or ())
        ]


@dataclass(frozen=True)
class Scope:
    """Which harmonogram a pass is about when several are served: its window sightings'
    scope (notifier.store.window_changes.harmonogram_scope) and its city's subscribers."""

    windows: str = ""
    city_id: str | None = None


def _plan(run: RunContext, connection: Connection, deadlines: bool, scope: Scope) -> list[Planned]:
    """Every (alert, subscriber) due at run.now whose delivery is not done or in progress."""
    changes = list_changes(connection, scope=scope.windows)
    alerts = candidate_alerts(run.schedule, changes, run.now, deadlines=deadlines)
    if not alerts:
        return []
    stamp = run.claim_stamp()
    d = _deliveries
    rows = connection.execute(
        select(d.c.dedupe_key, retry_due(d, run.now, stamp, Owners.survey(connection))).where(
            d.c.kind.in_(KINDS)
        )
    ).all()
    known = {str(key): bool(due) for key, due in rows}
    out = []
    for recipient, email in _recipients(connection, scope.city_id):
        calls_now = {
            a.key
            for a in alerts
            if a.kind is AlertKind.CALL
            and a.dedupe_key(recipient.id) not in known
            and wants(a, recipient, run.now)
        }
        for alert in alerts:
            key = alert.dedupe_key(recipient.id)
            if key in known and not known[key]:
                continue  # sent, rejected, waiting for its next attempt or being sent
            call_key = f"call:{alert.call.key}" if alert.call is not None else ""
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
    connection: Connection, planned: list[Planned], run: RunContext, owner: str
) -> list[tuple[Planned, Pending]]:
    """Claim each planned email: a new row wins by its dedupe key, an old one if it is due."""
    now, stamp = run.now, run.claim_stamp()
    owners = Owners.survey(connection)
    claimed = []
    for p in planned:
        row = claim_by_key(
            connection,
            kind=p.alert.kind.value,
            recipient=p.email,
            dedupe_key=p.key,
            subscriber_id=p.subscriber_id,
            now=now,
            stamp=stamp,
            owner=owner,
            owners=owners,
        )
        if row is not None:
            claimed.append((p, Pending(row[0], p.subscriber_id, p.email, row[1], ())))
    return claimed


async def run_alerts_pass(
    run: RunContext,
    *,
    deadlines: bool = True,
    scope: Scope = Scope(),
    report: AlertReport | None = None,
) -> AlertReport:
    """Record the schedule's windows, then send every call alert, change alert and (with
    `deadlines`, the daily pass) deadline reminder due at run.now. A dry run records, claims
    and sends nothing. `scope`: the one harmonogram of several (notifier.jobs.city_alerts)."""
    report = report or AlertReport(run.now, run.dry_run)
    with claim_owner() as owner:

        def prepare() -> tuple[list[Planned], list[tuple[Planned, Pending]], Links]:
            if not run.dry_run:
                sync_windows(run.db, run.schedule, run.now, scope.windows)
            with run.db.engine.begin() as connection:
                planned = _plan(run, connection, deadlines, scope)
                if run.dry_run or not planned:
                    return planned, [], {}
                claimed = _claim(connection, planned, run, owner)
                pending = [c for _, c in claimed]
                links = mint_links(connection, run.settings, pending, run.claim_stamp())
                return planned, claimed, links

        planned, claimed, links = await asyncio.to_thread(prepare)
        if run.dry_run:
            for p in planned:
                report.add(p, _render(run, p, "", "").subject, "planned")
            return report
        if not claimed:
            return report
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

        async with keep_alive(run.db.engine, owner, run.claim_stamp):
            await deliver(run.backend, messages, recorded, kind="alert")
        for index, (p, message) in enumerate(zip(chosen, messages, strict=True)):
            report.add(p, message.subject, statuses[index])
    return report


Links = dict[int, tuple[str, str]]


def _render(run: RunContext, p: Planned, manage_url: str, unsubscribe_url: str) -> RenderedEmail:
    context = alert_email_context(
        run.schedule,
        p.alert,
        run.now,
        base_url=run.settings.base_url,
        manage_url=manage_url,
        unsubscribe_url=unsubscribe_url,
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
