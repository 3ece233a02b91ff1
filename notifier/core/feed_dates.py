"""When a news feed's content last changed: the one rule of an Atom feed's date, which the app
answers as Last-Modified and the publisher gives its file as mtime (issue 25, F5).

A feed's date belongs to its own bytes: first seen, it is the newest date the feed shows (its
<updated>); while its bytes stay the same, it stays; when they change, it moves on to the
moment the change is first seen (never backwards, so a host deriving its validators from
the file's date sees every change). Another city's edit, another topic's call or a release
that leaves the feed's bytes as they were leave its date alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

_RESOLUTION = timedelta(seconds=1)  # HTTP dates have whole seconds


@dataclass(frozen=True)
class RecordedDate:
    """A feed's date as recorded, with the digest of the bytes it was recorded for."""

    digest: str
    date: datetime


def feed_date(
    recorded: RecordedDate | None, digest: str, content_date: datetime, now: datetime
) -> datetime:
    """The date of a feed whose bytes have `digest` and whose newest shown date is
    `content_date` (aware), given what was recorded of it (None: never seen): the content's
    date for a feed first seen, the recorded date while the bytes are the same, else `now`
    (not before the recorded date plus a second, nor before the content's), in whole
    seconds."""
    content = content_date.replace(microsecond=0)
    if recorded is None:
        return content
    if recorded.digest == digest:
        return recorded.date
    return max(now.replace(microsecond=0), recorded.date + _RESOLUTION, content)
