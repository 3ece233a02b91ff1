"""One weekly digest pass: figures counted in the database, one delivery per ISO week, sent.

The dedupe key digest_key(today) on deliveries is the guard: the INSERT that claims it wins.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select, true, update

from notifier.core.digest import Digest, DigestFigures, compose_digest, digest_key, week_label
from notifier.jobs.claim_owners import Owners, claim_owner, retry_due
from notifier.jobs.claims import KIND as REMINDER_KIND
from notifier.jobs.claims import attempt_values, claim_by_key
from notifier.jobs.run_context import RunContext
from notifier.mail.delivery import deliver
from notifier.mail.mime import compose
from notifier.mail.render import render_email
from notifier.store.models import (
    ACTIVE,
    CLAIMED,
    FAILED,
    REJECTED,
    SENT,
    Delivery,
    Subscriber,
    SubscriberCity,
    SubscriberTopic,
    table_of,
)

log = logging.getLogger(__name__)

KIND = "digest"
WEEK = timedelta(days=7)

_deliveries = table_of(Delivery)


def digest_figures(
    connection: Connection, now: datetime, city_id: str | None = None
) -> DigestFigures:
    """Subscription and delivery numbers for the 7 days before `now`, counted in the database;
    with `city_id`, subscribers who follow that city (chose it, or every city) only."""
    since = now - WEEK
    s, st, d = table_of(Subscriber), table_of(SubscriberTopic), _deliveries
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
    )


# Why this pass does not send this week's digest, by the status its row already has.
_NOT_OURS = {SENT: "already", REJECTED: "rejected", FAILED: "waiting", CLAIMED: "in-progress"}
_NOT_OURS_TEXT = {
    "already": "już wysłane w tym tygodniu, nic nie wysłano.",
    "rejected": "serwer odrzucił je wcześniej w tym tygodniu, nic nie wysłano.",
    "waiting": "poprzednia próba się nie udała; następna nastąpi automatycznie.",
    "in-progress": "właśnie wysyła je inny proces, nic nie wysłano.",
}


@dataclass(frozen=True)
class DigestReport:
    """What the pass did: sent / failed / rejected / already sent / planned (dry run)."""

    week: str  # "22–28 kwietnia 2024"
    recipient: str
    subject: str
    status: str  # sent, failed, rejected, "planned" (dry run), or one of _NOT_OURS' values
    response: str = ""
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
        }[self.status]
        detail = f" ({self.response})" if self.status != SENT else ""
        return f"{head}: {text}{detail}\n  „{self.subject}”"


def _claim(
    connection: Connection, digest: Digest, now: datetime, stamp: datetime, owner: str
) -> tuple[int | None, int, str]:
    """Claim this week's digest: (delivery id, attempts so far, status before the claim).

    The id is None when the digest is not ours to send: already sent, rejected, waiting for
    its next attempt, or being sent by another pass.
    """
    d = _deliveries
    status = connection.execute(select(d.c.status).where(d.c.dedupe_key == digest.key)).scalar()
    row = claim_by_key(
        connection,
        kind=KIND,
        recipient=digest.recipient,
        dedupe_key=digest.key,
        subscriber_id=None,
        now=now,
        stamp=stamp,
        owner=owner,
    )
    if row is None:
        return None, 0, str(status)
    return row[0], row[1], str(status) if status is not None else ""


def _pending_retry(connection: Connection, key: str, now: datetime, stamp: datetime) -> bool:
    d = _deliveries
    due = retry_due(d, now, stamp, Owners.survey(connection))
    found = connection.execute(select(d.c.id).where(d.c.dedupe_key == key, due)).first()
    return found is not None


async def run_digest_pass(
    run: RunContext, *, retry_only: bool = False, city_id: str | None = None
) -> DigestReport | None:
    """Send the digest of the ISO week of `run.today` (Europe/Warsaw) to the office, unless it
    already went out; the figures count the 7 days before `run.now`.

    `retry_only` (the worker's retry job) sends only if this week's digest failed earlier and
    its next attempt has come; returns None when there is nothing to retry (never otherwise).
    A dry run reports what the real run would do now and claims and sends nothing. With
    `city_id` (several cities served), it is that city's digest of `run.schedule`, to its
    office, one per week and city, counting the city's subscribers.
    """
    with claim_owner() as owner:
        now, today, dry_run = run.now, run.today, run.dry_run
        week = week_label(today - timedelta(days=today.weekday()))
        city = run.schedule.city
        key = digest_key(today) + (f":{city_id}" if city_id else "")

        def prepare() -> tuple[Digest | None, int | None, int, str]:
            with run.db.engine.begin() as connection:
                stamp = run.claim_stamp()
                if retry_only and not _pending_retry(connection, key, now, stamp):
                    return None, None, 0, ""
                digest = compose_digest(
                    run.schedule,
                    today,
                    digest_figures(connection, now, city_id),
                    base_url=run.settings.base_url,
                    page=run.page,
                )
                digest = replace(digest, key=key)
                if dry_run:  # what the real run would do now, without claiming
                    status = connection.execute(
                        select(_deliveries.c.status).where(_deliveries.c.dedupe_key == digest.key)
                    ).scalar()
                    if status is None or _pending_retry(connection, digest.key, now, stamp):
                        return digest, None, 0, ""
                    return digest, None, 0, str(status)
                return digest, *_claim(connection, digest, now, stamp, owner)

        digest, delivery_id, attempts, before = await asyncio.to_thread(prepare)
        if digest is None:
            return None
        email = render_email("digest", **digest.context)
        if dry_run:
            status = _NOT_OURS[before] if before else "planned"
            return DigestReport(week, digest.recipient, email.subject, status, city=city)
        if delivery_id is None:
            return DigestReport(week, digest.recipient, email.subject, _NOT_OURS[before], city=city)

        message = compose(
            email,
            from_address=run.settings.from_address,
            to=digest.recipient,
            now=run.wall(),  # Date: is the real send time; `now` only chose the week
            headers={"Auto-Submitted": "auto-generated"},
        )
        [result] = await deliver(run.backend, [message], kind="digest", retries=int(attempts > 0))
        values = attempt_values(result, attempts + 1, now)
        status = values["status"]

        def record() -> None:
            with run.db.engine.begin() as connection:
                connection.execute(
                    update(_deliveries).where(_deliveries.c.id == delivery_id).values(**values)
                )

        await asyncio.to_thread(record)
        if status != SENT:
            log.warning("weekly digest %s not sent (%s): %s", digest.key, status, result.response)
        return DigestReport(week, digest.recipient, email.subject, status, result.response, city)
