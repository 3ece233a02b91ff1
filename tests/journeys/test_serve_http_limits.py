"""The bare server as the CLI starts it (`notifier web`, as `serve` and `make run`), over raw
sockets: a request head over 64 KB is refused with the Polish 431 without being read further
(blind round 8b, F4: 3 × 100 MB headers were read whole, +390 MB, and answered 200), and an
HTTP/1.1 request without Host, or any with two, is a Polish 400 (m15, RFC 9112 §3.2). The
worker options of `--workers N` (F3) are checked as uvicorn reads them, without a load."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from server_process import started

from notifier.settings import load_settings
from notifier.web.http_protocol import MAX_HEAD_BYTES
from notifier.web.server import WORKER_HEALTHCHECK_SECONDS, worker_options

# One worker runs the module (`--dist loadgroup`): one `notifier web` for all its tests.
pytestmark = pytest.mark.xdist_group("serve_http_limits")

HEAD_TOO_LARGE = "Nagłówki żądania są za duże"
BAD_REQUEST = "Nieprawidłowe żądanie HTTP"


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path) -> Iterator[int]:
    """`notifier web` on a free port, in a process of its own, for the module's tests."""
    tmp = tmp_path_factory.mktemp("limits")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(seed_schedule_path),
        "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp / 'subscribers.db'}",
    }
    process, number, _ = started(
        lambda number: subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(number)],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    )
    try:
        yield number
    finally:
        process.terminate()
        _, log = process.communicate(timeout=30)
    assert b"Traceback" not in log


def exchange(port: int, request: bytes) -> bytes:
    """Send `request` on a new connection and read until the server closes it (each request
    ends with one the server closes after: a refusal, HTTP/1.0, `Connection: close`). The server
    may close before reading everything sent (that is the point): what it answered first
    is still read."""
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as raw:
        with contextlib.suppress(OSError):  # closed before it read everything: its refusal
            raw.sendall(request)
        try:
            while chunk := raw.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    return answer


def statuses(answer: bytes) -> list[int]:
    """The status of each response in `answer`, in order (a response's status line follows
    the previous body directly)."""
    return [int(code) for code in re.findall(rb"HTTP/1\.[01] (\d{3}) ", answer)]


def get(path: str, *headers: bytes, version: bytes = b"HTTP/1.1") -> bytes:
    lines = [b"GET " + path.encode() + b" " + version, *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


@pytest.mark.parametrize(
    "headers",
    [
        [b"X-A: " + b"a" * (MAX_HEAD_BYTES + 1)],  # one long header
        [b"X-A-%d: %s" % (n, b"b" * 90) for n in range(1000)],  # 100 KB of small ones
        [b"Cookie: " + b"c=d; " * 40000],  # a cookie jar of 200 KB
    ],
    ids=["one-header", "many-headers", "cookies"],
)
def test_a_request_head_over_64_kb_is_refused_with_the_polish_431(
    port: int, headers: list[bytes]
) -> None:
    answer = exchange(port, get("/healthz", b"Host: a", *headers))
    assert statuses(answer) == [431]
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-language: pl" in head
    assert HEAD_TOO_LARGE in body.decode("utf-8")


def test_a_head_over_the_limit_in_the_request_line_is_refused_too(port: int) -> None:
    answer = exchange(port, get("/healthz?" + "q" * (2 * MAX_HEAD_BYTES), b"Host: a"))
    assert statuses(answer) == [431]


def test_heads_under_the_limit_are_answered_each_on_a_kept_connection(port: int) -> None:
    """The limit is per request: two 40 KB heads on one connection (80 KB) are both read."""
    big = b"X-A: " + b"a" * 40_000
    answer = exchange(
        port,
        get("/healthz", b"Host: a", big) + get("/healthz", b"Host: a", big, b"Connection: close"),
    )
    assert statuses(answer) == [200, 200]


@pytest.mark.parametrize(
    "request_bytes",
    [
        get("/healthz"),  # HTTP/1.1 without Host
        get("/healthz", b"Host: a", b"Host: b"),
        get("/healthz", b"Host: a", b"Host: a"),
        get("/", b"Host: a", b"X: y", b"host: b"),
        get("/healthz", b"Host: a", b"Host: b", version=b"HTTP/1.0"),
    ],
    ids=["none", "two", "two-alike", "two-apart", "two-in-1.0"],
)
def test_a_request_without_host_or_with_two_is_the_polish_400(
    port: int, request_bytes: bytes
) -> None:
    answer = exchange(port, request_bytes)
    assert statuses(answer) == [400]
    assert BAD_REQUEST in answer.decode("utf-8")


def test_an_http_1_0_request_may_come_without_host(port: int) -> None:
    """RFC 9112 §3.2 asks Host of HTTP/1.1 only (nginx answers HTTP/1.0 without it too)."""
    assert statuses(exchange(port, get("/healthz", version=b"HTTP/1.0"))) == [200]


def test_workers_wait_for_a_slow_child_and_h11_keeps_the_same_head_limit(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path
) -> None:
    """F3: uvicorn's parent killed a child that had not answered its ping within 5 s — one
    still importing on a loaded machine — and started another, in a loop. The options
    `notifier web --workers N` passes are read by uvicorn's own Config as they are."""
    settings = load_settings(schedule=seed_schedule_path)
    config = uvicorn.Config(
        "notifier.web.server:worker_app",
        factory=True,
        workers=2,
        **worker_options(settings, "127.0.0.1", 8000),
    )
    assert config.timeout_worker_healthcheck == WORKER_HEALTHCHECK_SECONDS >= 60
    assert config.h11_max_incomplete_event_size == MAX_HEAD_BYTES
