"""A client that goes away while sending a request's body (a flaky mobile connection closing
mid-form, a browser tab closed during an upload): nothing was read, nothing is done, and
nobody is there to answer. Starlette raises ClientDisconnect from the body's stream; left to
the server it is an "Exception in ASGI application" with an 80-line traceback at ERROR, one
per request, which fills the log and wakes monitoring (blind round six, F8). It is one INFO
line instead, on every route that reads a body (sign-up, settings, office forms, uploads).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.requests import ClientDisconnect

from notifier.redact import redact

log = logging.getLogger(__name__)

CLIENT_CLOSED = 400  # never received: what the access log shows for the request


async def _client_gone(request: Request, exc: Exception) -> Response:
    log.info(
        "client disconnected while sending the body of %s %s; nothing done",
        request.method,
        redact(request.url.path),  # /manage/<token>: never the token
    )
    return PlainTextResponse("", status_code=CLIENT_CLOSED)


def install(app: FastAPI) -> None:
    """Answer ClientDisconnect quietly: an INFO line, no traceback."""
    app.add_exception_handler(ClientDisconnect, _client_gone)
