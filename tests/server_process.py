"""Servers in a subprocess (`notifier serve`, `notifier web`, nginx): a free port to give them,
and waiting until one answers."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx
import pytest

START_DEADLINE_SECONDS = 120  # a hang guard, not a speed limit: a busy machine may start slowly


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(url: str, process: subprocess.Popen[bytes]) -> httpx.Response:
    """Poll /healthz until it answers, the process dies, or the deadline passes."""
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    # One client for all the polls: httpx.get() builds a TLS context (~20 ms of CPU) each
    # time, which a starting server would wait for on a busy machine.
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"server exited with {process.returncode} before answering")
            try:
                return client.get(url)
            except httpx.TransportError:
                time.sleep(0.05)
    pytest.fail(f"no answer from {url} within {START_DEADLINE_SECONDS} s")
