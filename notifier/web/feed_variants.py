"""A feed ready to answer: its identity and gzip bytes with their ETags, its Last-Modified,
file name and media type (built once per rendering by notifier.web.feed_cache and the Atom
route, answered by notifier.web.feeds and the fast path)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime

from notifier.web.conditional import http_date

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Variant:
    """One representation of a feed: its bytes and its strong ETag (quoted)."""

    body: bytes
    etag: str


@dataclass(frozen=True)
class RenderedFeed:
    """A feed ready to answer: both representations, its Last-Modified (aware UTC, whole
    seconds, and as an HTTP date), the file name for Content-Disposition and its media type
    (a calendar's, or an Atom feed's: notifier.web.atom answers through the same path)."""

    identity: Variant
    gzip: Variant
    last_modified: datetime
    last_modified_header: str
    filename: str
    media_type: str = CALENDAR_TYPE


def rendered(
    body: bytes,
    last_modified: datetime,
    filename: str,
    media_type: str = CALENDAR_TYPE,
    *,
    dated: bool = False,
) -> RenderedFeed:
    """`body` ready to answer: identity and gzip (stable bytes, so stable ETags), its
    Last-Modified in whole seconds.

    A feed a path names (`dated`: its date recorded for its own bytes, notifier.core.
    feed_dates) has the ETag a static server derives from its published file, whose mtime
    is that date: "<date in hex>-<size in hex>" (nginx's; blind round 11, F13: nginx and
    the app gave the same file two ETags, so an If-Match with nginx's was a 412 at the app).
    That date moves on, by a second at least, whenever the path's bytes change, so the
    path and the date name the bytes: no two contents share an ETag. Its gzip bytes are the
    published twin's (gzip.compress, level 9, mtime 0: notifier.publish.writing), so that
    ETag is nginx's too. A view a query makes is dated by its harmonograms' latest change,
    which a change of the day leaves as it is: a hash of its bytes is its ETag."""
    last_modified = last_modified.replace(microsecond=0)
    # mtime=0: the gzip bytes depend on the feed only, so their ETag is stable too.
    if dated:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        stamp = int(last_modified.timestamp())
        identity, zipped = (Variant(b, f'"{stamp:x}-{len(b):x}"') for b in (body, packed))
    else:
        digest = hashlib.sha256(body).hexdigest()[:24]
        identity = Variant(body, f'"{digest}"')
        zipped = Variant(gzip.compress(body, compresslevel=6, mtime=0), f'"{digest}-gzip"')
    return RenderedFeed(
        identity=identity,
        gzip=zipped,
        last_modified=last_modified,
        last_modified_header=http_date(last_modified),
        filename=filename,
        media_type=media_type,
    )
