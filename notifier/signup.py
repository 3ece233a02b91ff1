"""The sign-up flow behind the form: validate, rate-limit, store, send the confirmation email."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from notifier.core.polish import plural
from notifier.core.preferences import SubscriberError, email_key, normalise_email, parse_preferences
from notifier.core.schedule import Schedule
from notifier.mail.mime import OutgoingMessage, compose
from notifier.mail.render import render_email
from notifier.mail.transports import PERMANENT, DeliveryBackend, DeliveryResult, deliver
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import CONFIRM, MANAGE, UNSUBSCRIBE, Subscriber
from notifier.store.ratelimit import allow
from notifier.store.subscribers import mint_token, record_delivery, request_subscription
from notifier.store.tokens import CONFIRM_TTL

log = logging.getLogger(__name__)

CONFIRM_KIND = "confirm"
ALREADY_SUBSCRIBED_KIND = "already_subscribed"


class RateLimited(SubscriberError):
    """Too many sign-up requests for one address or from one client in the last hour."""


class MailUnavailable(SubscriberError):
    """The confirmation email could not be handed to the mail server."""


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


def subscriber_context(schedule: Schedule, subscriber: Subscriber) -> dict[str, str]:
    return {
        "city": schedule.city,
        "title": schedule.title,
        "topics_text": topics_text(schedule, subscriber.topic_slugs),
        "lead_days_text": lead_days_text(subscriber.lead_day_values),
    }


@dataclass(frozen=True)
class SignupResult:
    kind: str  # CONFIRM_KIND or ALREADY_SUBSCRIBED_KIND (never shown: no enumeration)
    delivery: DeliveryResult


async def sign_up(
    db: Database,
    backend: DeliveryBackend,
    settings: Settings,
    schedule: Schedule,
    *,
    email: str,
    topics: list[str],
    lead_days: list[str],
    client: str,
    now: datetime,
) -> SignupResult:
    """Handle one form post; InvalidEmail / InvalidPreferences / RateLimited / MailUnavailable.

    A new or inactive address gets a confirmation email; an active one an "already
    subscribed" email with its manage link. The caller shows the same page either way.
    """
    address = normalise_email(email)
    prefs = parse_preferences(schedule, topics, lead_days)

    def prepare() -> tuple[str, int, OutgoingMessage]:
        with db.session() as session:
            limits = [
                ("signup-client", client, settings.subscribe_limit_per_client),
                ("signup-address", email_key(address), settings.subscribe_limit_per_address),
            ]
            if allow(session, limits, now) is not None:
                raise RateLimited(
                    "Za dużo prób zapisu w ostatniej godzinie. Prosimy spróbować ponownie później "
                    "– jeśli wiadomość z linkiem już przyszła, wystarczy w nią kliknąć."
                )
            request = request_subscription(session, address, prefs, now)
            subscriber = request.subscriber
            context = subscriber_context(schedule, subscriber)
            context["unsubscribe_url"] = link(
                settings, UNSUBSCRIBE, mint_token(session, subscriber, UNSUBSCRIBE, now)
            )
            # Every email leads to the subscriber's settings, the confirmation one too.
            context["manage_url"] = link(
                settings, MANAGE, mint_token(session, subscriber, MANAGE, now)
            )
            if request.already_active:
                kind = ALREADY_SUBSCRIBED_KIND
            else:
                kind = CONFIRM_KIND
                context["confirm_url"] = link(
                    settings, CONFIRM, mint_token(session, subscriber, CONFIRM, now)
                )
                context["valid_days"] = str(CONFIRM_TTL.days)
            message = compose(
                render_email(kind, **context),
                from_address=settings.from_address,
                to=subscriber.email,
                now=now,
                unsubscribe_url=context["unsubscribe_url"],
            )
            return kind, subscriber.id, message

    kind, subscriber_id, message = await asyncio.to_thread(prepare)
    [result] = await deliver(backend, [message])

    def record() -> None:
        with db.session() as session:
            subscriber = session.get(Subscriber, subscriber_id)
            record_delivery(
                session,
                kind=kind,
                recipient=message.recipients[0],
                subscriber=subscriber,
                result=result,
                now=now,
            )

    await asyncio.to_thread(record)
    if not result.accepted:
        log.warning("sign-up email to subscriber %d not sent: %s", subscriber_id, result.response)
        if result.status == PERMANENT:
            raise MailUnavailable(
                "Serwer poczty odrzucił wiadomość na ten adres. Prosimy sprawdzić, czy adres "
                "jest poprawny."
            )
        raise MailUnavailable(
            "Nie udało się teraz wysłać wiadomości z linkiem potwierdzającym. "
            "Prosimy spróbować ponownie za kilka minut."
        )
    return SignupResult(kind, result)
