"""The sign-up flow behind the form: validate, rate-limit, store, send the confirmation email."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from notifier.core.catalog import Catalog, cities_wording
from notifier.core.polish import plural
from notifier.core.preferences import (
    SubscriberError,
    mailbox_key,
    normalise_email,
    parse_preferences,
)
from notifier.core.schedule import Schedule
from notifier.jobs.claim_owners import begin_owner, end_owner
from notifier.mail.delivery import PERMANENT, DeliveryBackend, DeliveryResult, deliver
from notifier.mail.mime import OutgoingMessage, compose
from notifier.mail.render import render_email
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import (
    CLAIMED,
    CONFIRM,
    FAILED,
    MANAGE,
    SENT,
    UNSUBSCRIBE,
    Delivery,
    Subscriber,
    table_of,
)
from notifier.store.ratelimit import count, over_limit
from notifier.store.subscribers import mint_token, request_subscription
from notifier.store.tokens import CONFIRM_TTL

log = logging.getLogger(__name__)

CONFIRM_KIND = "confirm"
ALREADY_SUBSCRIBED_KIND = "already_subscribed"


class RateLimited(SubscriberError):
    """Too many sign-up requests for one address or from one client in the last hour."""


class MailUnavailable(SubscriberError):
    """The mail server refused the confirmation email for this address (a 5xx)."""


def topics_text(schedule: Schedule, topics: frozenset[str] | None) -> str:
    """Polish description of a topic choice, labels in the schedule's order."""
    if topics is None:
        return "wszystkie tematy"
    known = [label for slug, label in schedule.topics.items() if slug in topics]
    return ", ".join(known + sorted(t for t in topics if t not in schedule.topics))


def lead_days_text(days: tuple[int, ...]) -> str:
    """'7 dni', '1 dzień', '3 i 14 dni', '1, 7 i 30 dni'."""
    numbers = [str(d) for d in days]
    joined = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} i {numbers[-1]}"
    return f"{joined} {plural(days[-1], 'dzień', 'dni', 'dni')}" if days else ""


def link(settings: Settings, purpose: str, token: str) -> str:
    """The public URL of a confirm / manage / unsubscribe link."""
    return f"{settings.base_url}/{purpose}/{token}"


def subscriber_context(
    schedule: Schedule, subscriber: Subscriber, catalog: Catalog
) -> dict[str, str]:
    """What the sign-up emails say of a subscription: `city` names the cities the person
    chose (all of them, worded for every city, when none was chosen)."""
    return {
        "city": cities_wording(catalog, subscriber.city_ids),
        "title": schedule.title,
        "topics_text": topics_text(schedule, subscriber.topic_slugs),
        "lead_days_text": lead_days_text(subscriber.lead_day_values),
    }


# How long a sign-up waits for its email to be handed to the mail server before answering;
# past that the page says the email is on its way and the send goes on (then is retried).
SIGNUP_WAIT_SECONDS = 3.0
SIGNUP_KINDS = (CONFIRM_KIND, ALREADY_SUBSCRIBED_KIND)

_deliveries = table_of(Delivery)
_sending: set[asyncio.Task[None]] = set()  # sign-up emails still on the wire in this process


@dataclass(frozen=True)
class SignupResult:
    kind: str  # CONFIRM_KIND or ALREADY_SUBSCRIBED_KIND (never shown: no enumeration)
    delivery: DeliveryResult | None  # None: still being sent, or an earlier one is pending


def compose_signup_email(
    session: Session,
    settings: Settings,
    schedule: Schedule,
    subscriber: Subscriber,
    kind: str,
    now: datetime,
    catalog: Catalog,
) -> OutgoingMessage:
    """The confirmation (or "already subscribed") email with freshly minted links; `catalog`:
    the harmonograms served (the cities' names)."""
    context = subscriber_context(schedule, subscriber, catalog)
    context["unsubscribe_url"] = link(
        settings, UNSUBSCRIBE, mint_token(session, subscriber, UNSUBSCRIBE, now)
    )
    # Every email leads to the subscriber's settings, the confirmation one too.
    context["manage_url"] = link(settings, MANAGE, mint_token(session, subscriber, MANAGE, now))
    if kind != ALREADY_SUBSCRIBED_KIND:
        context["confirm_url"] = link(
            settings, CONFIRM, mint_token(session, subscriber, CONFIRM, now)
        )
        context["valid_days"] = str(CONFIRM_TTL.days)
    return compose(
        render_email(kind, **context),
        from_address=settings.from_address,
        to=subscriber.email,
        now=now,
        unsubscribe_url=context["unsubscribe_url"],
    )


