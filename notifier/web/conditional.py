"""HTTP validators and content negotiation: If-None-Match, If-Modified-Since, If-Match,
If-Unmodified-Since, Accept-Encoding."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache


def http_date(moment: datetime) -> str:
    """RFC 9110 IMF-fixdate: 'Wed, 10 Jan 2024 00:00:00 GMT'."""
    return format_datetime(moment, usegmt=True)


def not_modified(
    if_none_match: str | None,
    if_modified_since: str | None,
    etags: Collection[str],
    last_modified: datetime,
) -> bool:
    """Whether a GET/HEAD may answer 304 (RFC 9110 §13.2.2: If-None-Match wins when present).

    `etags` are the strong ETags of every encoding of the same content: a client that cached
    the plain feed and now accepts gzip still has current content.
    """
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",") if t.strip()]
        if "*" in tags:
            return True
        # Weak comparison, as RFC 9110 asks for If-None-Match.
        return any(t.removeprefix("W/") in etags for t in tags)
    if if_modified_since is not None:
        since = http_date_or_none(if_modified_since)
        if since is None:
            return False  # an unreadable date is ignored (RFC 9110 §13.1.3)
        return last_modified.replace(microsecond=0) <= since
    return False


def precondition_failed(
    if_match: str | None,
    if_unmodified_since: str | None,
    etag: str | None,
    last_modified: str | None,
) -> bool:
    """Whether a GET/HEAD whose answer carries `etag` and `last_modified` (its headers, None
    when it has none) fails its preconditions (RFC 9110 §13.2.2, steps 1 and 2): 412.

    If-Match: "*" holds for any answer; a list of tags holds when one is the answer's strong
    ETag (strong comparison: a weak tag, or an answer without an ETag, never matches). Only
    without If-Match: If-Unmodified-Since holds when the answer was last modified at or before
    the date; a date that cannot be read, or an answer without Last-Modified, is ignored
    (§13.1.4).
    """
    if if_match is not None:
        tags = [t.strip() for t in if_match.split(",") if t.strip()]
        if "*" in tags:
            return False
        return etag is None or etag.startswith("W/") or etag not in tags
    if if_unmodified_since is None or last_modified is None:
        return False
    since = http_date_or_none(if_unmodified_since)
    modified = http_date_or_none(last_modified)
    return since is not None and modified is not None and modified > since


def http_date_or_none(text: str) -> datetime | None:
    """An HTTP date (RFC 9110 §5.6.7, any of its three forms) as an aware datetime; None for
    anything else: a malformed text, a year past 9999, numbers too large for the C library
    (OverflowError), a zone offset out of range. Never raises."""
    try:
        since = parsedate_to_datetime(text)
        if since.tzinfo is None:
            # RFC 9110 §5.6.7: all three forms are GMT; the asctime form ("Sun Nov  6
            # 08:49:37 1994") names no zone, and the email parser leaves it naive.
            since = since.replace(tzinfo=UTC)
        since.astimezone(UTC)  # an offset that moves it out of range raises here, not later
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return since


@lru_cache(maxsize=256)  # clients send few distinct values: each is parsed once
def accepts_gzip(accept_encoding: str | None) -> bool:
    """True when Accept-Encoding lists gzip (or *) with a non-zero q-value."""
    if not accept_encoding:
        return False
    wildcard: bool | None = None
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        name = name.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name in ("gzip", "x-gzip"):
            return quality > 0
        if name == "*":
            wildcard = quality > 0
    return bool(wildcard)
