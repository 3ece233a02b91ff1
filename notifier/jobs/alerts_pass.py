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
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import Connection

from notifier.core.call_alerts import Alert, AlertKind, Recipient, candidate_alerts, wants
from notifier.core.call_changes import with_current
from notifier.core.delivery_result import UNCERTAIN, UNCERTAIN_TEXT
from notifier.core.due import announced_windows
from notifier.core.language import POLISH
from notifier.core.polish import format_as_of
from notifier.core.schedule import Schedule
from notifier.core.time import TIMEZONE
from notifier.i18n import speaking
from notifier.jobs.alert_batches import BATCH_SIZE, recipients
from notifier.jobs.claims import record_announced
from notifier.jobs.reminder_pass import REPORT_LINES
from notifier.jobs.run_context import RunContext, Scope
from notifier.jobs.sending import send_and_record
from notifier.mail.emails import Links, alert_email, in_language, links
from notifier.mail.mime import OutgoingMessage
from notifier.store.call_versions import (
    record_told,
    schedule_histories,
    sync_calls,
    told_versions,
)
from notifier.store.claim_owners import Owners, claim_owner, keep_alive
from notifier.store.delivery_log import Attempt, KeyClaim, claim_keys, known
from notifier.store.models import FAILED, REJECTED, SENT
from notifier.store.subscribers import subscriber_languages
from notifier.store.tokens import mint_link_tokens
from notifier.store.window_changes import list_changes, sync_windows

log = logging.getLogger(__name__)

ToldKeys = dict[str, tuple[int, str, int]]  # dedupe key -> (subscriber, call ref, first)
ToldVersions = dict[tuple[int, str], int]  # (subscriber, call ref) -> the newest version told

_LABELS = {
    AlertKind.CALL: "ogłoszenie",
    AlertKind.DEADLINE: "termin",
    AlertKind.CHANGE: "zmiana",
    AlertKind.CORRECTION: "poprawka ogłoszenia",
}


@dataclass(frozen=True)
class Planned:
    """One email the pass means to send: the alert and its subscriber."""

    alert: Alert
    subscriber_id: int
    email: str

    @property
    def key(self) -> str:
        """The delivery log's dedupe key of this alert to this subscriber."""
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
        """Count one email by its status, listed while fewer than REPORT_LINES are."""
        self.counts[status] += 1
        labels = {"planned": "do wysłania", SENT: "wysłano", FAILED: "nie wysłano (ponowna "
                  "próba później)", REJECTED: "odrzucone przez serwer",
                  UNCERTAIN: UNCERTAIN_TEXT}  # fmt: skip
        if len(self.lines) >= REPORT_LINES:
            return
        kind = _LABELS[planned.alert.kind]
        self.lines.append(f"  {labels.get(status, status)} [{kind}]: {planned.email} – „{subject}”")

    def count(self, status: str) -> int:
        """How many emails ended with `status` (sent, failed, rejected, planned)."""
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
            f"odrzucone {self.count(REJECTED)}"
            + (f", o nieznanym wyniku {self.count(UNCERTAIN)}." if self.count(UNCERTAIN) else ".")
        )
        more = sum(self.counts.values()) - len(self.lines)
        rest = [f"  … i {more} kolejnych (pełna lista w dzienniku)."] if more else []
        return "\n".join([head, *self.lines, *rest, tail])


def _alerts(run: RunContext, deadlines: bool, scope: Scope) -> list[Alert]:
    """Every alert that may be due at run.now for someone (notifier.core.call_alerts); a dry
    run, which records nothing, sees the calls as the file says them now
    (core.call_changes.with_current)."""
    with run.db.engine.connect() as connection:
        changes = list_changes(connection, scope=scope.windows)
        histories = schedule_histories(connection, [scope.schedule])
    if run.dry_run:
        histories = with_current(histories, scope.schedule, run.now)
    return candidate_alerts(
        scope.schedule, changes, run.now, deadlines=deadlines, histories=histories
    )


def _told_keys(alerts: Sequence[Alert], batch: Sequence[tuple[Recipient, str]]) -> ToldKeys:
    """The delivery log's keys that tell a batch's subscribers of a corrected call: its call
    alert's (both keys) and its earlier corrections', each with (subscriber, call ref, the
    version a row with none recorded told: the first). The latest correction's own row is
    the claim's (`known`): one claimed by a pass that died is retaken, never taken as told."""
    out: ToldKeys = {}
    for alert in alerts:
        history = alert.history
        if alert.kind is not AlertKind.CALL or history is None or not history.corrected:
            continue
        first = history.first.id
        for recipient, _email in batch:
            told = (recipient.id, history.ref, first)
            out[alert.dedupe_key(recipient.id)] = told
            if (old := alert.old_dedupe_key(recipient.id)) is not None:
                out[old] = told
            for version in history.versions[1:-1]:
                out[f"{AlertKind.CORRECTION}:{version.id}:{recipient.id}"] = told
    return out