def _waiting_email(session: Session, subscriber_id: int) -> bool:
    """Whether a sign-up email to this subscriber is being sent or waits for its retry."""
    d = _deliveries
    waiting = (d.c.status == CLAIMED) | ((d.c.status == FAILED) & d.c.next_attempt_at.is_not(None))
    found = session.execute(
        select(d.c.id).where(
            d.c.subscriber_id == subscriber_id, d.c.kind.in_(SIGNUP_KINDS), waiting
        )
    ).first()
    return found is not None


def record_signup_attempt(
    db: Database, delivery_id: int, result: DeliveryResult, attempts: int, now: datetime
) -> str:
    """Write one attempt's outcome on the delivery row; the status it gets."""
    from notifier.jobs.claims import attempt_values  # noqa: PLC0415 (claims uses `link` from here)

    values = attempt_values(result, attempts, now)
    with db.engine.begin() as connection:
        connection.execute(
            update(_deliveries).where(_deliveries.c.id == delivery_id).values(**values)
        )
    return str(values["status"])


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
    wait: float = SIGNUP_WAIT_SECONDS,
) -> SignupResult:
    """Handle one form post; InvalidEmail / InvalidPreferences / RateLimited / MailUnavailable.

    A new or inactive address gets a confirmation email; an active one an "already
    subscribed" email with its manage link. The caller shows the same page either way.

    The email is claimed in the delivery log, then sent in a task of its own; the answer comes
    after at most `wait` seconds whatever the mail server does. A temporary failure is retried
    by the worker (see jobs.signup_retry); only a permanent refusal that comes back within the
    wait is reported (MailUnavailable). While one sign-up email to an address is pending, a
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
                    "Za dużo prób zapisu w ostatniej godzinie. Prosimy spróbować ponownie później "
                    "– jeśli wiadomość z linkiem już przyszła, wystarczy w nią kliknąć."
                )
            request = request_subscription(session, address, prefs, now)
            subscriber = request.subscriber
            kind = ALREADY_SUBSCRIBED_KIND if request.already_active else CONFIRM_KIND
            if _waiting_email(session, subscriber.id):
                return kind, 0, None  # that one will arrive (with the newest choices)
            message = compose_signup_email(
                session, settings, schedule, subscriber, kind, now, catalog
            )
            delivery = Delivery(
                kind=kind,
                recipient=subscriber.email,
                subscriber_id=subscriber.id,
                status=CLAIMED,
                attempts=0,
                created_at=now,
                last_attempt_at=now,
                claimed_by=owner,
                message_id=message.message_id,
            )
            session.add(delivery)
            session.flush()
            count(session, limits, now, delivery_id=delivery.id)
            return kind, delivery.id, message

    try:
        kind, delivery_id, message = await asyncio.to_thread(prepare)
    except BaseException:
        end_owner(owner)
        raise
    if message is None:
        end_owner(owner)
        return SignupResult(kind, None)

    outcome: list[DeliveryResult] = []

    async def send() -> None:
        try:
            [result] = await deliver(backend, [message], kind="signup")
            outcome.append(result)
            status = await asyncio.to_thread(record_signup_attempt, db, delivery_id, result, 1, now)
            if status != SENT:
                log.warning(
                    "sign-up email %d not sent (%s): %s", delivery_id, status, result.response
                )
        finally:
            end_owner(owner)

    task = asyncio.create_task(send())
    _sending.add(task)
    task.add_done_callback(_sending.discard)
    await asyncio.wait({task}, timeout=wait)
    if outcome and outcome[0].status == PERMANENT:
        raise MailUnavailable(
            "Serwer poczty odrzucił wiadomość na ten adres. Prosimy sprawdzić, czy adres "
            "jest poprawny."
        )
    return SignupResult(kind, outcome[0] if outcome else None)


async def settle_sends() -> None:
    """Wait until every sign-up email this process has on the wire is sent and recorded."""
    while _sending:
        await asyncio.gather(*list(_sending), return_exceptions=True)
