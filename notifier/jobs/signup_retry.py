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

from notifier.core.placement import catalog_view
from notifier.jobs.run_context import RunContext
from notifier.jobs.sending import send_and_record
from notifier.jobs.signup import compose_signup_email
from notifier.mail.mime import OutgoingMessage
from notifier.store.claim_owners import claim_owner
from notifier.store.delivery_log import (
    ALREADY_SUBSCRIBED_KIND,
    SIGNUP_KINDS,
    Attempt,
    give_up,
    retake_due,
)
from notifier.store.models import ACTIVE, PENDING, SENT, Subscriber, as_utc
from notifier.store.tokens import CONFIRM_TTL

log = logging.getLogger(__name__)

BATCH = 200


async def retry_signup_emails(run: RunContext) -> int:
    """Resend the sign-up emails whose retry is due at `run.now`; how many were accepted."""
    db, settings, now = run.db, run.settings, run.now
    # As the sign-up page wrote it: with several harmonograms, the catalog as one view.
    catalog = run.catalog
    schedule = catalog_view(catalog)
    accepted = 0
    with claim_owner() as owner:
        while True:

            def take(owner: str = owner) -> tuple[int, list[tuple[Attempt, OutgoingMessage]]]:
                """Claim due rows; compose those still wanted, give the rest up."""
                stamp = run.claim_stamp()
                out: list[tuple[Attempt, OutgoingMessage]] = []
                with db.session() as session:
                    rows = retake_due(
                        session.connection(), SIGNUP_KINDS, now=now, stamp=stamp, owner=owner,
                        limit=BATCH,
                    )  # fmt: skip
                    unwanted = []
                    for delivery_id, kind, subscriber_id, recipient, attempts, created_at in rows:
                        subscriber = (
                            session.get(Subscriber, subscriber_id) if subscriber_id else None
                        )
                        wanted = ACTIVE if kind == ALREADY_SUBSCRIBED_KIND else PENDING
                        # A sign-up older than a confirmation link's life is over: stop trying.
                        too_old = as_utc(created_at) + CONFIRM_TTL <= now  # type: ignore[operator]
                        if subscriber is None or subscriber.state != wanted or too_old:
                            unwanted.append(delivery_id)
                            continue
                        message = compose_signup_email(
                            session, settings, schedule, subscriber, kind, stamp, catalog
                        )
                        out.append((Attempt(delivery_id, int(attempts), recipient), message))
                    give_up(session.connection(), unwanted, "given up: no longer needed")
                    return len(rows), out

            taken, work = await asyncio.to_thread(take)
            if not taken:
                return accepted
            if not work:
                continue
            sent = await send_and_record(
                db, run.backend, [a for a, _ in work], [m for _, m in work], now,
                kind="signup", retries=len(work),
            )  # fmt: skip
            for (attempt, _), one in zip(work, sent, strict=True):
                accepted += one.status == SENT
                if one.status != SENT:
                    log.warning(
                        "sign-up email %d not sent again (%s)", attempt.delivery_id, one.status
                    )
