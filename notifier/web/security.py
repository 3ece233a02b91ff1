"""Security headers on every response, and the API docs page served from the package.

Every response gets `X-Content-Type-Options: nosniff` and a Content-Security-Policy with
`frame-ancestors 'none'`. HTML pages may run only the inline scripts and styles they carry,
each allowed by its own sha256 hash computed from the body (CSP Level 3, "hash-source"), so a
template edit never needs a hand-kept hash. Our own pages carry that policy in the page, as a
`<meta http-equiv="Content-Security-Policy">` written first in `<head>` (with_policy_meta),
and their header is one constant policy (PAGE_POLICY: what a meta cannot say, such as
`frame-ancestors`): a published page's file then needs no header that changes with its body,
and nginx sends the same constant header to every page (contrib/nginx/notifier.conf). Other
HTML (the API docs) gets the hashes in its header. Token pages (/confirm/,
/manage/, /unsubscribe/, the office area /biuro/) send `Referrer-Policy: no-referrer`: the
token must not leave in a Referer header. `/api/docs` (Swagger UI) loads its assets from
fastapi-offline's copy, on our own origin — no CDN, nothing to pin with integrity hashes.
"""

from __future__ import annotations

import hashlib
import html
import re
from base64 import b64encode
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_PATH = "/api/docs"
DOCS_ASSETS = f"{DOCS_PATH}/static"
TOKEN_PAGES = ("/confirm/", "/manage/", "/unsubscribe/", "/biuro/")

# Feeds, JSON and plain text: nothing to run, nothing to embed.
BASE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
# The header of a page carrying its own policy (the two policies are both enforced: this one
# adds what a meta element cannot carry and restricts nothing the page's own policy allows).
PAGE_POLICY = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
_META = b'<meta http-equiv="Content-Security-Policy" content="'
_HEAD = re.compile(r"<head>(\s*<meta charset=[^>]*>)?", re.IGNORECASE)
_INLINE = re.compile(rb"<(script|style)(\s[^>]*)?>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(rb"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _hash_source(content: bytes) -> str:
    return f"'sha256-{b64encode(hashlib.sha256(content).digest()).decode('ascii')}'"


def html_policy(body: bytes) -> str:
    """The Content-Security-Policy header of an HTML page: PAGE_POLICY for a page carrying
    its own policy (with_policy_meta), else the policy of its body (hashes_policy)."""
    return PAGE_POLICY if _META in body[:2048] else hashes_policy(body)


def with_policy_meta(page: str) -> str:
    """`page` (a whole HTML document) with its policy first in `<head>` (after the charset): its
    own inline scripts and styles by hash, as hashes_policy, without `frame-ancestors` (which
    a meta element cannot set; PAGE_POLICY in the header does)."""
    policy = hashes_policy(page.encode()).replace("; frame-ancestors 'none'", "")
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _HEAD.sub(lambda m: m.group(0) + meta, page, count=1)


def hashes_policy(body: bytes) -> str:
    """The CSP of an HTML page: its own inline scripts and styles (by hash) and same-origin
    files; images from the site or data: URLs (the favicon is one)."""
    scripts, styles = ["'self'"], ["'self'"]
    for match in _INLINE.finditer(body):
        attributes = match.group(2) or b""
        if match.group(1).lower() == b"script":
            if b"src=" not in attributes.lower():
                scripts.append(_hash_source(match.group(3)))
        else:
            styles.append(_hash_source(match.group(3)))
    # style="…" attributes (the timeline's positions): each distinct value by its hash too.
    values = {m.group(1) or m.group(2) or b"" for m in _STYLE_ATTRIBUTE.finditer(body)}
    attributes = {_hash_source(html.unescape(v.decode()).encode()) for v in values}
    attribute_policy = (
        f"style-src-attr 'unsafe-hashes' {' '.join(sorted(attributes))}; " if attributes else ""
    )
    return (
        f"default-src 'none'; script-src {' '.join(dict.fromkeys(scripts))}; "
        f"style-src {' '.join(dict.fromkeys(styles))}; {attribute_policy}img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware adding the headers above; HTML bodies are read whole to hash them
    (pages are small), every other body streams through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        start: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers.setdefault(
                    "Referrer-Policy",
                    "no-referrer"
                    if path.startswith(TOKEN_PAGES)
                    else "strict-origin-when-cross-origin",
                )
                is_html = headers.get("content-type", "").startswith("text/html")
                if not is_html or "content-encoding" in headers:
                    headers["Content-Security-Policy"] = BASE_POLICY
                    await send(message)
                    return
                start = message  # held until the whole body is known
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = MutableHeaders(scope=start)
            headers["Content-Security-Policy"] = html_policy(body)
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, wrapped)


def _assets_dir() -> Path:
    return Path(fastapi_offline.__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    """Add the headers to every response and serve /api/docs with local assets.

    Create the app with `docs_url=None`; this puts the docs page back, offline.
    """
    app.mount(DOCS_ASSETS, StaticFiles(directory=_assets_dir()), name="docs-assets")

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} – API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        )

    app.add_middleware(SecurityHeaders)
