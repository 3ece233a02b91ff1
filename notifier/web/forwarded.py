"""Which client a request is from, behind a trusted proxy: uvicorn's X-Forwarded-For
handling, taking only an address that is one (blind round six, m14).

uvicorn's own middleware took whatever the header's last untrusted entry said: from a trusted
peer, "X-Forwarded-For: 1.2.3.4, <script>" made the client "<script>" in the access log and in
the per-client limits (log forging). Here the same middleware runs, and a forwarded "client"
that is not a syntactically valid IPv4 or IPv6 address is replaced by the peer's address.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

_PEER = "notifier.peer"


def is_address(text: str) -> bool:
    """Whether `text` is an IPv4 or IPv6 address (nothing else: no name, no port)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


IPV6_CLIENT_PREFIX = 64  # one household, one office: a /64 is what one connection is given


def client_key(host: str) -> str:
    """The client as the per-client limits count it: an IPv4 address itself, an IPv6 address
    by its /64 network (m17: a /64 holds 2^64 addresses, so 2001:db8:1:2::1 … ::17 were 23
    clients, each under the limit); anything else (a test client's name) as it is."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is an IPv4 client
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)


class ForwardedClient:
    """ASGI middleware around the app in place of uvicorn's proxy_headers=True: the client
    from X-Forwarded-For of a `trusted` peer (uvicorn's forwarded_allow_ips), if an address.
    It changes the request's scope in place, as uvicorn's does, so the access log names the
    same client the app sees."""

    def __init__(self, app: ASGIApp, trusted: list[str] | str) -> None:
        self.app = app
        self.proxy = ProxyHeadersMiddleware(self._checked, trusted)  # type: ignore[arg-type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        scope[_PEER] = scope.get("client")
        await self.proxy(scope, receive, send)  # type: ignore[arg-type]

    async def _checked(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if client is not None and client != scope.get(_PEER) and not is_address(client[0]):
            scope["client"] = scope.get(_PEER)
        await self.app(scope, receive, send)


def request_client(request: Request) -> str:
    """The client a request is counted against by every per-client limit (sign-up, the
    office's sign-in): client_key of its address, from the trusted forwarded address when
    there is one (ForwardedClient); "unknown" without one."""
    return client_key(request.client.host) if request.client else "unknown"
