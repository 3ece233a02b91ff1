"""A request whose client has gone is not carried out, and every request gets its access line
(blind 10b, F4); a body is cut for silence between reads, not for its whole time (M27).

`notifier web` in a process of its own, over raw sockets. The barrier is the server itself:
stopped (SIGSTOP) while the client sends a whole POST and closes, as nginx does when its
60 s run out, then continued (SIGCONT) — the request and the close are both waiting in the
socket when the app first sees it. Each wait below is for a log line or a file, bounded by a
hang guard, never a measured duration.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from new_database import new_sqlite
from server_process import free_port, wait_for_health

from notifier.store.db import open_database
from notifier.store.subscribers import find_by_email

GUARD_SECONDS = 60  # a hang guard: how long a wait may take before the test calls it hung
SILENCE_SECONDS = 2  # NOTIFIER_REQUEST_TIMEOUT of the server under test


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    outbox: Path
    database_url: str

    def lines_with(self, *parts: str) -> list[str]:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [line for line in text.splitlines() if all(part in line for part in parts)]

    def wait_for_line(self, *parts: str, after: int = 0) -> str:
        """The newest line with all `parts`, once there are more than `after` of them."""
        deadline = time.monotonic() + GUARD_SECONDS
        while time.monotonic() < deadline:
            if len(lines := self.lines_with(*parts)) > after:
                return lines[-1]
            if self.process.poll() is not None:
                pytest.fail(f"server exited with {self.process.returncode}")
            time.sleep(0.05)
        pytest.fail(f"no log line with {parts}:\n{self.log.read_text(errors='replace')}")

    def mails(self) -> list[Path]:
        new = self.outbox / "new"
        return sorted(new.iterdir()) if new.is_dir() else []

    def subscriber_state(self, email: str) -> str | None:
        db = open_database(self.database_url)
        try:
            with db.session() as session:
                subscriber = find_by_email(session, email)
                return subscriber.state if subscriber is not None else None
        finally:
            db.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("gone")
    port = free_port()
    database_url = new_sqlite(tmp / "subscribers.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(seed_schedule_path),
        "NOTIFIER_BASE_URL": f"http://127.0.0.1:{port}",
        "NOTIFIER_DATABASE_URL": database_url,
        "NOTIFIER_OUTBOX": str(tmp / "outbox"),
        "NOTIFIER_REQUEST_TIMEOUT": str(SILENCE_SECONDS),
    }
    log = tmp / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(port)],
            cwd=tmp,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
        yield Server(process, port, log, tmp / "outbox", database_url)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text(errors="replace")


def _post(path: str, body: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body.encode())}\r\n\r\n{body}"
    ).encode()


def _wait_until_stopped(pid: int) -> None:
    """SIGSTOP is delivered on its way: the process is stopped once /proc says "T"."""
    stat = Path(f"/proc/{pid}/stat")
    deadline = time.monotonic() + GUARD_SECONDS
    while stat.read_text().rpartition(")")[2].split()[0] != "T":
        assert time.monotonic() < deadline, "the server did not stop"
        time.sleep(0.01)


def _sent_while_stopped(server: Server, request: bytes) -> None:
    """The whole request sent and the connection closed while the server is stopped."""
    os.kill(server.process.pid, signal.SIGSTOP)
    _wait_until_stopped(server.process.pid)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=GUARD_SECONDS) as raw:
            raw.sendall(request)
    finally:
        os.kill(server.process.pid, signal.SIGCONT)


def test_a_sign_up_whose_client_has_gone_is_not_carried_out_and_is_logged(
    server: Server,
) -> None:
    email = "odszedl@example.pl"
    before = len(server.lines_with("not delivered"))
    refused = len(server.lines_with("client disconnected before", "POST /subscribe"))
    _sent_while_stopped(server, _post("/subscribe", f"email={email.replace('@', '%40')}"))
    server.wait_for_line("client disconnected before", "POST /subscribe", after=refused)
    server.wait_for_line("not delivered", after=before)
    assert server.subscriber_state(email) is None
    assert server.mails() == []
    # The same sign-up from a client that waits is carried out: the refusal was the close.
    answer = httpx.post(
        f"http://127.0.0.1:{server.port}/subscribe",
        content=f"email={email.replace('@', '%40')}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=GUARD_SECONDS,
    )
    assert answer.status_code == 200
    assert server.subscriber_state(email) == "pending"


@pytest.mark.parametrize(
    "path",
    [
        f"/manage/{'m' * 43}",
        f"/confirm/{'c' * 43}",
        f"/unsubscribe/{'u' * 43}",
        "/biuro/wejscie",
        "/biuro/leszno/2024/ogloszenie",
    ],
)
def test_every_state_changing_form_of_a_gone_client_does_nothing_with_one_line(
    server: Server, path: str
) -> None:
    shown = f"POST {path.rstrip('mcu')}"  # the log shows no token
    before = len(server.lines_with("nothing done", shown))
    undelivered = len(server.lines_with("not delivered"))
    _sent_while_stopped(server, _post(path, "email=a%40example.pl&lead_days=7"))
    server.wait_for_line('"POST ', "not delivered", after=undelivered)
    deadline = time.monotonic() + GUARD_SECONDS
    while len(server.lines_with("client disconnected before", shown)) == before:
        assert time.monotonic() < deadline, server.log.read_text(errors="replace")
        time.sleep(0.05)
    assert len(server.lines_with("nothing done", shown)) == before + 1


def test_a_read_that_finds_the_client_gone_still_leaves_an_access_line(server: Server) -> None:
    """A GET held the same way (nginx gave up on it) is answered into a closed connection:
    uvicorn would drop its access line with the answer."""
    _sent_while_stopped(server, b"GET /api/tasks?odszedl=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    server.wait_for_line('"GET /api/tasks?odszedl=1 HTTP/1.1"', "not delivered")


def test_a_body_that_keeps_coming_is_read_whatever_its_whole_time(server: Server) -> None:
    """M27: NOTIFIER_REQUEST_TIMEOUT is the silence allowed between two reads (nginx's
    client_body_timeout). A body sent in pieces a tenth of it apart, for twice as long in
    all, is read and answered."""
    body = "email=powoli%40example.pl&" + "&".join(f"x{n}=1" for n in range(40))
    head, _, rest = _post("/subscribe", body).partition(b"\r\n\r\n")
    size = len(rest) // 25 + 1
    pieces = [rest[i : i + size] for i in range(0, len(rest), size)]
    pause = SILENCE_SECONDS / 10
    assert len(pieces) * pause > 2 * SILENCE_SECONDS
    with socket.create_connection(("127.0.0.1", server.port), timeout=GUARD_SECONDS) as raw:
        raw.sendall(head + b"\r\n\r\n")
        for piece in pieces:
            time.sleep(pause)
            raw.sendall(piece)
        answer = raw.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    assert server.subscriber_state("powoli@example.pl") == "pending"


def test_a_body_fallen_silent_is_closed_by_the_server_and_logged_so(server: Server) -> None:
    before = len(server.lines_with("POST /subscribe", "nothing done"))
    with socket.create_connection(("127.0.0.1", server.port), timeout=GUARD_SECONDS) as raw:
        raw.sendall(_post("/subscribe", "email=cicho%40example.pl")[:-5])
        raw.settimeout(GUARD_SECONDS)
        answer = raw.recv(65536)
    assert answer.startswith(b"HTTP/1.1 408 ")
    line = server.wait_for_line("POST /subscribe", "nothing done", after=before)
    assert "server closed the connection" in line
    assert server.lines_with("Request body silent for", "the server closed the connection")
    assert server.subscriber_state("cicho@example.pl") is None


def test_the_start_up_line_is_english_for_the_operator(server: Server) -> None:
    """Blind 10b, M21: every line of a long-running process is the operator's, in English."""
    line = server.wait_for_line("notifier.web.server: notifier: ")
    assert "database: sqlite:///" in line
    assert "; mail: Maildir folder " in line
    assert "; schedule: " in line
    assert "baza danych" not in line
