"""Every email the service sends, one function per kind: context -> render -> compose.

"Where is an email of kind X built" has this one answer (healthchecks' hc/lib/emails.py is
the model). What an email says is pure data from the core (notifier.core.reminder_content,
.call_alert_content, .digest, .signup_content); the templates are
templates/emails/<kind>.subject.j2, .txt.j2 and .html.j2 (notifier.mail.render); the wire
form is notifier.mail.mime. Sending and recording is notifier.jobs.sending's.

Kinds: reminder, call / deadline / change / correction (call alerts), digest, confirm and
already_subscribed (sign-up), office_signin (the office area).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from notifier.core.call_alert_content import alert_email_context
from notifier.core.call_alerts import Alert
from notifier.core.catalog import Catalog, cities_wording
from notifier.core.digest import Digest
from notifier.core.due import DueItem
from notifier.core.language import in_language
from notifier.core.polish import count_days, count_minutes
from notifier.core.reminder_content import reminder_email_context
from notifier.core.schedule import Schedule
from notifier.core.signup_content import lead_days_text, topics_text
from notifier.i18n import speaking
from notifier.mail.mime import OutgoingMessage, compose
from notifier.mail.mime_template import MessageTemplate
from notifier.mail.render import RenderedEmail, render_email
from notifier.settings import Settings
from notifier.store.delivery_log import ALREADY_SUBSCRIBED_KIND, DIGEST_KIND, REMINDER_KIND
from notifier.store.models import CONFIRM, MANAGE, UNSUBSCRIBE, Subscriber
from notifier.store.tokens import CONFIRM_TTL, new_token

# Emails the service sends of its own accord (RFC 3834); sign-up emails answer a request.
_AUTOMATIC = {"Auto-Submitted": "auto-generated"}

Links = tuple[str, str]
"""The (manage URL, unsubscribe URL) of one email to a subscriber."""


def link(settings: Settings, purpose: str, token: str) -> str:
    """The public URL of a confirm / manage / unsubscribe link: {base_url}/{purpose}/{token},
    with ?lang= while an email in English or Ukrainian is written (its pages answer so)."""
    return in_language(f"{settings.base_url}/{purpose}/{token}")


def links(settings: Settings, tokens: tuple[str, str]) -> Links:
    """A (manage, unsubscribe) token pair (notifier.store.tokens.mint_link_tokens) as URLs."""
    return link(settings, MANAGE, tokens[0]), link(settings, UNSUBSCRIBE, tokens[1])


# --- reminder --------------------------------------------------------------------------------

# Stand-ins for a subscriber's own link tokens while a reminder is rendered and encoded once
# for everyone who shares the same due items (notifier.mail.mime_template): random, so they
# occur nowhere else, and as long as a real token, whose place they take.
_MANAGE = new_token()
_UNSUBSCRIBE = new_token()


def reminder_template(
    schedule: Schedule, settings: Settings, items: Sequence[DueItem], now: datetime
) -> MessageTemplate:
    """The reminder for these due items (`now` aware: which windows have started), rendered
    and encoded once with stand-in link tokens; reminder_email fills in a subscriber's own.
    ValueError for no items."""
    context = reminder_email_context(
        schedule,
        items,
        now.astimezone(UTC),
        base_url=settings.base_url,
        manage_url=link(settings, MANAGE, _MANAGE),
        unsubscribe_url=link(settings, UNSUBSCRIBE, _UNSUBSCRIBE),
    )
    return MessageTemplate(render_email(REMINDER_KIND, **context), (_MANAGE, _UNSUBSCRIBE))


def reminder_email(
    template: MessageTemplate,
    settings: Settings,
    to: str,
    sent_at: datetime,
    tokens: tuple[str, str],
) -> OutgoingMessage:
    """`template` (reminder_template) with the subscriber's own (manage, unsubscribe) tokens,
    composed for `to`; `sent_at` is the real time of sending (Date:), not the pass's moment."""
    manage, unsubscribe = tokens
    with speaking(template.language):  # m6: the header's link as the body's, with ?lang=
        unsubscribe_url = link(settings, UNSUBSCRIBE, unsubscribe)
    return template.compose(
        {_MANAGE: manage, _UNSUBSCRIBE: unsubscribe},
        from_address=settings.from_address,
        to=to,
        now=sent_at,
        unsubscribe_url=unsubscribe_url,
        headers=_AUTOMATIC,
    )


# --- call alerts: call, deadline, change --------------------------------------------------


