"""If-Match and If-Unmodified-Since on every GET and HEAD (RFC 9110 §13.1.1, §13.1.4): one
rule (notifier.web.conditional.precondition_failed) against the answer's own ETag and
Last-Modified, whichever route or the feeds' fast path gave it.

m3 (issue 25): the app ignored both and answered 200 where nginx, serving the published file,
answered 412. nginx now passes a request carrying either to the app
(contrib/nginx/notifier.conf), so the answer is this one wherever the request is served.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notifier.core.language import gettext as _
from notifier.web.conditional import precondition_failed
from notifier.web.pages import render_error
from notifier.web.routes import answers_json

_ASKED = (b"if-match", b"if-unmodified-since")


def _failed_answer(path: str) -> Response:
    """The 412 in the request's language: JSON for the API and the probes, plain text for
    feeds and files, a page otherwise (as every refusal of the app)."""
    message = _(
        "Warunek żądania nie jest spełniony (nagłówek If-Match lub If-Unmodified-Since): "
        "ten adres zmienił się od wersji, którą Państwo mają."
    )
    if answers_json(path):
        return JSONResponse({"detail": message}, status_code=412)
    if path.endswith((".ics", ".atom", ".csv", ".gz")):
        return PlainTextResponse(message + "\n", status_code=412)
    return render_error(412, _("Warunek żądania nie jest spełniony"), message)


class Preconditions:
    """ASGI middleware: a GET or HEAD with If-Match or If-Unmodified-Since whose answer (a 2xx,
    or a 304) fails them is answered 412 instead; every other request passes untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        asked: dict[bytes, str] = {}
        for name, value in scope["headers"]:
            if name in _ASKED and name not in asked:
                asked[name] = value.decode("latin-1")
        if not asked:
            await self.app(scope, receive, send)
            return
        refused = False

        async def checked(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = dict(message.get("headers", []))
                if (200 <= status < 300 or status == 304) and precondition_failed(
                    asked.get(b"if-match"),
                    asked.get(b"if-unmodified-since"),
                    _header(headers, b"etag"),
                    _header(headers, b"last-modified"),
                ):
                    refused = True
                    await _failed_answer(scope["path"])(scope, receive, send)
                    return
            if not refused:
                await send(message)

        await self.app(scope, receive, checked)


def _header(headers: dict[bytes, bytes], name: bytes) -> str | None:
    value = headers.get(name)
    return None if value is None else value.decode("latin-1")