def _corrections(
    alerts: Sequence[Alert], recipient: Recipient, told: ToldVersions, known: dict[str, bool]
) -> list[Alert]:
    """The corrections due to `recipient`: of each corrected call whose older version they
    were told and which says something else now, unless sent or being sent; each with what
    they were told (Alert.before)."""
    out = []
    for alert in alerts:
        history = alert.history
        if alert.kind is not AlertKind.CORRECTION or history is None:
            continue
        version = told.get((recipient.id, history.ref))
        if version is None or version >= history.latest.id:
            continue  # never told of the call (it reaches them corrected), or told it now
        key = alert.dedupe_key(recipient.id)
        if key in known and not known[key]:
            continue  # sent, rejected, waiting for its next attempt or being sent
        before = history.version(version).told
        if before != history.latest.told:
            out.append(replace(alert, before=before))
    return out


def _old_claimed(alert: Alert, subscriber_id: int, known: dict[str, bool]) -> bool:
    """Whether the log holds this email under its key before issue 25 and it is not to be
    taken again (sent, rejected, waiting or being sent). That key names no city, so such a
    row stands for every city's alert of the call key: nothing goes out twice after the
    upgrade, and no row needs converting (which city it was cannot be known)."""
    old = alert.old_dedupe_key(subscriber_id)
    return old is not None and old in known and not known[old]


def _logged(alert: Alert, subscriber_id: int, known: dict[str, bool]) -> bool:
    """Whether the log holds this email, under its key or its key before issue 25."""
    old = alert.old_dedupe_key(subscriber_id)
    return alert.dedupe_key(subscriber_id) in known or (old is not None and old in known)


def _plan(
    run: RunContext,
    alerts: Sequence[Alert],
    batch: Sequence[tuple[Recipient, str]],
    known: dict[str, bool],
    told: ToldVersions,
) -> list[Planned]:
    """Every (alert, subscriber) of the batch due at run.now whose delivery is not done or in
    progress; `known`: the log's rows of the batch's keys, each with whether it may be taken;
    `told`: the newest version of each corrected call each subscriber was told."""
    out = []
    for recipient, email in batch:
        corrections = _corrections(alerts, recipient, told, known)
        out += [Planned(a, recipient.id, email) for a in corrections]
        # The calls (of this one harmonogram) whose call alert goes to them in this pass.
        calls_now = {a.call.key for a in corrections if a.call is not None} | {
            a.call.key
            for a in alerts
            if a.kind is AlertKind.CALL
            and a.call is not None
            and not _logged(a, recipient.id, known)
            and wants(a, recipient, run.now)
        }
        for alert in alerts:
            if alert.kind is AlertKind.CORRECTION:
                continue  # planned above, for those told an older version
            key = alert.dedupe_key(recipient.id)
            if key in known and not known[key]:
                continue  # sent, rejected, waiting for its next attempt or being sent
            if _old_claimed(alert, recipient.id, known):
                continue  # sent under the key before issue 25, maybe of another city's call
            if wants(
                alert,
                recipient,
                run.now,
                reminder_time=run.settings.remind_time,
                call_alert_now=alert.call is not None and alert.call.key in calls_now,
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
    schedule: Schedule,
) -> list[tuple[Planned, Attempt]]:
    """Claim the planned emails: a new row wins by its dedupe key, an old one if it is due.
    A call alert claimed also records the windows it tells as announced (M25)."""
    ours = claim_keys(
        connection,
        [KeyClaim(p.alert.kind.value, p.email, p.key, p.subscriber_id) for p in planned],
        now=run.now,
        stamp=stamp,
        owner=owner,
        owners=owners,
    )
    told = [
        (ours[p.key][0], p.subscriber_id, ref, window)
        for p in planned
        if p.key in ours and p.alert.kind is AlertKind.CALL and p.alert.call is not None
        for ref, window in announced_windows(schedule, p.alert.call)
    ]
    record_announced(connection, told)
    versions = [
        (ours[p.key][0], p.alert.history.latest.id)
        for p in planned
        if p.key in ours
        and p.alert.kind in (AlertKind.CALL, AlertKind.CORRECTION)
        and p.alert.history is not None
    ]
    record_told(connection, versions)  # which version of the call each tells
    return [(p, Attempt(*ours[p.key], p.email)) for p in planned if p.key in ours]


Batch = tuple[int | None, list[Planned], list[tuple[Planned, Attempt]], list[Links]]


