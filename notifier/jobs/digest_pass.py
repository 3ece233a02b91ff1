"""The weekly digest pass: per city, figures counted in the database, one delivery per ISO
week, sent to the city's office (its current year's harmonogram).

The dedupe key digest_key(today) (":city" appended when several harmonograms are served) on
deliveries is the guard: the INSERT that claims it wins.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select, true
from sqlalchemy.exc import SQLAlchemyError

from notifier.core.delivery_result import UNCERTAIN, UNCERTAIN_TEXT
from notifier.core.digest import Digest, DigestFigures, compose_digest, digest_key, week_label
from notifier.core.errors import NotifierError
from notifier.core.head_lint import placeholder_office, placeholder_office_text
from notifier.core.schedule import Schedule
from notifier.jobs.run_context import RunContext, Scope
from notifier.jobs.sending import send_and_record
from notifier.mail.emails import digest_email, digest_rendered
from notifier.metrics import count_emails
from notifier.store.claim_owners import claim_owner
from notifier.store.delivery_log import (
    DIGEST_KIND,
    REMINDER_KIND,
    UNCERTAIN_PREFIX,
    Attempt,
    claim_by_key,
    deliveries,
    retry_is_due,
    status_of,
)
from notifier.store.models import (
    ACTIVE,
    CLAIMED,
    FAILED,
    REJECTED,
    SENT,
    Subscriber,
    SubscriberCity,
    SubscriberTopic,
    table_of,
)

log = logging.getLogger(__name__)

WEEK = timedelta(days=7)


def digest_figures(
    connection: Connection, now: datetime, city_id: str | None = None
) -> DigestFigures:
    """Subscription and delivery numbers for the 7 days before `now`, counted in the database;
    with `city_id`, subscribers who follow that city (chose it, or every city) only."""
    since = now - WEEK
    s, st, d = table_of(Subscriber), table_of(SubscriberTopic), deliveries
    follows: Any = true()
    if city_id is not None:
        sc = table_of(SubscriberCity)
        chose = select(sc.c.subscriber_id).where(sc.c.city_id == city_id)
        follows = s.c.all_cities.is_(True) | s.c.id.in_(chose)
    active = (s.c.state == ACTIVE) & follows
    per_topic: dict[str, int] = dict(
        connection.execute(
            select(st.c.topic, func.count())
            .select_from(st.join(s, s.c.id == st.c.subscriber_id))
            .where(active, s.c.all_topics.is_(False))
            .group_by(st.c.topic)
        ).all()
    )

    def count(*where: object) -> int:
        return int(connection.execute(select(func.count()).where(*where)).scalar() or 0)  # type: ignore[arg-type]

    return DigestFigures(
        active_per_topic={str(k): int(v) for k, v in per_topic.items()},
        active_total=count(active),
        all_topics_count=count(active, s.c.all_topics.is_(True)),
        new_this_week=count(follows, s.c.confirmed_at >= since, s.c.confirmed_at < now),
        unsubscribed_this_week=count(
            follows, s.c.unsubscribed_at >= since, s.c.unsubscribed_at < now
        ),
        reminders_sent_this_week=count(
            d.c.kind == REMINDER_KIND, d.c.status == SENT, d.c.sent_at >= since, d.c.sent_at < now
        ),
        reminders_failed_this_week=count(
            d.c.kind == REMINDER_KIND,
            d.c.status.in_((FAILED, REJECTED)),
            d.c.last_attempt_at >= since,
            d.c.last_attempt_at < now,
        ),
        reminders_uncertain_this_week=count(
            d.c.kind == REMINDER_KIND,
            d.c.status == FAILED,
            d.c.smtp_response.startswith(UNCERTAIN_PREFIX),
            d.c.last_attempt_at >= since,
            d.c.last_attempt_at < now,
        ),
    )


# Why this pass does not send this week's digest, by the status its row already has.
_NOT_OURS = {SENT: "already", REJECTED: "rejected", FAILED: "waiting", CLAIMED: "in-progress"}
_NOT_OURS_TEXT = {
    "already": "już wysłane w tym tygodniu, nic nie wysłano.",
    "rejected": "serwer odrzucił je wcześniej w tym tygodniu, nic nie wysłano.",
    "waiting": "poprzednia próba się nie udała; następna nastąpi automatycznie.",
    "in-progress": "właśnie wysyła je inny proces, nic nie wysłano.",
    "placeholder": "to adres zastępczy w [office], nic nie wysłano – proszę wpisać adres biura.",
}


@dataclass(frozen=True)
class DigestReport:
    """What the pass did: sent / failed / rejected / already sent / planned (dry run)."""

    week: str  # "22–28 kwietnia 2024"
    recipient: str
    subject: str
    status: str  # sent, failed, rejected, "planned" (dry run), or one of _NOT_OURS' values
    reason: str = ""  # why not sent, in Polish (DeliveryResult.polish_reason; raw: the log)
    city: str = ""  # whose digest: several cities' offices may share an address

    def format(self) -> str:
        """The office's view, in Polish."""
        city = f"{self.city} – " if self.city else ""
        head = f"Podsumowanie – {city}tydzień {self.week} → {self.recipient}"
        if self.status in _NOT_OURS_TEXT:
            return f"{head}: {_NOT_OURS_TEXT[self.status]}"
        if self.status == "planned":
            return f"{head}: do wysłania (próba: nic nie zostanie wysłane)\n  „{self.subject}”"
        text = {
            SENT: "wysłano",
            FAILED: "nie wysłano, ponowna próba później",
            REJECTED: "serwer odrzucił wiadomość",
            UNCERTAIN: UNCERTAIN_TEXT,
        }[self.status]
        detail = f" ({self.reason})" if self.status not in (SENT, UNCERTAIN) and self.reason else ""
        return f"{head}: {text}{detail}\n  „{self.subject}”"


