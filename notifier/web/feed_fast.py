"""Cached feed answers, and the fast path that repeats them before FastAPI's routing.

Every calendar app polls its feeds, most of the time for a 304. Once the routed endpoints
(notifier.web.feeds) have answered a feed, FeedIndex remembers
the answer by (path, raw query string, gzip accepted or not), with what it was built from:
the catalog snapshot (with one file: that file's snapshot), the feed cache that held it and,
for catalog feeds, the day in Europe/Warsaw (they drop past years' events by the day).
FeedFastPath, an ASGI middleware inside the app's other middleware, answers a GET or HEAD
of such a feed from the index while all three are still current, with the very status,
headers and body the endpoint gives (both are built by `feed_response`), validators
checked by notifier.web.conditional, and counted in the metrics under the route's template.
Anything else (another path, a changed file, another day, an error) goes to the routes.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from notifier.core.feed import REFRESH_INTERVAL
from notifier.metrics import FEED_REQUESTS
from notifier.web.conditional import accepts_gzip, not_modified
from notifier.web.feed_variants import RenderedFeed

if TYPE_CHECKING:
    from notifier.web.state import AppState

# Clients are told to poll every REFRESH_INTERVAL; caches may keep a copy as long.
CACHE_CONTROL = f"public, max-age={int(REFRESH_INTERVAL.total_seconds())}"

MAX_ANSWERS = 256  # as many as the feed caches keep: (path, query, gzip) keys

Key = tuple[str, str, bytes, bool]
RawHeaders = list[tuple[bytes, bytes]]


def feed_response(feed: RenderedFeed, gzipped: bool, fresh: bool, head: bool) -> Response:
    """A rendered feed as the answer: gzip or identity, a 304 when the client's copy is
    `fresh`, no body for HEAD."""
    variant = feed.gzip if gzipped else feed.identity
    headers = {
        "ETag": variant.etag,
        "Last-Modified": feed.last_modified_header,
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept-Encoding",
        "Access-Control-Allow-Origin": "*",
    }
    if fresh:
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = content_disposition(feed)
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    headers["Content-Length"] = str(len(variant.body))
    return Response(b"" if head else variant.body, headers=headers, media_type=feed.media_type)


def content_disposition(feed: RenderedFeed) -> str:
    """The Content-Disposition of a feed's 200: inline, with its file name."""
    return inline_disposition(feed.filename)


def inline_disposition(filename: str) -> str:
    """Content-Disposition "inline" with `filename` (a feed's answer and published file)."""
    return disposition("inline", filename)


def disposition(kind: str, filename: str) -> str:
    """Content-Disposition `kind` ("inline", "attachment") with `filename`, always ASCII
    (RFC 6266): an ASCII `filename="…"` fallback (Polish letters without their marks) and,
    for a non-ASCII name, the exact one as `filename*=UTF-8''…` (RFC 5987)."""
    plain = unicodedata.normalize("NFKD", filename.translate(_NO_MARKS))
    plain = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in plain
                    if not unicodedata.combining(c))  # fmt: skip
    if plain == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


_NO_MARKS = str.maketrans("łŁ", "lL")  # the Polish letter NFKD does not decompose


def count_feed(route: str, status: str) -> None:
    """One feed request for the metrics, by route template (never the slug or the query)."""
    key = (route, status)
    counter = _FEED_COUNTERS.get(key)
    if counter is None:  # labels() takes a lock and builds its key each time: once per series
        counter = _FEED_COUNTERS.setdefault(key, FEED_REQUESTS.labels(*key))
    counter.inc()


_FEED_COUNTERS: dict[tuple[str, str], Any] = {}


def request_key(scope: Scope, accept_encoding: str | None) -> Key:
    """What a feed's answer depends on besides the validators and the method."""
    return (
        scope.get("root_path", ""),
        scope["path"],
        scope["query_string"],
        accepts_gzip(accept_encoding),
    )


