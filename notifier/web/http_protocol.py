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
  (`h11_max_incomplete_event_size`, notifier.web.server) and answers it with the 400.

Passed to uvicorn as its `http` protocol class by notifier.web.server.
"""

from __future__ import annotations

from uvicorn.protocols.http.auto import AutoHTTPProtocol

# httptools (uvicorn[standard]) keeps no limit of its own: the head is counted here.
_COUNTED = AutoHTTPProtocol.__name__ == "HttpToolsProtocol"

MAX_HEAD_BYTES = 64 * 1024  # nginx's default allows 1 KB + 4 × 8 KB; a browser sends < 16 KB

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


_BAD_REQUEST = _answer(b"400 Bad Request", BAD_REQUEST)
_HEAD_TOO_LARGE = _answer(b"431 Request Header Fields Too Large", HEAD_TOO_LARGE)


class HostProblem(Exception):
    """No Host in an HTTP/1.1 request, or two: raised in the parser's callback, so that
    httptools reports a parse error and uvicorn answers it with send_400_response."""


class PolishBadRequestProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """AutoHTTPProtocol whose own refusals are Polish; uvicorn logs the request as before."""

    _head_bytes = 0  # bytes of the current request's head fed to the parser so far
    _in_head = True  # between requests, and before a request's headers are complete

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
            super().data_received(data)

    def on_headers_complete(self) -> None:
        self._in_head = False
        hosts = sum(1 for name, _value in self.headers if name == b"host")
        if hosts > 1 or (hosts == 0 and self.parser.get_http_version() == "1.1"):
            raise HostProblem()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True  # the next request on the connection starts its own head
        self._head_bytes = 0
