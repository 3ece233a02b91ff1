"""uvicorn's HTTP protocol (httptools, or h11 without it) with a Polish 400 for a request
it cannot parse — a control character in the request line, a malformed header — which it
answers itself, before the app sees anything (uvicorn's own body is English: "Invalid HTTP
request received."). Passed to uvicorn as its `http` protocol class by notifier.web.server.
"""

from __future__ import annotations

from uvicorn.protocols.http.auto import AutoHTTPProtocol

BAD_REQUEST = (
    "Nieprawidłowe żądanie HTTP: serwer nie mógł odczytać wiersza żądania albo nagłówka.\n"
)
_BODY = BAD_REQUEST.encode("utf-8")
_HEAD = (
    b"HTTP/1.1 400 Bad Request\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"content-language: pl\r\n"
    b"content-length: " + str(len(_BODY)).encode("ascii") + b"\r\n"
    b"connection: close\r\n\r\n"
)


class PolishBadRequestProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """AutoHTTPProtocol whose own 400 says BAD_REQUEST; uvicorn logs the request as before."""

    def send_400_response(self, msg: str) -> None:
        """Answer the unparsable request with BAD_REQUEST and close (uvicorn's `msg`, the
        English reason, stays in its log line)."""
        self.transport.write(_HEAD + _BODY)
        self.transport.close()
