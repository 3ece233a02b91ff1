"""HEAD answers like GET without a body, whatever response class a route returns."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadWithoutBody:
    """ASGI middleware: for HEAD requests, pass the status and headers on and drop the body.

    Every GET route answers HEAD (notifier.web.routes.answer_head_as_get); this makes sure
    no body leaves even when the app is served by something that does not strip it (e.g.
    ASGITransport). It is the outermost middleware, so the others see HEAD's answer as GET's.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(scope, receive, send_headers_only)
