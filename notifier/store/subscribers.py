"""Subscriber store operations: sign-up, confirmation, preferences, unsubscribe, delivery records.

Every function takes the session and, where time matters, `now` (aware UTC); callers commit.
Every change of a subscriber's state or of a token's use is one UPDATE that names the state it
expects and checks how many rows it changed, so of two concurrent requests only one can win
(the other sees what the winner did).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session, object_session

from notifier.core.language import N_, POLISH
from notifier.core.language import gettext as _
from notifier.core.polish import count_days, format_date
from notifier.core.preferences import (
    Preferences,
    SubscriberError,
    email_key,
    normalise_email,
    printable,
)
from notifier.core.time import TIMEZONE, warsaw_day
from notifier.store.confirm_choices import read_choices
from notifier.store.db import insert_ignoring_conflicts
from notifier.store.models import (
    ACTIVE,
    CONFIRM,
    MANAGE,
    PENDING,
    UNSUBSCRIBE,
    UNSUBSCRIBED,
    Delivery,
    Subscriber,
    SubscriberCity,
    SubscriberLeadDays,
    SubscriberToken,
    SubscriberTopic,
    as_utc,
)
from notifier.store.tokens import (
    CONFIRM_TTL,
    MANAGE_GRACE,
    hash_token,
    mint_tokens,
    plausible,
    spend_confirm_tokens,
    spent,
)


class TokenError(SubscriberError):
    """A confirm, manage or unsubscribe link that cannot be used (unknown, expired, used)."""


class TokenUsed(TokenError):
    """A one-time (confirm) link clicked again; `active` says whether its subscriber still is.

    `subscriber_id` lets the caller lead an active subscriber on to their settings.
    """

    def __init__(self, message: str, *, active: bool, subscriber_id: int) -> None:
        super().__init__(message)
        self.active = active
        self.subscriber_id = subscriber_id


class UnknownSubscriber(SubscriberError):
    """No subscriber has that address."""


def find_by_email(session: Session, email: str) -> Subscriber | None:
    """The subscriber of this inbox however it is spelled (email_key), or None."""
    return session.scalar(select(Subscriber).where(Subscriber.email_key == email_key(email)))


def set_preferences(
    session: Session, subscriber: Subscriber, prefs: Preferences, *, cities: bool = True
) -> None:
    """Replace the subscriber's topics, lead days, deadline lead and (unless not `cities`,
    for a form that does not offer them) cities."""
    subscriber.all_topics = prefs.topics is None
    subscriber.deadline_days = prefs.deadline_days
    subscriber.topics = [SubscriberTopic(topic=t) for t in sorted(prefs.topics or ())]
    if cities:
        subscriber.all_cities = prefs.cities is None
        subscriber.cities = [SubscriberCity(city_id=c) for c in sorted(prefs.cities or ())]
    subscriber.lead_days = [SubscriberLeadDays(days=d) for d in prefs.lead_days]
    session.flush()


def _get_or_create(session: Session, email: str, now: datetime) -> Subscriber:
    """The subscriber with this address, inserted (pending) if there is none. Two concurrent
    first sign-ups of one address both end up with the same row (INSERT … ON CONFLICT)."""
    subscriber = find_by_email(session, email)
    if subscriber is None:
        connection = session.connection()
        connection.execute(
            insert_ignoring_conflicts(connection, Subscriber.__table__, ["email_key"]).values(
                email=email, email_key=email_key(email), state=PENDING, created_at=now
            )
        )
        subscriber = find_by_email(session, email)
        assert subscriber is not None
    return subscriber


def _change_state(session: Session, subscriber: Subscriber, unless: str, **values: object) -> bool:
    """UPDATE the subscriber unless its state in the database is `unless`; True if it changed.
    The object is refreshed from the database either way."""
    result = session.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber.id, Subscriber.state != unless)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(subscriber)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SignupRequest:
    """A sign-up stored: its subscriber, and whether they were already active."""

    subscriber: Subscriber
    already_active: bool


def request_subscription(
    session: Session, email: str, prefs: Preferences, now: datetime, language: str = POLISH
) -> SignupRequest:
    """A form sign-up: a new or inactive address becomes pending with these preferences and
    `language` (the page's: every email to them is written in it).

    An already active subscriber is left exactly as is (a stranger must not change their
    preferences); the caller then sends a "you are already subscribed" email instead.
    """
    email = normalise_email(email)
    subscriber = _get_or_create(session, email, now)
    # Not if it became active meanwhile (a confirmation in another request).
    if not _change_state(session, subscriber, ACTIVE, state=PENDING, consented_at=now):
        return SignupRequest(subscriber, already_active=True)
    set_preferences(session, subscriber, prefs)
    subscriber.language = language
    return SignupRequest(subscriber, already_active=False)


def subscriber_languages(connection: Connection, ids: Sequence[int]) -> dict[int, str]:
    """The language of each of these subscribers (by id): what their emails are written in."""
    table = Subscriber.__table__
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = connection.execute(select(table.c.id, table.c.language).where(table.c.id.in_(chunk)))
        out.update({int(i): str(language) for i, language in rows})
    return out


def add_active(session: Session, email: str, prefs: Preferences, now: datetime) -> Subscriber:
    """Office sign-up in person: active at once with these preferences.

    A known address keeps its created_at (the first sign-up); consent and confirmation are
    stamped now, and an unsubscribed address is re-activated.
    """
    email = normalise_email(email)
    subscriber = _get_or_create(session, email, now)
    subscriber.state = ACTIVE
    subscriber.consented_at = now
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    set_preferences(session, subscriber, prefs)
    session.execute(spend_confirm_tokens(subscriber.id, now))  # confirmed in person
    return subscriber


def remove(session: Session, email: str, now: datetime) -> Subscriber:
    """Unsubscribe by address (kept for the log); UnknownSubscriber if there is none."""
    subscriber = find_by_email(session, normalise_email(email))
    if subscriber is None:
        raise UnknownSubscriber(
            f"Nie ma subskrybenta o adresie {printable(email.strip())}. "
            "Zapisane adresy pokazuje: notifier subscribers list"
        )
    unsubscribe(subscriber, now)
    return subscriber


def unsubscribe(subscriber: Subscriber, now: datetime) -> None:
    """Stop all email to the subscriber; repeating it (or a concurrent request doing it)
    keeps the first timestamp."""
    session = object_session(subscriber)
    assert session is not None, "a subscriber loaded in a session"
    _change_state(session, subscriber, UNSUBSCRIBED, state=UNSUBSCRIBED, unsubscribed_at=now)
    session.execute(spend_confirm_tokens(subscriber.id, now))  # none re-subscribes the address


def list_all(session: Session) -> list[Subscriber]:
    """Every subscriber, by address."""
    return list(session.scalars(select(Subscriber).order_by(Subscriber.email_key)))


def mint_token(session: Session, subscriber: Subscriber, purpose: str, now: datetime) -> str:
    """A new link token for the subscriber, in the session's transaction (the rule is
    notifier.store.tokens.mint_tokens: hash stored, confirm tokens expire, a new manage token
    starts the grace time of the older ones)."""
    session.flush()  # a subscriber new in this session gets its id
    [token] = mint_tokens(session.connection(), [(subscriber.id, purpose)], now)
    return token


_BAD_LINK = {
    CONFIRM: N_(
        "Ten link potwierdzający jest nieprawidłowy. Prosimy skopiować cały adres "
        "z wiadomości albo zapisać się ponownie."
    ),
    MANAGE: N_(
        "Ten link do ustawień subskrypcji jest nieprawidłowy. Prosimy skopiować cały adres "
        "z wiadomości."
    ),
    UNSUBSCRIBE: N_(
        "Ten link do wypisania się jest nieprawidłowy. Prosimy skopiować cały adres z wiadomości."
    ),
}


_SPENT_CONFIRM = N_(
    "Ten link potwierdzający nie jest już ważny: ten adres potwierdzono innym linkiem albo "
    "wypisano go z przypomnień. Ustawienia otwiera link z ostatniej wiadomości od nas; aby "
    "zapisać się ponownie, prosimy użyć formularza na stronie harmonogramu."
)
_USED_CONFIRM = N_(
    "Ten link potwierdzający został już użyty. Jeśli subskrypcja nie jest aktywna, "
    "prosimy zapisać się ponownie."
)


def _token_row(session: Session, token: str, purpose: str, now: datetime) -> SubscriberToken:
    """The token's row if it can still be used; TokenError (TokenUsed) says why not."""
    row = None
    if plausible(token):
        row = session.scalar(
            select(SubscriberToken).where(
                SubscriberToken.token_hash == hash_token(token),
                SubscriberToken.purpose == purpose,
            )
        )
    if row is None:
        raise TokenError(_(_BAD_LINK[purpose]))
    if spent(as_utc(row.used_at), as_utc(row.expires_at)):
        raise TokenError(_(_SPENT_CONFIRM))
    if row.used_at is not None:
        raise TokenUsed(
            _(_USED_CONFIRM), active=row.subscriber.state == ACTIVE, subscriber_id=row.subscriber_id
        )
    expires_at = as_utc(row.expires_at)
    if expires_at is not None and now >= expires_at and purpose == MANAGE:
        raise TokenError(
            _(
                "Ten link do ustawień subskrypcji wygasł: każda nasza wiadomość zawiera nowy, a "
                "starsze działają jeszcze przez %(days)s. Prosimy użyć linku z najnowszej "
                "wiadomości."
            )
            % {"days": count_days(MANAGE_GRACE.days)}
        )
    if expires_at is not None and now >= expires_at:
        days = CONFIRM_TTL // timedelta(days=1)
        raise TokenError(
            _(
                "Ten link potwierdzający wygasł (jest ważny %(days)s). Prosimy zapisać się "
                "ponownie, a wyślemy nowy."
            )
            % {"days": count_days(days)}
        )
    return row


