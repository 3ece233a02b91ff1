"""Document text quoted in the importer's review, its warnings and its errors: one helper, so
every quote is bounded the same way (blind10a M5: a refused 13,000-character period cell was
printed whole on one line of the review)."""

from __future__ import annotations

from notifier.core.echo import ECHO_CHARS, clipped


def excerpt(text: str, limit: int = ECHO_CHARS) -> str:
    """`text` as the review shows it: its runs of white space as one space, cut at a word
    boundary to `limit` characters (never more than ECHO_CHARS) with "…"."""
    return clipped(" ".join(text.split()), min(limit, ECHO_CHARS))


def printed(text: str, limit: int = ECHO_CHARS) -> str:
    """`text` quoted as printed in the document („…”), cut as `excerpt` cuts."""
    return f"„{excerpt(text, limit)}”"


def ending(text: str, limit: int = ECHO_CHARS) -> str:
    """The end of `text` that a quote ("„…words”") shows: white space as `excerpt` makes it,
    its last words within `limit` characters (never more than ECHO_CHARS), cut at a word."""
    shown = " ".join(text.split())
    limit = min(limit, ECHO_CHARS)
    if len(shown) <= limit:
        return shown
    return clipped(shown[::-1], limit + 1)[:-1][::-1].lstrip()
