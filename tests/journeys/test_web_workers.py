"""More than one process: `notifier web --workers N`, and two servers giving the same validators.

Feed validators come from the content (ETag: a hash of the bytes) and the schedule (its
Last-Modified), never from a process's memory or start time, so every process answers alike
and a client's conditional request is answered 304 by whichever process it reaches.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_process import free_port, wait_for_health

from notifier.cli.main import main

PATHS = ("/calendar.ics", "/topics/sport.ics", "/departments/mopr.ics", "/calendar.ics?alarm=7")


def _web(tmp_path: Path, schedule: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(schedule),
        "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp_path / 'subscribers.db'}",
        "NOTIFIER_BASE_URL": "https://konkursy.example.pl",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(port), *extra],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def two_servers(tmp_path: Path, schedule_file: Path) -> Iterator[tuple[str, str]]:
    ports = free_port(), free_port()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for port in ports:  # one after the other: the first creates the database
            processes.append(_web(tmp_path, schedule_file, port))
            assert (
                wait_for_health(f"http://127.0.0.1:{port}/healthz", processes[-1]).status_code
                == 200
            )
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            _, stderr = process.communicate(timeout=30)
            assert b"Traceback" not in stderr


def test_two_processes_send_the_same_validators(two_servers: tuple[str, str]) -> None:
    first, second = two_servers
    for path, encoding in [(p, e) for p in PATHS for e in ("identity", "gzip")]:
        a = httpx.get(first + path, headers={"Accept-Encoding": encoding}, timeout=30)
        b = httpx.get(second + path, headers={"Accept-Encoding": encoding}, timeout=30)
        assert a.status_code == b.status_code == 200, path
        assert a.headers["etag"] == b.headers["etag"], path
        assert a.headers["last-modified"] == b.headers["last-modified"], path
        assert a.content == b.content, path
        # A client that cached the feed from one process is told 304 by the other.
        again = httpx.get(
            second + path,
            headers={"Accept-Encoding": encoding, "If-None-Match": a.headers["etag"]},
            timeout=30,
        )
        assert again.status_code == 304, path
        since = httpx.get(
            second + path, headers={"If-Modified-Since": a.headers["last-modified"]}, timeout=30
        )
        assert since.status_code == 304, path


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found += [int(child) for child in text.split()]
    return found


def test_web_with_two_workers_serves_from_two_processes(
    tmp_path: Path, schedule_file: Path
) -> None:
    port = free_port()
    process = _web(tmp_path, schedule_file, port, "--workers", "2")
    single_port = free_port()
    single: subprocess.Popen[bytes] | None = None
    try:
        assert wait_for_health(f"http://127.0.0.1:{port}/healthz", process).status_code == 200
        single = _web(tmp_path, schedule_file, single_port)
        wait_for_health(f"http://127.0.0.1:{single_port}/healthz", single)
        workers = [
            child
            for child in _children(process.pid)
            if b"multiprocessing" in Path(f"/proc/{child}/cmdline").read_bytes()
            and b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()
        ]
        assert len(workers) == 2
        for path in PATHS:
            many = httpx.get(f"http://127.0.0.1:{port}{path}", timeout=30)
            one = httpx.get(f"http://127.0.0.1:{single_port}{path}", timeout=30)
            assert many.status_code == 200, path
            assert many.headers["etag"] == one.headers["etag"], path
            assert many.headers["last-modified"] == one.headers["last-modified"], path
    finally:
        started = [p for p in (process, single) if p is not None]
        for p in started:
            p.terminate()
        for p in started:
            _, stderr = p.communicate(timeout=60)
            assert b"Traceback" not in stderr


def test_workers_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["web", "--workers", "0"])
    assert "prosimy podać liczbę całkowitą od 1 wzwyż" in capsys.readouterr().err
