"""Servers in a subprocess (`notifier serve`, `notifier web`, nginx): a free port to give them,
and waiting until one answers."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable

import httpx
import pytest

START_DEADLINE_SECONDS = 120  # a hang guard, not a speed limit: a busy machine may start slowly
# free_port() closes its socket before the server binds the port (after Python's start-up, a
# second or more on a busy machine), so another process may take it in between: a server that
# stops saying so is started again on another port, this many times in all.
PORT_TRIES = 5
PORT_TAKEN = "adres jest już zajęty"  # notifier's line for EADDRINUSE (core.system_errors)


class PortTaken(Exception):
    """The server stopped at start because its port was taken meanwhile."""


def started(
    start: Callable[[int], subprocess.Popen[bytes]],
) -> tuple[subprocess.Popen[bytes], int, httpx.Response]:
    """The server `start(port)` starts (its stderr a pipe), answering /healthz on a free port:
    the process, its port and the first answer. Another port is tried (PORT_TRIES in all)
    when the one given was taken before the server bound it."""
    for tries_left in reversed(range(PORT_TRIES)):
        port = free_port()
        process = start(port)
        url = f"http://127.0.0.1:{port}/healthz"
        try:
            return process, port, wait_for_health(url, process, port_taken=tries_left > 0)
        except PortTaken:
            process.communicate(timeout=30)
    raise AssertionError("not reached: the last try fails the test itself")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(
    url: str, process: subprocess.Popen[bytes], *, port_taken: bool = False
) -> httpx.Response:
    """Poll /healthz until it answers, the process dies, or the deadline passes; with
    `port_taken`, PortTaken if the process stopped because its port was taken."""
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    # One client for all the polls: httpx.get() builds a TLS context (~20 ms of CPU) each
    # time, which a starting server would wait for on a busy machine.
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                error = process.stderr.read() if port_taken and process.stderr else b""
                if PORT_TAKEN in error.decode("utf-8", "replace"):
                    raise PortTaken(url)
                pytest.fail(f"server exited with {process.returncode} before answering")
            try:
                return client.get(url)
            except httpx.TransportError:
                time.sleep(0.05)
    pytest.fail(f"no answer from {url} within {START_DEADLINE_SECONDS} s")
