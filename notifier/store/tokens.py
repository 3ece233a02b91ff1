"""Link tokens: random and unguessable; only their sha256 hash is ever stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

CONFIRM_TTL = timedelta(days=7)
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
