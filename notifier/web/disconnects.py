"""A client that has gone before its request is carried out: nothing is done, one INFO line.

- Gone while sending a body (a flaky mobile connection closing mid-form, a tab closed during
  an upload): Starlette raises ClientDisconnect from the body's stream; left to the server it
  is an "Exception in ASGI application" with an 80-line traceback at ERROR (blind round six,
  F8). It is one INFO line instead, on every route that reads a body.
- Gone after sending it all, before the answer (blind 10b, F4: the app was held — stopped, a
  long database lock — nginx gave up after 60 s with its 503/504, and the request, whole in
  the socket, was then carried out: the sign-up created and mailed, the user told it failed).
  A state-changing request (any method but GET, HEAD and OPTIONS) asks before it starts and
  again once its body is read (`require_client`, called by the form readers) whether its
  client is still there (notifier.web.peer); one that has gone changes nothing.
- The server closed it: a body that fell silent for NOTIFIER_REQUEST_TIMEOUT (or took over
  MAX_BODY_SECONDS) was cut by notifier.web.http_protocol, which said so in its own line;
  the app's line says the same, not "client disconnected" (blind 10b, M27).

The answer is never delivered; its status is what the access line shows for the request
(notifier.web.http_protocol writes that line, uvicorn would drop it).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from notifier.redact import redact
from notifier.web.peer import peer_of

log = logging.getLogger(__name__)

CLIENT_CLOSED = 400  # never received: what the access log shows for the request
SERVER_CLOSED = 408  # the 408 notifier.web.http_protocol sent before closing
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ClientGone(ClientDisconnect):
    """The client closed the connection after sending its request, before the answer."""


async def require_client(request: Request) -> None:
    """ClientGone when the request's client has closed the connection; call it once the
    body is read (Starlette's fallback check, without notifier.web.peer, reads a message)."""
    peer = peer_of(request.scope)
    if peer.gone() if peer is not None else await request.is_disconnected():
        raise ClientGone()


def _line(method: str, path: str, scope: Scope, *, whole: bool) -> tuple[str, int]:
    """The log line and the status for a request that is not carried out."""
    shown = f"{method} {redact(path)}"  # /manage/<token>: never the token
    peer = peer_of(scope)
    if peer is not None and peer.timed_out:
        return (
            f"the server closed the connection before the body was read whole, nothing done: {shown}",
            SERVER_CLOSED,
        )
    if whole:
        return f"client disconnected before the answer, nothing done: {shown}", CLIENT_CLOSED
    return f"client disconnected before the body was read, nothing done: {shown}", CLIENT_CLOSED


async def _client_gone(request: Request, exc: Exception) -> Response:
    text, status = _line(
        request.method, request.url.path, request.scope, whole=isinstance(exc, ClientGone)
    )
    log.info("%s", text)
    return PlainTextResponse("", status_code=status)


class ClientStillThere:
    """Innermost middleware: a state-changing request whose client has already gone when it
    reaches the app is answered (undelivered) at once, before any route runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        peer = peer_of(scope) if scope["type"] == "http" else None
        if peer is None or scope["method"] in SAFE_METHODS or not peer.gone():
            await self.app(scope, receive, send)
            return
        text, status = _line(scope["method"], scope["path"], scope, whole=True)
        log.info("%s", text)
        await PlainTextResponse("", status_code=status)(scope, receive, send)


def install(app: FastAPI) -> None:
    """Answer ClientDisconnect quietly: an INFO line, no traceback; refuse a gone client's
    state-changing request before its route (call it before the other middleware)."""
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_middleware(ClientStillThere)
