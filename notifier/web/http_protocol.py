"""uvicorn's HTTP protocol (httptools, or h11 without it) with Polish answers to the requests
it refuses itself, before the app sees anything (uvicorn's own body is English: "Invalid HTTP
request received."):

- 400 for a request it cannot parse — a control character in the request line, a malformed
  header — and (RFC 9112 §3.2, as nginx) for an HTTP/1.1 request without a Host header or
  any request with two (m15: httptools passed both on; h11 refuses them itself);
- 431 for a request head (request line and headers) over MAX_HEAD_BYTES (F4: the parser
  kept reading a 100 MB header into memory; three such requests took 390 MB and 97 s of CPU
  and were answered 200). With httptools the head is fed to the parser in pieces that
  never take it past the limit; h11 keeps its own buffer under the same limit
  (`h11_max_incomplete_event_size`, notifier.web.server) and answers it with the 400;
- 408 for a head not whole within the read timeout (NOTIFIER_REQUEST_TIMEOUT) of its first
  byte, or a body that falls silent for as long — the time between two reads, as nginx's
  client_body_timeout, so a slow but steady upload of a 20 MB document completes (blind 10b,
  M27) — or that has not come whole within MAX_BODY_SECONDS, a generous bound of its own.

Each request's scope also carries its connection (notifier.web.peer), so that the app can
ask whether the client is still there before it changes anything, and a request answered
after its client has gone still gets its access line (uvicorn drops it with the answer).

Passed to uvicorn as its `http` protocol class by notifier.web.server.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol
from uvicorn.protocols.utils import get_client_addr, get_path_with_query_string

from notifier.web.peer import SCOPE_KEY, Peer

# httptools (uvicorn[standard]) keeps no limit of its own: the head is counted here.
_COUNTED = AutoHTTPProtocol.__name__ == "HttpToolsProtocol"

MAX_HEAD_BYTES = 64 * 1024  # nginx's default allows 1 KB + 4 × 8 KB; a browser sends < 16 KB
READ_TIMEOUT_SECONDS = 60.0  # nginx's client_header_timeout and client_body_timeout
# A body's whole time, however steadily it comes: a 20 MB document (the office's upload
# limit) at 64 kbit/s takes 45 minutes; a trickle of a byte a minute is ended in an hour.
MAX_BODY_SECONDS = 3600.0

BAD_REQUEST = (
    "Nieprawidłowe żądanie HTTP: serwer nie mógł odczytać wiersza żądania albo nagłówka.\n"
)
HEAD_TOO_LARGE = (
    f"Nagłówki żądania są za duże (razem najwyżej {MAX_HEAD_BYTES // 1024} KB): serwer ich "
    "nie odczytał. Prosimy usunąć ciasteczka tej strony w przeglądarce i spróbować ponownie.\n"
)


def _answer(status: bytes, text: str) -> bytes:
    body = text.encode("utf-8")
    return (
        b"HTTP/1.1 " + status + b"\r\n"
        b"content-type: text/plain; charset=utf-8\r\n"
        b"content-language: pl\r\n"
        b"content-length: " + str(len(body)).encode("ascii") + b"\r\n"
        b"connection: close\r\n\r\n" + body
    )


TIMED_OUT = (
    "Żądanie nie dotarło w całości na czas: serwer zamknął połączenie. Prosimy spróbować "
    "ponownie.\n"
)

_BAD_REQUEST = _answer(b"400 Bad Request", BAD_REQUEST)
_HEAD_TOO_LARGE = _answer(b"431 Request Header Fields Too Large", HEAD_TOO_LARGE)
_TIMED_OUT = _answer(b"408 Request Timeout", TIMED_OUT)


def protocol_class(read_timeout: float = READ_TIMEOUT_SECONDS) -> Any:
    """PolishBadRequestProtocol with its deadline, as uvicorn's `http` option (a partial:
    uvicorn adds its own arguments, and its worker processes receive it pickled)."""
    return functools.partial(PolishBadRequestProtocol, read_timeout=read_timeout)


class HostProblem(Exception):
    """No Host in an HTTP/1.1 request, or two: raised in the parser's callback, so that
    httptools reports a parse error and uvicorn answers it with send_400_response."""


class PolishBadRequestProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """AutoHTTPProtocol whose own refusals are Polish; uvicorn logs the request as before."""

    _head_bytes = 0  # bytes of the current request's head fed to the parser so far
    _in_head = True  # between requests, and before a request's headers are complete
    _deadline: asyncio.TimerHandle | None = None  # the head's, or the body's next read
    _body_deadline: asyncio.TimerHandle | None = None  # the body's whole time
    _peer: Peer | None = None  # the current request's connection, as its scope carries it

    def __init__(self, *args: Any, read_timeout: float = READ_TIMEOUT_SECONDS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._read_timeout = read_timeout

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)
        if _COUNTED:
            self._arm()  # the first request's head, even if not a byte of it comes

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(self._read_timeout, self._timed_out, False)

    def _disarm(self) -> None:
        for timer in (self._deadline, self._body_deadline):
            if timer is not None:
                timer.cancel()
        self._deadline = self._body_deadline = None

    def _timed_out(self, whole_body: bool) -> None:
        """The head did not come in time, the body fell silent or took too long: the server
        closes the connection, with the 408 if it can be sent."""
        self._disarm()
        if self.transport.is_closing():
            return
        if self._in_head:
            part, answer = "head", self._head_bytes > 0  # nothing came: nothing to answer
            why = f"not complete within {self._read_timeout:g} s"
        else:
            part, answer = "body", self.cycle is None or not self.cycle.response_started
            why = (
                f"not complete within {MAX_BODY_SECONDS:g} s"
                if whole_body
                else f"silent for {self._read_timeout:g} s"
            )
            if self._peer is not None:
                self._peer.timed_out = True
        self.logger.info("Request %s %s: the server closed the connection.", part, why)
        if answer:
            self.transport.write(_TIMED_OUT)
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """Answer the unparsable request with BAD_REQUEST and close (uvicorn's `msg`, the
        English reason, stays in its log line)."""
        self.transport.write(_BAD_REQUEST)
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        if not _COUNTED:
            super().data_received(data)  # h11: its own buffer limit (module docstring)
            return
        while data and self._in_head:
            if self._deadline is None:
                self._arm()  # this head's (the next request's, on a kept connection)
            room = MAX_HEAD_BYTES - self._head_bytes
            if room <= 0:
                self.logger.warning("Request head over %d bytes refused (431).", MAX_HEAD_BYTES)
                self.transport.write(_HEAD_TOO_LARGE)
                self.transport.close()
                return
            piece, data = data[:room], data[room:]
            self._head_bytes += len(piece)
            super().data_received(piece)
            if self.transport.is_closing():  # refused (a 400), or the client left
                return
        if data:
            if not self._in_head and self._deadline is not None:
                self._arm()  # the body's silence starts again with each read
            super().data_received(data)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._arm()  # now the body's (each read restarts it; on_message_complete ends it)
        self._body_deadline = self.loop.call_later(MAX_BODY_SECONDS, self._timed_out, True)
        hosts = sum(1 for name, _value in self.headers if name == b"host")
        if hosts > 1 or (hosts == 0 and self.parser.get_http_version() == "1.1"):
            raise HostProblem()
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and cycle.scope is self.scope:
            self._peer = self.scope[SCOPE_KEY] = Peer(self.transport, cycle)
            self._log_undelivered(cycle)

    def _log_undelivered(self, cycle: Any) -> None:
        """uvicorn writes a request's access line when its answer starts, unless the client
        has gone by then: such a request, carried out or refused, would leave no line at all
        (blind 10b, F4). It gets one here, saying the answer was not delivered."""
        original = cycle.send
        scope = cycle.scope

        async def send(message: Any) -> None:
            undelivered = message["type"] == "http.response.start" and cycle.disconnected
            if undelivered and self.access_log:
                self.access_logger.info(
                    '%s - "%s %s HTTP/%s" %d (not delivered: the connection was closed)',
                    get_client_addr(scope),
                    scope["method"],
                    get_path_with_query_string(scope),
                    scope["http_version"],
                    message["status"],
                )
            await original(message)

        cycle.send = send

    def on_message_complete(self) -> None:
        self._disarm()
        self._peer = None
        super().on_message_complete()
        self._in_head = True  # the next request on the connection starts its own head
        self._head_bytes = 0