def subscriber_for_token(session: Session, token: str, purpose: str, now: datetime) -> Subscriber:
    """The subscriber a still-valid token of this purpose belongs to (nothing changes)."""
    return _token_row(session, token, purpose, now).subscriber


def confirm(session: Session, token: str, now: datetime) -> Subscriber:
    """Use a confirm token (once, within 7 days): the subscriber becomes active with the
    choices the token's email described (confirm_choices).

    The token is marked used by an UPDATE that requires it unused: of two concurrent clicks
    one confirms and the other gets TokenUsed, as a second click would.
    """
    row = _token_row(session, token, CONFIRM, now)
    used = session.execute(
        update(SubscriberToken)
        .where(SubscriberToken.id == row.id, SubscriberToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    subscriber = row.subscriber
    if used.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(subscriber)
        raise TokenUsed(
            _(_USED_CONFIRM), active=subscriber.state == ACTIVE, subscriber_id=subscriber.id
        )
    if row.choices is not None:  # what this link's email described, not a later sign-up's
        chosen = read_choices(row.choices)
        set_preferences(session, subscriber, chosen.prefs)
        if not chosen.placed:
            subscriber.all_cities = None
        subscriber.language = chosen.language
    _change_state(session, subscriber, ACTIVE, state=ACTIVE, confirmed_at=now, unsubscribed_at=None)
    session.execute(spend_confirm_tokens(subscriber.id, now))  # the address's other links
    return subscriber


def unsubscribe_with_token(session: Session, token: str, now: datetime) -> Subscriber:
    """Unsubscribe whoever the (reusable) unsubscribe token belongs to; idempotent."""
    subscriber = subscriber_for_token(session, token, UNSUBSCRIBE, now)
    unsubscribe(subscriber, now)
    session.flush()
    return subscriber


def deliveries(session: Session, kinds: Sequence[str] = ()) -> list[Delivery]:
    """The delivery log, oldest first (optionally only some kinds)."""
    query = select(Delivery).order_by(Delivery.id)
    if kinds:
        query = query.where(Delivery.kind.in_(kinds))
    return list(session.scalars(query))


STATE_LABELS = {PENDING: "oczekuje", ACTIVE: "aktywny", UNSUBSCRIBED: "wypisany"}


def local_date(value: datetime) -> str:
    """The Warsaw calendar day of a stored (aware) timestamp, in Polish: '20 kwietnia 2024'."""
    return format_date(warsaw_day(value))


def _when(value: datetime | None) -> str:
    return value.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M") if value is not None else "–"


def _cities(subscriber: Subscriber) -> str:
    if subscriber.all_cities is None:  # from before cities, not yet placed (city_placement)
        return "do przypisania"
    chosen = subscriber.city_ids
    return "wszystkie" if chosen is None else ", ".join(sorted(chosen))


def format_table(subscribers: Sequence[Subscriber]) -> str:
    """The office's view (Polish): one row per subscriber, times in Europe/Warsaw; a column
    of the chosen cities (ids) when not everyone's are the same (with one city served, they
    are)."""
    if not subscribers:
        return "Brak subskrybentów."
    with_cities = len({_cities(s) for s in subscribers}) > 1
    header: tuple[str, ...] = (
        "e-mail", "stan", "tematy", "dni", "zapisany", "potwierdzony", "wypisany",
    )  # fmt: skip
    rows: list[tuple[str, ...]] = [
        (
            s.email,
            STATE_LABELS.get(s.state, s.state),
            "wszystkie" if s.all_topics else ", ".join(sorted(t.topic for t in s.topics)),
            ", ".join(str(d) for d in s.lead_day_values),
            _when(s.created_at),
            _when(s.confirmed_at),
            _when(s.unsubscribed_at),
        )
        for s in subscribers
    ]
    if with_cities:
        header = (*header[:2], "miasta", *header[2:])
        rows = [(*r[:2], _cities(s), *r[2:]) for r, s in zip(rows, subscribers, strict=True)]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    counts = {
        label: sum(1 for s in subscribers if s.state == state)
        for state, label in STATE_LABELS.items()
    }
    lines.append("")
    lines.append("Razem: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    return "\n".join(lines)
