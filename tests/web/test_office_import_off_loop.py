"""A draft re-check of the most rows the import takes leaves the web process answering (issue 25):
its CPU work (every period re-read, the page rendered) runs off the event loop.

`notifier web` in a process of its own, over raw sockets. The order is the test: the draft is
sent whole and read by the server (its kernel queues empty) before /healthz is asked; /healthz
must be answered while the draft's answer is not there yet. Waits are bounded by a hang guard,
never a measured duration.
"""

from __future__ import annotations

import email
import fcntl
import os
import re
import select
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from datetime import date
from email import policy
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from new_database import new_sqlite
from office_helpers import LESZNO_OFFICE
from server_process import free_port, wait_for_health

from notifier.core.importing.draft import MAX_ROWS

GUARD_SECONDS = 300  # a hang guard: 2,000 rows are seconds of CPU on a busy machine
_CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


@pytest.fixture
def server(tmp_path: Path, seed_schedule_path: Path) -> Iterator[tuple[int, Path]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(seed_schedule_path),
        "NOTIFIER_BASE_URL": f"http://127.0.0.1:{port}",
        "NOTIFIER_DATABASE_URL": new_sqlite(tmp_path / "subscribers.db"),
        "NOTIFIER_OUTBOX": str(tmp_path / "outbox"),
    }
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
        yield port, tmp_path / "outbox"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text(errors="replace")


def _csrf(client: httpx.Client, path: str) -> str:
    found = _CSRF.search(client.get(path, follow_redirects=True).text)
    assert found
    return found.group(1)


def _sign_in(client: httpx.Client, port: int, outbox: Path) -> None:
    """Sign in as Leszno's office through the emailed link, as a person would."""
    client.post("/biuro/wejscie", data={"email": LESZNO_OFFICE, "csrf": _csrf(client, "/biuro/")})
    deadline = time.monotonic() + GUARD_SECONDS
    link = re.compile(rf"http://127\.0\.0\.1:{port}(/biuro/wejscie/[A-Za-z0-9_-]+)")
    while not (sent := sorted((outbox / "new").glob("*"))):
        assert time.monotonic() < deadline, "no sign-in email"
        time.sleep(0.05)
    message = email.message_from_bytes(sent[0].read_bytes(), policy=policy.default)
    found = link.search(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert found
    opened = client.post(found.group(1), data={"csrf": _csrf(client, found.group(1))})
    assert opened.status_code == 303, opened.text


def _request(method: str, path: str, cookies: str = "", body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if cookies:
        head += f"Cookie: {cookies}\r\n"
    if body:
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


def _unsent(sock: socket.socket) -> int:
    """Bytes still in the client's send queue (SIOCOUTQ)."""
    return int(struct.unpack("i", fcntl.ioctl(sock, termios.TIOCOUTQ, b"\0" * 4))[0])


def _received_unread(server_port: int, client_port: int) -> int:
    """Bytes the server's kernel holds for one connection, not yet read (/proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = (int(a.rsplit(":", 1)[1], 16) for a in fields[1:3])
        if (local, remote) == (server_port, client_port):
            return int(fields[4].split(":")[1], 16)
    raise AssertionError("the connection is not in /proc/net/tcp")


def _read_whole(sock: socket.socket) -> bytes:
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


def test_a_draft_of_the_most_rows_leaves_healthz_answering_while_it_is_checked(
    server: tuple[int, Path],
) -> None:
    port, outbox = server
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=GUARD_SECONDS) as client:
        _sign_in(client, port, outbox)
        token = _csrf(client, "/biuro/leszno/import")
        cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    year = date.today().year + 1  # the next year the office may import (office_years)
    rows = [
        (f, v)
        for n in range(1, MAX_ROWS + 1)
        for f, v in (("d", "Wydział Kultury"), ("s", "kultura"), ("n", str(n)),
                     ("t", f"Zadanie publiczne nr {n}"), ("p", f"Maj {year}"), ("w", ""), ("u", ""))
    ]  # fmt: skip
    fields = [("csrf", token), ("year", str(year)), ("as_of", ""), ("title", f"Harmonogram {year}"),
              ("source", "harmonogram.xlsx"), *rows, ("potwierdzam", "1"), ("step", "podglad")]  # fmt: skip
    request = _request("POST", "/biuro/leszno/import/szkic", cookies, urlencode(fields).encode())
    with socket.create_connection(("127.0.0.1", port), timeout=GUARD_SECONDS) as draft:
        draft.sendall(request)
        # Every byte read by the server process: its kernel queue for the draft is empty.
        deadline = time.monotonic() + GUARD_SECONDS
        while _unsent(draft) or _received_unread(port, draft.getsockname()[1]):
            assert time.monotonic() < deadline, "the server did not read the draft"
            time.sleep(0.01)
        with socket.create_connection(("127.0.0.1", port), timeout=GUARD_SECONDS) as health:
            health.sendall(_request("GET", "/healthz"))
            healthy = _read_whole(health)
        assert healthy.startswith(b"HTTP/1.1 200"), healthy[:200]
        waiting, _, _ = select.select([draft], [], [], 0)
        assert not waiting, "the draft was answered before /healthz"
        answer = _read_whole(draft)
    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), answer[:2000]
    text = page.decode("utf-8", errors="replace")
    assert f"{MAX_ROWS} zadań" in text
    assert 'action="/biuro/leszno/import/szkic"' in text
    assert f"Zadanie publiczne nr {MAX_ROWS}" in text
