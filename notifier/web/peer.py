"""Whether the client of a request is still there (issue 25, blind 10b F4).

A request can reach the app after its client has gone: the server process was held (a
stop, a swap storm, a long database lock) while nginx gave up after 60 s and answered its
own 503 or 504, and the request was still waiting, whole, in the socket. Carried out then,
a sign-up the user was told failed is created and mailed, and the user sends it again. A
state-changing request therefore asks, once its body is read and before anything is
written, whether the client is still there (`notifier.web.gone.require_client`); a client
that has gone gets nothing done and one log line.

uvicorn learns of a closed connection only when its event loop next reads the socket, so
the answer is read from the socket itself: poll(2) with POLLRDHUP tells, without reading,
that the peer has closed its side (its FIN has arrived), however long ago that was.
`Peer` is put in the request's scope by notifier.web.http_protocol (httptools); without
it (h11, the test client) Starlette's own `is_disconnected` answers.
"""

from __future__ import annotations

import asyncio
import select
from collections.abc import MutableMapping
from typing import Any

_CLOSED = getattr(select, "POLLRDHUP", 0) | select.POLLHUP | select.POLLERR

SCOPE_KEY = "notifier.connection"  # ("notifier.peer" is forwarded.py's address)


class Peer:
    """The connection of one request, as the app may ask about it."""

    def __init__(self, transport: asyncio.Transport, cycle: Any) -> None:
        self._transport = transport
        self._cycle = cycle  # uvicorn's RequestResponseCycle: `disconnected` once it knows
        self.timed_out = False  # the server closed it: a read deadline passed (http_protocol)

    def gone(self) -> bool:
        """True when the client has closed the connection (or the server has)."""
        if self._cycle.disconnected or self._transport.is_closing():
            return True
        sock = self._transport.get_extra_info("socket")
        fd = sock.fileno() if sock is not None else -1
        if fd < 0:
            return sock is not None  # closed under us
        poller = select.poll()
        poller.register(fd, _CLOSED)
        return bool(poller.poll(0))


def peer_of(scope: MutableMapping[str, Any]) -> Peer | None:
    peer = scope.get(SCOPE_KEY)
    return peer if isinstance(peer, Peer) else None