def _claim(
    connection: Connection, digest: Digest, now: datetime, stamp: datetime, owner: str
) -> tuple[int | None, int, str]:
    """Claim this week's digest: (delivery id, attempts so far, status before the claim).

    The id is None when the digest is not ours to send: already sent, rejected, waiting for
    its next attempt, or being sent by another pass.
    """
    status = status_of(connection, digest.key)
    row = claim_by_key(
        connection,
        kind=DIGEST_KIND,
        recipient=digest.recipient,
        dedupe_key=digest.key,
        subscriber_id=None,
        now=now,
        stamp=stamp,
        owner=owner,
    )
    if row is None:  # another pass may have made the row meanwhile (a double click)
        return None, 0, status_of(connection, digest.key) or CLAIMED
    return row[0], row[1], status or ""


async def run_digests(run: RunContext, *, retry_only: bool = False) -> list[DigestReport]:
    """The digest of every city of `run.catalog` (its current year's harmonogram, to its
    office; RunContext.scope says whose subscribers are counted); the reports of those that
    did something, in the catalog's order.

    `retry_only` (the worker's retry job) sends only the digests that failed earlier this week
    and whose next attempt has come.
    """
    reports = []
    for city in run.catalog.cities():
        schedule = city.current(run.today).schedule
        if placeholder_office(schedule.office.email):  # nobody reads it (blind7 M13)
            if not retry_only:  # said once a week, by the pass itself, not each retry check
                log.warning("%s: %s", schedule.city, placeholder_office_text(schedule.office.email))
                week = week_label(run.today - timedelta(days=run.today.weekday()))
                reports.append(
                    DigestReport(week, schedule.office.email, "", "placeholder", city=schedule.city)
                )
            continue
        try:
            report = await _digest_pass(run, run.scope(schedule), retry_only=retry_only)
        except (NotifierError, SQLAlchemyError):  # the database or mail as a whole: as before
            raise
        except Exception as exc:  # one city's fault never stops the other cities' digests
            log.exception("weekly digest of %s failed; the other cities go on", schedule.city)
            count_emails("digest", ["failed"])
            week = week_label(run.today - timedelta(days=run.today.weekday()))
            why = f"błąd wewnętrzny ({type(exc).__name__})"
            report = DigestReport(
                week, schedule.office.email, "", "failed", why, city=schedule.city
            )
        if report is not None:
            reports.append(report)
    return reports


