"""A client that goes away while sending a form's body is one INFO line in the log, never
an "Exception in ASGI application" traceback at ERROR (blind round six, F8): the app under a
real uvicorn, a raw socket that sends part of a body and closes."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from server_process import free_port

DISCONNECTED = "client disconnected before the body was read, nothing done: POST"
HANG_GUARD_SECONDS = 60  # waits for the log line, not for a time: no speed assumption


@pytest.fixture
def served(app: FastAPI) -> Iterator[int]:
    port = free_port()
    # log_config=None: uvicorn's loggers propagate to the root, where caplog listens
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _half_a_form(port: int, path: str) -> None:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head.encode() + b"email=a%40")


@pytest.mark.parametrize("path", ["/subscribe", f"/manage/{'x' * 43}", "/biuro/wejscie"])
def test_a_client_gone_mid_body_is_one_info_line_without_a_traceback(
    served: int, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    caplog.set_level(logging.INFO)
    _half_a_form(served, path)
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not any(DISCONNECTED in r.getMessage() for r in caplog.records):
        if time.monotonic() > deadline:
            pytest.fail(f"no line about the disconnect: {[r.getMessage() for r in caplog.records]}")
        time.sleep(0.02)
    [line] = [r for r in caplog.records if DISCONNECTED in r.getMessage()]
    assert line.levelno == logging.INFO
    assert "x" * 43 not in line.getMessage()  # a manage token is never logged
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
