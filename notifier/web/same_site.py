"""Refuse a form sent from another site (blind round six, m12: the sign-up form, the
settings and unsubscribe forms and the office's forms accepted `Origin: http://evil.example`).

A POST (any method but GET, HEAD and OPTIONS) whose Origin names a host other than the
request's own (its Host header, which nginx passes on: contrib/nginx/notifier.conf) or the
configured NOTIFIER_BASE_URL's — or, without an Origin or with "null" (what a page sends
under Referrer-Policy: no-referrer, its own forms included), whose Sec-Fetch-Site says
"cross-site" — gets a Polish 403 page before any route runs, so nothing changes. The scheme
is not compared: behind a proxy that ends TLS the app may see http for an https page.

RFC 8058 one-click unsubscribing keeps working: a mail provider posts from its servers with
no Origin, and a POST to /unsubscribe/{token} whose body is exactly
"List-Unsubscribe=One-Click" is taken from anywhere (it needs the link's token anyway).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notifier.core.language import gettext as _
from notifier.web.pages import render_error

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ONE_CLICK = b"List-Unsubscribe=One-Click"
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def host_of(origin: str) -> str | None:
    """'example.pl' of 'https://Example.PL:443' (the port kept unless the scheme's default);
    None for 'null' or anything that is no origin."""
    try:
        parts = urlsplit(origin.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not host:
        return None
    return host if port is None or str(port) == _DEFAULT_PORTS[parts.scheme] else f"{host}:{port}"


def _own_host(header: str) -> str | None:
    return host_of(f"http://{header}") if header and "/" not in header else None


class SameSitePosts:
    """ASGI middleware: the 403 for a cross-site form (see the module's docstring)."""

    def __init__(self, app: ASGIApp, base_url: str) -> None:
        self.app = app
        self.base_host = host_of(base_url)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        if not self._foreign(headers):
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith("/unsubscribe/"):
            body, receive = await _read_small(receive)
            if body.strip() == ONE_CLICK:
                await self.app(scope, receive, send)
                return
        page = render_error(
            403,
            _("Formularz z innej strony"),
            _(
                "Ten formularz przyszedł z innej strony internetowej niż nasza, więc niczego nie "
                "zmieniliśmy. Prosimy otworzyć naszą stronę i wysłać formularz z niej."
            ),
        )
        page.headers["Cache-Control"] = "no-store"
        await page(scope, receive, send)

    def _foreign(self, headers: dict[bytes, str]) -> bool:
        origin = headers.get(b"origin")
        if origin is None or origin.strip() == "null":
            # "null": a page whose Referrer-Policy is no-referrer (the token pages) sends it
            # for its own forms too; the browser's Sec-Fetch-Site tells them apart.
            return headers.get(b"sec-fetch-site", "").strip().lower() == "cross-site"
        sent = host_of(origin)
        own = {self.base_host, _own_host(headers.get(b"host", "").strip().lower())}
        return sent is None or sent.lower() not in own - {None}


async def _read_small(receive: Receive, limit: int = 4096) -> tuple[bytes, Receive]:
    """The body's first `limit` bytes or so, and a `receive` that gives the app every message
    again (those read here, then the rest)."""
    read: list[Message] = []
    size = 0
    while size <= limit:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(m.get("body", b"") for m in read if m["type"] == "http.request")

    async def replay() -> Message:
        return read.pop(0) if read else await receive()

    return body, replay
