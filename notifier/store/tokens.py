"""Link tokens: random and unguessable; only their sha256 hash is ever stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, Update, update

from notifier.store.bulk import bound, insert_rows
from notifier.store.models import CONFIRM, MANAGE, UNSUBSCRIBE, SubscriberToken, table_of

CONFIRM_TTL = timedelta(days=7)
# Manage links rotate: each email carries a new one, and the older ones keep working this long
# after a newer one was made, so a link in last month's email still opens the settings while
# a token copied from an old log or mailbox stops working. Unsubscribe links never expire
# (leaving must always work, RFC 8058), and they cannot change preferences.
MANAGE_GRACE = timedelta(days=90)
# secrets.token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 128


def new_token() -> str:
    """A fresh URL-safe token (256 bits of randomness)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The hex sha256 of a token: what the database stores and looks up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def plausible(token: str) -> bool:
    """Cheap shape check before any lookup (rejects oversize or non-URL-safe input)."""
    return 0 < len(token) <= TOKEN_MAX_LENGTH and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in token
    )


def supersede_manage_tokens(subscriber_ids: Collection[int], now: datetime) -> Update:
    """The UPDATE giving the subscribers' open-ended manage tokens MANAGE_GRACE to live;
    run it just before minting their new ones (which then are the only open-ended ones)."""
    t = SubscriberToken
    return (
        update(t)
        .where(
            t.subscriber_id.in_(list(subscriber_ids)),
            t.purpose == MANAGE,
            t.expires_at.is_(None),
        )
        .values(expires_at=now + MANAGE_GRACE)
    )


def spend_confirm_tokens(subscriber_id: int, now: datetime) -> Update:
    """The UPDATE spending the subscriber's unused confirm tokens: once the address is confirmed
    (with any of its links) or unsubscribed, no other confirmation link may activate it again
    with whatever preferences the latest sign-up left. A spent token is marked used and
    expired at the same moment, which a token used to confirm never is (it is used before it
    expires): see `spent`."""
    t = SubscriberToken
    return (
        update(t)
        .where(t.subscriber_id == subscriber_id, t.purpose == CONFIRM, t.used_at.is_(None))
        .values(used_at=now, expires_at=now)
    )


def spent(used_at: datetime | None, expires_at: datetime | None) -> bool:
    """Whether a token with these timestamps (both UTC) was spent by spend_confirm_tokens."""
    return used_at is not None and used_at == expires_at


_TOKEN_COLUMNS = ["subscriber_id", "purpose", "token_hash", "created_at", "expires_at", "used_at"]


def mint_tokens(
    connection: Connection, wanted: Sequence[tuple[int, str]], now: datetime
) -> list[str]:
    """Fresh tokens for (subscriber id, purpose) pairs, in order, in the caller's transaction;
    the one rule of minting: only hashes are stored, confirm tokens live CONFIRM_TTL, and a new
    manage token starts the grace time of the subscriber's older ones (MANAGE_GRACE)."""
    if not wanted:
        return []
    table = table_of(SubscriberToken)
    created = bound(connection, table.c.created_at, now)
    expires = bound(connection, table.c.expires_at, now + CONFIRM_TTL)
    tokens, rows = [], []
    for subscriber_id, purpose in wanted:
        token = new_token()
        tokens.append(token)
        until = expires if purpose == CONFIRM else None
        rows.append((subscriber_id, purpose, hash_token(token), created, until, None))
    managed = {subscriber_id for subscriber_id, purpose in wanted if purpose == MANAGE}
    if managed:
        connection.execute(supersede_manage_tokens(managed, now))
    insert_rows(connection, table, _TOKEN_COLUMNS, rows)
    return tokens


def mint_link_tokens(
    connection: Connection, subscriber_ids: Sequence[int], now: datetime
) -> list[tuple[str, str]]:
    """A fresh (manage, unsubscribe) token pair per subscriber id, in order (mint_tokens):
    what every email to a subscriber carries."""
    flat = mint_tokens(
        connection, [(i, purpose) for i in subscriber_ids for purpose in (MANAGE, UNSUBSCRIBE)], now
    )
    return list(zip(flat[::2], flat[1::2], strict=True))