def alert_rendered(
    schedule: Schedule,
    alert: Alert,
    now: datetime,
    settings: Settings,
    page: str,
    urls: Links = ("", ""),
    *,
    name_city: bool = False,
) -> RenderedEmail:
    """A call alert of `alert.kind` ("call", "deadline", "change", "correction") rendered:
    `now` aware (days left count from its Warsaw day), `page` the harmonogram page's path
    (notifier.core.catalog.page_path), `urls` its (manage, unsubscribe) URLs; with
    `name_city` its subject starts with the city ("Leszno: Ogłoszono konkurs: …")."""
    context = alert_email_context(
        schedule,
        alert,
        now,
        base_url=settings.base_url,
        manage_url=urls[0],
        unsubscribe_url=urls[1],
        page=page,
        name_city=name_city,
    )
    return render_email(alert.kind.value, **context)


def alert_email(
    schedule: Schedule,
    alert: Alert,
    now: datetime,
    settings: Settings,
    page: str,
    to: str,
    sent_at: datetime,
    urls: Links,
    *,
    name_city: bool = False,
) -> OutgoingMessage:
    """alert_rendered, composed for `to` (Date: `sent_at`, the real time of sending)."""
    return compose(
        alert_rendered(schedule, alert, now, settings, page, urls, name_city=name_city),
        from_address=settings.from_address,
        to=to,
        now=sent_at,
        unsubscribe_url=urls[1],
        headers=_AUTOMATIC,
    )


# --- digest ---------------------------------------------------------------------------------


def digest_rendered(digest: Digest) -> RenderedEmail:
    """The weekly digest (notifier.core.digest.compose_digest) rendered."""
    return render_email(DIGEST_KIND, **digest.context)


def digest_email(digest: Digest, settings: Settings, sent_at: datetime) -> OutgoingMessage:
    """The weekly digest composed for the office (`digest.recipient`); Date: is `sent_at`,
    the real send time (the pass's moment only chose the week)."""
    return compose(
        digest_rendered(digest),
        from_address=settings.from_address,
        to=digest.recipient,
        now=sent_at,
        headers=_AUTOMATIC,
    )


# --- sign-up: confirm, already subscribed ----------------------------------------------------


@dataclass(frozen=True)
class SignupTokens:
    """The fresh link tokens of one sign-up email; `confirm` only in a confirmation."""

    unsubscribe: str
    manage: str
    confirm: str | None = None


def signup_purposes(kind: str) -> tuple[str, ...]:
    """The tokens a sign-up email of `kind` carries, in the order they are minted (see
    SignupTokens): every email leads to the subscriber's settings, a confirmation also to
    its confirm link."""
    extra = () if kind == ALREADY_SUBSCRIBED_KIND else (CONFIRM,)
    return (UNSUBSCRIBE, MANAGE, *extra)


def signup_email(
    kind: str,
    settings: Settings,
    schedule: Schedule,
    catalog: Catalog,
    subscriber: Subscriber,
    tokens: SignupTokens,
    now: datetime,
) -> OutgoingMessage:
    """The confirmation ("confirm") or "already_subscribed" email to `subscriber`: `schedule`
    as the sign-up page showed it (notifier.core.catalog.catalog_view), `catalog` the
    harmonograms served (the cities' names), `now` the Date:."""
    with speaking(subscriber.language):  # written in the subscriber's language
        context = {
            "city": cities_wording(catalog, subscriber.city_ids),
            "title": schedule.title,
            "topics_text": topics_text(schedule, subscriber.topic_slugs),
            "lead_days_text": lead_days_text(subscriber.lead_day_values),
            "deadline_days_text": count_days(subscriber.deadline_days),
            "unsubscribe_url": link(settings, UNSUBSCRIBE, tokens.unsubscribe),
            "manage_url": link(settings, MANAGE, tokens.manage),
        }
        if kind != ALREADY_SUBSCRIBED_KIND:
            assert tokens.confirm is not None, "a confirmation carries its confirm link"
            context["confirm_url"] = link(settings, CONFIRM, tokens.confirm)
            context["valid_days"] = str(CONFIRM_TTL.days)
        rendered = render_email(kind, **context)
    return compose(
        rendered,
        from_address=settings.from_address,
        to=subscriber.email,
        now=now,
        unsubscribe_url=context["unsubscribe_url"],
    )


# --- the office area's sign-in link ----------------------------------------------------------


def office_signin_email(
    settings: Settings, to: str, url: str, valid_minutes: int, now: datetime
) -> OutgoingMessage:
    """The email with a one-time sign-in link (`url`, valid `valid_minutes`) to the office
    area, for an address a city's [office] names."""
    context = {"signin_url": url, "valid_for": count_minutes(valid_minutes), "email": to}
    return compose(
        render_email("office_signin", **context),
        from_address=settings.from_address,
        to=to,
        now=now,
    )
