"""OPTIONS on a feed: the answer to a browser's CORS preflight (blind 10b, M7).

The feeds (.ics, .atom) carry `Access-Control-Allow-Origin: *`, so another site's page may
read them; a page that sends a header outside the CORS-safelisted ones (If-None-Match, to
poll with validators) makes the browser ask first with OPTIONS, which was a 405 — the read
then failed. A feed's OPTIONS is a 204 with Allow and the CORS headers, from the app and,
as nginx passes every method but GET and HEAD to it (contrib/nginx/notifier.conf), through
nginx too.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

FEED_SUFFIXES = (".ics", ".atom")
METHODS = "GET, HEAD, OPTIONS"
# What a feed's reader may send: the validators of a conditional GET, and Cache-Control.
REQUEST_HEADERS = "If-None-Match, If-Modified-Since, Cache-Control"
MAX_AGE_SECONDS = 86400

_HEADERS = [
    (b"allow", METHODS.encode()),
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-methods", METHODS.encode()),
    (b"access-control-allow-headers", REQUEST_HEADERS.encode()),
    (b"access-control-max-age", str(MAX_AGE_SECONDS).encode()),
    (b"cache-control", f"public, max-age={MAX_AGE_SECONDS}".encode()),
]


class FeedPreflight:
    """ASGI middleware: OPTIONS on a path ending .ics or .atom is a 204 with the CORS
    headers; every other request goes on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "OPTIONS"
            or not scope["path"].endswith(FEED_SUFFIXES)
        ):
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 204, "headers": _HEADERS})
        await send({"type": "http.response.body", "body": b""})
