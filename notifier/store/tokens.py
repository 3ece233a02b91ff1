"""Link tokens: random and unguessable; only their sha256 hash is ever stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import Update, update

from notifier.store.models import MANAGE, SubscriberToken

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
