"""Retry sign-up emails (confirmation, "already subscribed") the mail server did not take.

The web process claims and sends each sign-up email once; a temporary failure, or a web
process that died while sending, leaves the delivery row for the worker's retry job, which
sends it again with freshly minted links — as long as it still makes sense: a confirmation
only while the address is still waiting for it, an "already subscribed" note only while the
subscription is active, and neither once the sign-up is older than CONFIRM_TTL (7 days).
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import select, update

from notifier.core.placement import catalog_view
from notifier.jobs.claim_owners import Owners, claim_owner, retry_due
from notifier.jobs.run_context import RunContext
from notifier.jobs.signup import (
    ALREADY_SUBSCRIBED_KIND,
    SIGNUP_KINDS,
    compose_signup_email,
    record_signup_attempt,
)
from notifier.mail.delivery import deliver
from notifier.mail.mime import OutgoingMessage
from notifier.store.models import (
    ACTIVE,
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    Delivery,
    Subscriber,
    as_utc,
)
from notifier.store.tokens import CONFIRM_TTL

log = logging.getLogger(__name__)

BATCH = 200


async def retry_signup_emails(run: RunContext) -> int:
    """Resend the sign-up emails whose retry is due at `run.now`; how many were accepted."""
    db, backend, settings, now = run.db, run.backend, run.settings, run.now
    # As the sign-up page wrote it: with several harmonograms, the catalog as one view.
    catalog = run.harmonograms
    schedule = catalog_view(catalog)
    accepted = 0
    with claim_owner() as owner:
        while True:

            def take(owner: str = owner) -> tuple[int, list[tuple[int, int, OutgoingMessage]]]:
                """Claim due rows; compose those still wanted, give the rest up."""
                stamp = run.claim_stamp()
                out: list[tuple[int, int, OutgoingMessage]] = []
                with db.session() as session:
                    d = Delivery.__table__
                    due = d.c.kind.in_(SIGNUP_KINDS) & retry_due(
                        d, now, stamp, Owners.survey(session.connection())
                    )
                    ids = list(session.scalars(select(Delivery.id).where(due).limit(BATCH)))
                    if not ids:
                        return 0, []
                    rows = session.execute(
                        update(Delivery)
                        .where(Delivery.id.in_(ids), due)
                        .values(status=CLAIMED, last_attempt_at=stamp, claimed_by=owner)
                        .returning(
                            Delivery.id, Delivery.kind, Delivery.subscriber_id, Delivery.created_at
                        )
                        .execution_options(synchronize_session=False)
                    ).all()
                    for delivery_id, kind, subscriber_id, created_at in rows:
                        subscriber = (
                            session.get(Subscriber, subscriber_id) if subscriber_id else None
                        )
                        wanted = ACTIVE if kind == ALREADY_SUBSCRIBED_KIND else PENDING
                        # A sign-up older than a confirmation link's life is over: stop trying.
                        too_old = as_utc(created_at) + CONFIRM_TTL <= now  # type: ignore[operator]
                        if subscriber is None or subscriber.state != wanted or too_old:
                            session.execute(
                                update(Delivery)
                                .where(Delivery.id == delivery_id)
                                .values(
                                    status=FAILED,
                                    next_attempt_at=None,
                                    smtp_response="given up: no longer needed",
                                )
                                .execution_options(synchronize_session=False)
                            )
                            continue
                        attempts = session.scalar(
                            select(Delivery.attempts).where(Delivery.id == delivery_id)
                        )
                        message = compose_signup_email(
                            session, settings, schedule, subscriber, kind, stamp, catalog
                        )
                        out.append((delivery_id, int(attempts or 0), message))
                    return len(rows), out

            taken, work = await asyncio.to_thread(take)
            if not taken:
                return accepted
            if not work:
                continue
            results = await deliver(
                backend, [m for _, _, m in work], kind="signup", retries=len(work)
            )
            for (delivery_id, attempts, _), result in zip(work, results, strict=True):
                status = await asyncio.to_thread(
                    record_signup_attempt, db, delivery_id, result, attempts + 1, now
                )
                accepted += status == SENT
                if status != SENT:
                    log.warning("sign-up email %d not sent again (%s)", delivery_id, status)
