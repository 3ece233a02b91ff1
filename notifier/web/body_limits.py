"""How large a request body each route takes, and an answer given before the body was read
whole sent only once the rest of it is read and dropped (blind round 11, F5).

A route refuses a body over its limit from the declared size (Content-Length), or stops
reading at the limit, and answers 413; a route that takes no body (a feed, a page) answers
without reading it. The server then closed the connection with the rest of the body unread:
the kernel resets such a connection, and a client still sending — nginx passing an upload on
— lost the answer. nginx took that for the app being down and showed its 503 "Serwis
chwilowo niedostępny" page, most of the time, for a 22 MB document or a 200 KB sign-up.
`ReadWholeBody` reads what is left (up to the largest limit, DRAIN_BYTES) before the answer
starts, so the answer is always delivered. A client that sent `Expect: 100-continue` and no
byte yet is not asked for the body: it gets the answer instead of the 100.

The limits (BODY_LIMITS, FORM_LIMIT elsewhere) are also nginx's (contrib/nginx/notifier.conf,
`$notifier_body_too_large`): nginx refuses a declared size over a path's limit itself, with
its Polish 413, before a byte of the body is passed on.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notifier.web.office.draft_fields import MAX_DRAFT_BYTES
from notifier.web.office.importing import UPLOAD_LIMIT
from notifier.web.signup_forms import MAX_FORM_BYTES

FORM_LIMIT = MAX_FORM_BYTES  # every form of the site but the two below
# The office's import: the document (notifier.documents.MAX_BYTES and its multipart
# envelope), and the draft with its rows.
BODY_LIMITS = (
    (re.compile(r"/biuro/[^/]+/import"), UPLOAD_LIMIT),
    (re.compile(r"/biuro/[^/]+/import/szkic"), MAX_DRAFT_BYTES),
)
DRAIN_BYTES = max(FORM_LIMIT, *(limit for _path, limit in BODY_LIMITS))


def body_limit(path: str) -> int:
    """The largest body (bytes) the route at `path` reads."""
    return next((limit for rule, limit in BODY_LIMITS if rule.fullmatch(path)), FORM_LIMIT)


def _declared(scope: Scope) -> tuple[int | None, bool, bool]:
    """The request's Content-Length (None when not a number), whether it has a body at all
    (a length over 0, or chunked), and whether it asked for `100 Continue`."""
    length: int | None = None
    chunked = expect = False
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            length = int(value) if value.isdigit() and len(value) <= 18 else None
        elif name == b"transfer-encoding":
            chunked = True
        elif name == b"expect":
            expect = value.strip().lower() == b"100-continue"
    return length, chunked or bool(length), expect


class _Body:
    """The request's body as the app reads it, and the rest of it read and dropped."""

    def __init__(self, receive: Receive, length: int | None, expect: bool) -> None:
        self._receive = receive
        self._length = length
        self._expect = expect
        self.read = 0  # bytes of the body received so far
        self.whole = False  # the last part came, or the client left

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.read += len(message.get("body", b""))
            self.whole = not message.get("more_body", False)
        elif message["type"] == "http.disconnect":
            self.whole = True
        return message

    async def drain(self) -> None:
        """Read the rest of the body and drop it, unless it is over DRAIN_BYTES in all (the
        connection is closed then) or the client waits for a 100 Continue."""
        if self.whole or (self._expect and self.read == 0):
            return
        if self._length is not None and self._length > DRAIN_BYTES:
            return
        while not self.whole and self.read <= DRAIN_BYTES:
            await self.receive()


class ReadWholeBody:
    """Outermost ASGI middleware: see the module."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length, has_body, expect = _declared(scope)
        if not has_body:
            await self.app(scope, receive, send)
            return
        body = _Body(receive, length, expect)

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                await body.drain()
            await send(message)

        await self.app(scope, body.receive, answer)