@dataclass(frozen=True, slots=True)
class Answer:
    """A feed answered by the routes, and what it was built from (compared by identity)."""

    snapshot: object  # the CatalogSnapshot of the request
    cache: object  # the FeedCache that gave the feed
    day: date | None  # catalog feeds: today in Warsaw when it was answered
    route: str  # the route's template, for the metrics
    etags: tuple[str, str]  # every encoding's ETag: either one makes a 304
    last_modified: datetime
    full: RawHeaders  # the 200's headers (GET and HEAD alike)
    body: bytes
    not_modified: RawHeaders  # the 304's headers


class FeedIndex:
    """The answered feeds by Key; at most `max_answers`, the oldest out first."""

    def __init__(self, max_answers: int = MAX_ANSWERS) -> None:
        self.max_answers = max_answers
        self._answers: dict[Key, Answer] = {}
        self._snapshot: object = None

    def __len__(self) -> int:
        return len(self._answers)

    def remember(
        self,
        key: Key,
        feed: RenderedFeed,
        *,
        snapshot: object,
        cache: object,
        day: date | None,
        route: str,
    ) -> None:
        """Keep the answer to `key` (every answer to it, whatever the validators)."""
        if self.max_answers < 1:
            return
        if snapshot is not self._snapshot:  # answers of an older catalog are of no more use
            self._answers.clear()
            self._snapshot = snapshot
        gzipped = key[3]
        full = feed_response(feed, gzipped, fresh=False, head=False)
        answer = Answer(
            snapshot,
            cache,
            day,
            route,
            (feed.identity.etag, feed.gzip.etag),
            feed.last_modified,
            full.raw_headers,
            (feed.gzip if gzipped else feed.identity).body,
            feed_response(feed, gzipped, fresh=True, head=False).raw_headers,
        )
        self._answers.pop(key, None)
        while len(self._answers) >= self.max_answers:
            del self._answers[next(iter(self._answers))]
        self._answers[key] = answer

    def current(self, key: Key, state: AppState) -> Answer | None:
        """The answer to `key` if it is still what the routes would give, else None."""
        answer = self._answers.get(key)
        if answer is None:
            return None
        cache = answer.cache
        if (
            state.catalog_source.snapshot() is not answer.snapshot
            or cache is not state.feed_cache
            or (answer.day is not None and state.today() != answer.day)
        ):
            self._answers.pop(key, None)
            return None
        return answer


log = logging.getLogger(__name__)

_WANTED = (b"accept-encoding", b"if-none-match", b"if-modified-since")


class FeedFastPath:
    """ASGI middleware answering GET and HEAD of an already answered feed from FeedIndex
    (see the module); every other request goes on to the app."""

    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        index = self.state.answered_feeds
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not len(index):
            await self.app(scope, receive, send)
            return
        found = _headers(scope["headers"])
        answer = index.current(request_key(scope, found[0]), self.state)
        if answer is None:
            await self.app(scope, receive, send)
            return
        if log.isEnabledFor(logging.DEBUG):
            log.debug("answered %s before routing", answer.route)
        if not_modified(found[1], found[2], answer.etags, answer.last_modified):
            count_feed(answer.route, "304")
            status, headers, body = 304, answer.not_modified, b""
        else:
            count_feed(answer.route, "200")
            status, headers = 200, answer.full
            body = b"" if scope["method"] == "HEAD" else answer.body
        await send({"type": "http.response.start", "status": status, "headers": list(headers)})
        await send({"type": "http.response.body", "body": body})


def _headers(raw: Sequence[tuple[bytes, bytes]]) -> list[str | None]:
    """Accept-Encoding, If-None-Match and If-Modified-Since as Starlette's Headers.get reads
    them (the first of each, latin-1), None when absent."""
    found: list[str | None] = [None, None, None]
    for name, value in raw:
        if name in _WANTED:
            i = _WANTED.index(name)
            if found[i] is None:
                found[i] = value.decode("latin-1")
    return found