async def _digest_pass(run: RunContext, scope: Scope, *, retry_only: bool) -> DigestReport | None:
    """Send the digest of the ISO week of `run.today` (Europe/Warsaw) of `scope`'s
    harmonogram to its office, unless it already went out; the figures count the 7 days
    before `run.now`, of the scope's city's subscribers (every subscriber with one
    harmonogram served).

    `retry_only` sends only if this week's digest failed earlier and its next attempt has
    come; returns None when there is nothing to retry (never otherwise). A dry run reports
    what the real run would do now and claims and sends nothing.
    """
    with claim_owner() as owner:
        now, today, dry_run = run.now, run.today, run.dry_run
        week = week_label(today - timedelta(days=today.weekday()))
        schedule, city_id = scope.schedule, scope.city_id
        city = schedule.city
        key = digest_key(today) + (f":{city_id}" if city_id else "")

        def prepare() -> tuple[Digest | None, int | None, int, str]:
            with run.db.engine.begin() as connection:
                stamp = run.claim_stamp()
                if retry_only and not retry_is_due(connection, key, now, stamp):
                    return None, None, 0, ""
                digest = compose_digest(
                    schedule,
                    today,
                    digest_figures(connection, now, city_id),
                    base_url=run.settings.base_url,
                    page=scope.page,
                    labels=run.catalog.topics(),
                )
                digest = replace(digest, key=key)
                if dry_run:  # what the real run would do now, without claiming
                    status = status_of(connection, digest.key)
                    if status is None or retry_is_due(connection, digest.key, now, stamp):
                        return digest, None, 0, ""
                    return digest, None, 0, status
                return digest, *_claim(connection, digest, now, stamp, owner)

        digest, delivery_id, attempts, before = await asyncio.to_thread(prepare)
        if digest is None:
            return None
        subject = digest_rendered(digest).subject
        if dry_run:
            status = _NOT_OURS.get(before, "in-progress") if before else "planned"
            return DigestReport(week, digest.recipient, subject, status, city=city)
        if delivery_id is None:
            not_ours = _NOT_OURS.get(before, "in-progress")
            return DigestReport(week, digest.recipient, subject, not_ours, city=city)

        # Date: is the real send time; `now` only chose the week.
        message = digest_email(digest, run.settings, run.wall())
        [sent] = await send_and_record(
            run.db, run.backend, [Attempt(delivery_id, attempts, digest.recipient)], [message],
            now, kind="digest", retries=int(attempts > 0),
        )  # fmt: skip
        if sent.status != SENT:
            log.warning(
                "weekly digest %s not sent (%s): %s", digest.key, sent.status, sent.result.response
            )
        return DigestReport(
            week, digest.recipient, message.subject, sent.status, sent.result.polish_reason, city
        )


def digest_preview(run: RunContext, schedule: Schedule) -> Digest:
    """This week's digest of `schedule` as the pass would compose it now (nothing claimed or
    sent): what the office's overview shows."""
    scope = run.scope(schedule)
    with run.db.engine.connect() as connection:
        figures = digest_figures(connection, run.now, scope.city_id)
    return compose_digest(
        schedule,
        run.today,
        figures,
        base_url=run.settings.base_url,
        page=scope.page,
        labels=run.catalog.topics(),
    )


async def send_digest_now(run: RunContext, schedule: Schedule) -> DigestReport | None:
    """Send this week's digest of `schedule` now (the office's "Wyślij teraz"): the pass of
    run_digests for one harmonogram, so it still goes out once a week at most; never to a
    placeholder office address."""
    if placeholder_office(schedule.office.email):
        week = week_label(run.today - timedelta(days=run.today.weekday()))
        return DigestReport(week, schedule.office.email, "", "placeholder", city=schedule.city)
    return await _digest_pass(run, run.scope(schedule), retry_only=False)
