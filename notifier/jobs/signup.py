"""The sign-up flow behind the form: validate, rate-limit, store, send the confirmation email."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from notifier.core.catalog import Catalog
from notifier.core.language import current_language
from notifier.core.language import gettext as _
from notifier.core.preferences import (
    SubscriberError,
    mailbox_key,
    normalise_email,
    parse_preferences,
)
from notifier.core.schedule import Schedule
from notifier.jobs.sending import send_and_record
from notifier.mail.delivery import PERMANENT, DeliveryBackend, DeliveryResult
from notifier.mail.emails import SignupTokens, signup_email, signup_purposes
from notifier.mail.mime import OutgoingMessage
from notifier.settings import Settings
from notifier.store.claim_owners import begin_owner, end_owner
from notifier.store.confirm_choices import bind_choices
from notifier.store.db import Database
from notifier.store.delivery_log import (
    ALREADY_SUBSCRIBED_KIND,
    CONFIRM_KIND,
    SIGNUP_KINDS,
    Attempt,
    claim_new,
    in_flight,
)
from notifier.store.models import SENT, Subscriber
from notifier.store.ratelimit import count, over_limit
from notifier.store.subscribers import request_subscription
from notifier.store.tokens import mint_tokens

log = logging.getLogger(__name__)


class RateLimited(SubscriberError):
    """Too many sign-up requests for one address or from one client in the last hour."""


class MailUnavailable(SubscriberError):
    """The mail server refused the confirmation email for this address (a 5xx)."""


class MailNotBuilt(SubscriberError):
    """The confirmation email could not be built (a setting the mail layer cannot use); the
    subscriber is kept, the message (Polish) asks to try again later."""


_sending: set[asyncio.Task[None]] = set()  # sign-up emails still on the wire in this process


@dataclass(frozen=True)
class SignupResult:
    """What one form post led to: the email's kind (CONFIRM_KIND or ALREADY_SUBSCRIBED_KIND,
    never shown: no address enumeration) and its delivery result (None: still being sent,
    or an earlier one is pending)."""

    kind: str
    delivery: DeliveryResult | None


def compose_signup_email(
    session: Session,
    settings: Settings,
    schedule: Schedule,
    subscriber: Subscriber,
    kind: str,
    now: datetime,
    catalog: Catalog,
) -> OutgoingMessage:
    """The sign-up email of `kind` (notifier.mail.emails.signup_email) with links minted now
    in the session's transaction; `catalog`: the harmonograms served (the cities' names)."""
    session.flush()  # a subscriber new in this session gets its id
    purposes = signup_purposes(kind)
    minted = mint_tokens(session.connection(), [(subscriber.id, p) for p in purposes], now)
    tokens = SignupTokens(*minted)
    if tokens.confirm is not None:  # it confirms what this email describes, nothing newer
        bind_choices(session.connection(), tokens.confirm, subscriber)
    return signup_email(kind, settings, schedule, catalog, subscriber, tokens, now)


async def sign_up(
    db: Database,
    backend: DeliveryBackend,
    settings: Settings,
    schedule: Schedule,
    *,
    email: str,
    topics: list[str],
    lead_days: list[str],
    deadline_days: str | None = None,
    cities: frozenset[str] | None = None,
    catalog: Catalog,
    client: str,
    now: datetime,
) -> SignupResult:
    """Handle one form post; InvalidEmail / InvalidPreferences / RateLimited / MailUnavailable.

    A new or inactive address gets a confirmation email; an active one an "already
    subscribed" email with its manage link. The caller shows the same page either way.

    The email is claimed in the delivery log, then sent in a task of its own; the answer comes
    after at most settings.signup_wait seconds (NOTIFIER_SIGNUP_WAIT) whatever the mail server
    does: past that the page says the email is on its way and the send goes on. A temporary
    failure is retried by the worker (see jobs.signup_retry); only a permanent refusal that
    comes back within the wait is reported (MailUnavailable). While one sign-up email to an address is pending, a
    new form post sends no second one. Limits count only emails accepted or being sent.
    """
    address = normalise_email(email)
    prefs = replace(parse_preferences(schedule, topics, lead_days, deadline_days), cities=cities)
    limits = [
        ("signup-client", client, settings.subscribe_limit_per_client),
        ("signup-address", mailbox_key(address), settings.subscribe_limit_per_address),
    ]
    owner = begin_owner()  # running until the send below has been recorded

    def prepare() -> tuple[str, int, OutgoingMessage | None]:
        with db.session() as session:
            if over_limit(session, limits, now) is not None:
                raise RateLimited(
                    _(
                        "Za dużo prób zapisu w ostatniej godzinie. Prosimy spróbować ponownie "
                        "później – jeśli wiadomość z linkiem już przyszła, wystarczy w nią kliknąć."
                    )
                )
            request = request_subscription(session, address, prefs, now, current_language())
            subscriber = request.subscriber
            kind = ALREADY_SUBSCRIBED_KIND if request.already_active else CONFIRM_KIND
            if in_flight(session.connection(), subscriber.id, SIGNUP_KINDS):
                return kind, 0, None  # that one will arrive (with the newest choices)
            try:
                message = compose_signup_email(
                    session, settings, schedule, subscriber, kind, now, catalog
                )
            except Exception:  # the subscriber is kept: a bad setting must not lose them
                log.exception("sign-up email for subscriber %d could not be built", subscriber.id)
                return kind, -1, None
            delivery_id = claim_new(
                session.connection(),
                kind=kind,
                recipient=subscriber.email,
                subscriber_id=subscriber.id,
                now=now,
                owner=owner,
                message_id=message.message_id,
            )
            count(session, limits, now, delivery_id=delivery_id)
            return kind, delivery_id, message

    try:
        kind, delivery_id, message = await asyncio.to_thread(prepare)
    except BaseException:
        end_owner(owner)
        raise
    if message is None:
        end_owner(owner)
        if delivery_id < 0:
            raise MailNotBuilt(
                _(
                    "Zapis został przyjęty, ale nie udało się teraz wysłać wiadomości "
                    "z potwierdzeniem. Prosimy spróbować ponownie później."
                )
            )
        return SignupResult(kind, None)

    outcome: list[DeliveryResult] = []

    async def send() -> None:
        try:
            [sent] = await send_and_record(
                db, backend, [Attempt(delivery_id, 0, message.recipients[0])], [message], now,
                kind="signup",
            )  # fmt: skip
            outcome.append(sent.result)
            if sent.status != SENT:
                log.warning(
                    "sign-up email %d not sent (%s): %s", delivery_id, sent.status,
                    sent.result.response,
                )  # fmt: skip
        finally:
            end_owner(owner)

    task = asyncio.create_task(send())
    _sending.add(task)
    task.add_done_callback(_sending.discard)
    await asyncio.wait({task}, timeout=settings.signup_wait)
    if outcome and outcome[0].status == PERMANENT:
        raise MailUnavailable(
            _(
                "Serwer poczty odrzucił wiadomość na ten adres. Prosimy sprawdzić, czy adres "
                "jest poprawny."
            )
        )
    return SignupResult(kind, outcome[0] if outcome else None)


async def settle_sends() -> None:
    """Wait until every sign-up email this process has on the wire is sent and recorded."""
    while _sending:
        await asyncio.gather(*list(_sending), return_exceptions=True)
