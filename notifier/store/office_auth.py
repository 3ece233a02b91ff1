"""Office sign-in links and sessions in the database (hashes only, like subscriber tokens).

A link is minted for an address the caller has checked (notifier.core.office_access), lives
LINK_TTL and opens one session, once. A session is the random value of a cookie; it ends
after IDLE_TTL without a request, or at sign-out. Whether its address may still act for a
city is asked of the catalog on every request, not stored here: taking an address off a
city's file ends its access at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from notifier.core.errors import NotifierError
from notifier.core.polish import count_minutes
from notifier.store.office_models import OfficeSession, OfficeSignInLink
from notifier.store.tokens import hash_token, new_token, plausible

LINK_TTL = timedelta(minutes=15)
IDLE_TTL = timedelta(hours=8)
# A session's last_seen_at is written again only when older than this: one write per few
# minutes of use, not one per request.
TOUCH_EVERY = timedelta(minutes=5)


class SignInLinkError(NotifierError):
    """A sign-in link that cannot be used; the message (Polish) says why and what to do."""


_AGAIN = "Prosimy wpisać adres e-mail na stronie /biuro/ jeszcze raz – wyślemy nowy link."


def mint_signin_link(session: Session, email: str, now: datetime) -> str:
    """A fresh sign-in token for `email` (valid LINK_TTL); only its hash is stored. Links
    expired a day ago are dropped on the way."""
    session.execute(delete(OfficeSignInLink).where(OfficeSignInLink.expires_at < now - IDLE_TTL))
    token = new_token()
    session.add(
        OfficeSignInLink(
            token_hash=hash_token(token), email=email, created_at=now, expires_at=now + LINK_TTL
        )
    )
    session.flush()
    return token


def _link(session: Session, token: str) -> OfficeSignInLink | None:
    if not plausible(token):
        return None
    return session.scalar(
        select(OfficeSignInLink).where(OfficeSignInLink.token_hash == hash_token(token))
    )


def check_signin_link(session: Session, token: str, now: datetime) -> str:
    """The address of a usable link; SignInLinkError for an unknown, used or expired one."""
    link = _link(session, token)
    if link is None:
        raise SignInLinkError(f"Ten link do logowania jest nieprawidłowy. {_AGAIN}")
    if link.used_at is not None:
        raise SignInLinkError(f"Ten link do logowania został już użyty. {_AGAIN}")
    if link.expires_at <= now:
        minutes = int(LINK_TTL.total_seconds() // 60)
        raise SignInLinkError(
            f"Link do logowania był ważny {count_minutes(minutes)} i wygasł. {_AGAIN}"
        )
    return link.email


def use_signin_link(session: Session, token: str, now: datetime) -> str:
    """Mark the link used (once: a second use, even racing, fails) and return its address."""
    email = check_signin_link(session, token, now)
    used = session.execute(
        update(OfficeSignInLink)
        .where(OfficeSignInLink.token_hash == hash_token(token), OfficeSignInLink.used_at.is_(None))
        .values(used_at=now)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise SignInLinkError(f"Ten link do logowania został już użyty. {_AGAIN}")
    return email


def start_session(session: Session, email: str, now: datetime) -> str:
    """A new session for `email`: the cookie's value (always fresh — no fixation)."""
    session.execute(delete(OfficeSession).where(OfficeSession.last_seen_at < now - IDLE_TTL))
    value = new_token()
    session.add(
        OfficeSession(session_hash=hash_token(value), email=email, created_at=now, last_seen_at=now)
    )
    session.flush()
    return value


def session_email(session: Session, value: str, now: datetime) -> str | None:
    """The address of a live session (its idle time restarts); None for none or an idle one."""
    if not plausible(value):
        return None
    row = session.scalar(
        select(OfficeSession).where(OfficeSession.session_hash == hash_token(value))
    )
    if row is None or row.last_seen_at <= now - IDLE_TTL:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return row.email


def end_session(session: Session, value: str) -> None:
    """Sign out: the session is gone (an unknown value changes nothing)."""
    if plausible(value):
        session.execute(
            delete(OfficeSession).where(OfficeSession.session_hash == hash_token(value))
        )