def _prepare(
    run: RunContext, alerts: Sequence[Alert], scope: Scope, owner: str, after: int, size: int
) -> Batch:
    """Plan the next `size` subscribers after id `after` and (unless a dry run) claim and mint
    links for them, in one transaction: (last id or None when none is left, planned, claimed,
    the claimed emails' links in order)."""
    with run.db.engine.begin() as connection:
        batch = recipients(connection, scope.city_id, after, size)
        if not batch:
            return None, [], [], []
        stamp = run.claim_stamp()
        owners = Owners.survey(connection)
        keys = [a.dedupe_key(r.id) for r, _ in batch for a in alerts]
        keys += [k for r, _ in batch for a in alerts if (k := a.old_dedupe_key(r.id))]
        told = told_versions(connection, _told_keys(alerts, batch))
        planned = _plan(run, alerts, batch, known(connection, keys, run.now, stamp, owners), told)
        last = batch[-1][0].id
        if run.dry_run or not planned:
            return last, planned, [], []
        claimed = _claim(connection, planned, run, stamp, owner, owners, scope.schedule)
        tokens = mint_link_tokens(connection, [p.subscriber_id for p, _ in claimed], stamp)
        return last, planned, claimed, [links(run.settings, t) for t in tokens]


async def run_alerts_pass(
    run: RunContext, *, deadlines: bool = True, batch_size: int = BATCH_SIZE
) -> AlertReport:
    """For every harmonogram of `run.catalog` (RunContext.scope: its window sightings, its
    city's subscribers), record its windows, then send every call alert, change alert and
    (with `deadlines`, the daily pass) deadline reminder due at run.now; one report. A dry
    run records, claims and sends nothing. `batch_size` subscribers are planned, claimed and
    sent at a time (memory stays flat)."""
    report = AlertReport(run.now, run.dry_run)
    for entry in run.catalog.entries:
        await _scope_pass(run, run.scope(entry.schedule), deadlines, report, batch_size)
    return report


async def _scope_pass(
    run: RunContext, scope: Scope, deadlines: bool, report: AlertReport, batch_size: int
) -> None:
    """run_alerts_pass for one harmonogram, into `report`."""
    if not run.dry_run:
        await asyncio.to_thread(sync_windows, run.db, scope.schedule, run.now, scope.windows)
        await asyncio.to_thread(sync_calls, run.db, scope.schedule, run.now)
    alerts = await asyncio.to_thread(_alerts, run, deadlines, scope)
    if not alerts:
        return
    with claim_owner() as owner:
        async with keep_alive(run.db.engine, owner, run.claim_stamp):
            after: int | None = 0
            while after is not None:
                after, planned, claimed, urls = await asyncio.to_thread(
                    _prepare, run, alerts, scope, owner, after, batch_size
                )
                if run.dry_run:  # the subject as sent: the same message, in the same language
                    ids = [p.subscriber_id for p in planned]
                    languages = await asyncio.to_thread(_languages, run, ids)
                    for p in planned:
                        preview = _alert_message(run, scope, p, languages, ("", ""), run.now)
                        report.add(p, preview.subject, "planned")
                elif claimed:
                    await _send(run, scope, claimed, urls, report)


def _alert_message(
    run: RunContext,
    scope: Scope,
    p: Planned,
    languages: dict[int, str],
    urls: Links,
    sent_at: datetime,
) -> OutgoingMessage:
    """The alert email to `p`'s subscriber, in their language, links included: what is sent,
    and what a dry run lists (m4: its subject was Polish for every subscriber)."""
    with speaking(languages.get(p.subscriber_id, POLISH)):  # the subscriber's language
        u = (in_language(urls[0]), in_language(urls[1]))
        return alert_email(
            scope.schedule,
            p.alert,
            run.now,
            run.settings,
            scope.page,
            p.email,
            sent_at,
            u,
            name_city=scope.names_city,
        )


def _languages(run: RunContext, ids: list[int]) -> dict[int, str]:
    with run.db.engine.connect() as connection:
        return subscriber_languages(connection, ids)


async def _send(
    run: RunContext,
    scope: Scope,
    claimed: list[tuple[Planned, Attempt]],
    urls: list[Links],
    report: AlertReport,
) -> None:
    """Send a claimed batch, recording each result as the server gives it."""
    sent_at = run.wall()
    languages = await asyncio.to_thread(_languages, run, [p.subscriber_id for p, _ in claimed])
    messages = [
        _alert_message(run, scope, p, languages, u, sent_at)
        for (p, _attempt), u in zip(claimed, urls, strict=True)
    ]
    sent = await send_and_record(
        run.db, run.backend, [a for _, a in claimed], messages, run.now, kind="alert"
    )
    for (p, _), message, one in zip(claimed, messages, sent, strict=True):
        report.add(p, message.subject, one.status)
