"""More than one process: separate `notifier web` processes and `notifier web --workers N`.

Feed validators come from the content (ETag: a hash of the bytes) and the schedule (its
Last-Modified), never from a process's memory or start time, so every process answers alike
and a client's conditional request is answered 304 by whichever process it reaches. With
PROMETHEUS_MULTIPROC_DIR every process writes its counters there and each scrape of /metrics
adds up all of them, those of processes that have ended too. Each process notices an edited
schedule file by itself, though no request came.

Each process start costs seconds on a busy machine, so one test holds each set-up: separate
processes (validators and counts), and one `--workers 2` server (validators, counts, reloads).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from server_process import free_port
from web_fixtures import write_and_bump

from notifier.cli.main import main

BASE_URL = "https://konkursy.example.pl"
PATHS = ("/calendar.ics", "/topics/sport.ics", "/departments/mopr.ics", "/calendar.ics?alarm=7")
FEED = "/calendar.ics"
# Hang guards, not speed limits: a busy machine starts processes slowly; the watcher looks
# every NOTIFIER_SCHEDULE_POLL seconds.
READY_DEADLINE_SECONDS = 180
WAIT_SECONDS = 60
OLD_TITLE = "organizacja wydarzeń towarzyszących Winobraniu"
NEW_TITLE = "organizacja Winobrania – nowa nazwa zadania"


class Web:
    """A `notifier web` process on a free port, with metrics on; its stderr (the log) in a file."""

    def __init__(self, tmp_path: Path, schedule: Path, multiproc: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"web-{self.port}.log"
        # A new connection for each request (so uvicorn's workers take turns), one client for
        # all of them (httpx.get would build a TLS context, ~20 ms of CPU, each time).
        self.client = httpx.Client(
            base_url=self.url, timeout=30, limits=httpx.Limits(max_keepalive_connections=0)
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
        env |= {
            "NOTIFIER_SCHEDULE": str(schedule),
            "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp_path / 'subscribers.db'}",
            "NOTIFIER_BASE_URL": BASE_URL,
            "NOTIFIER_METRICS": "true",
            "NOTIFIER_SCHEDULE_SETTLE": "0",  # the edit below is read at once…
            "NOTIFIER_SCHEDULE_POLL": "0.1",  # …once seen: each worker looks this often
            "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "notifier.cli.main",
                    "web",
                    "--port",
                    str(self.port),
                    *extra,
                ],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self) -> None:
        """Poll /readyz until it answers 200, the process dies, or the (generous) deadline."""
        deadline = time.monotonic() + READY_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.url} exited with {self.process.returncode}: {self.stop()}")
            try:
                if self.client.get("/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # between polls only: the deadline is what bounds the wait
        pytest.fail(f"{self.url} not ready within {READY_DEADLINE_SECONDS} s")

    def wait_logged(self, text: str, times: int, what: str) -> None:
        """Wait (sending no request) until the log holds `text` `times` times."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.logged().count(text) < times:
            assert time.monotonic() < deadline, what
            time.sleep(0.05)

    def get(self, path: str, **headers: str) -> httpx.Response:
        return self.client.get(path, headers=headers)

    def get_feed(self, times: int) -> list[httpx.Response]:
        answers = [self.get(FEED) for _ in range(times)]
        assert [a.status_code for a in answers] == [200] * times
        return answers

    def feed_requests(self) -> float:
        """notifier_feed_requests_total for the feed's 200s, as this process's /metrics says."""
        response = self.client.get("/metrics")
        assert response.status_code == 200
        found = [
            sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
            if sample.name == "notifier_feed_requests_total"
            and sample.labels == {"route": FEED, "status": "200"}
        ]
        assert len(found) <= 1, found  # one series, not one per process
        return found[0] if found else 0.0

    def stop(self) -> str:
        """Terminate (if running) and return its log."""
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=60)
        self.client.close()
        return self.logged()


@pytest.fixture
def multiproc(tmp_path: Path) -> Path:
    """PROMETHEUS_MULTIPROC_DIR, not made yet: the first process creates it."""
    return tmp_path / "prometheus" / "multiproc"


@pytest.fixture
def webs() -> Iterator[list[Web]]:
    started: list[Web] = []
    yield started
    logs = [web.stop() for web in started]
    assert not [log for log in logs if "Traceback" in log], logs


def _same_validators(one: Web, other: Web, path: str, encoding: str) -> None:
    a = one.get(path, **{"Accept-Encoding": encoding})
    b = other.get(path, **{"Accept-Encoding": encoding})
    assert a.status_code == b.status_code == 200, path
    assert a.headers["etag"] == b.headers["etag"], path
    assert a.headers["last-modified"] == b.headers["last-modified"], path
    assert a.content == b.content, path
    # A client that cached the feed from one process is told 304 by the other.
    again = other.get(path, **{"Accept-Encoding": encoding, "If-None-Match": a.headers["etag"]})
    assert again.status_code == 304, path
    since = other.get(path, **{"If-Modified-Since": a.headers["last-modified"]})
    assert since.status_code == 304, path


def test_separate_processes_send_the_same_validators_and_add_up_their_counts(
    tmp_path: Path, schedule_file: Path, multiproc: Path, webs: list[Web]
) -> None:
    # Both start at once on the new database (one migrates, the other waits for it).
    first, second = Web(tmp_path, schedule_file, multiproc), Web(tmp_path, schedule_file, multiproc)
    webs += [first, second]
    first.wait_ready()
    second.wait_ready()
    first.get_feed(3)
    second.get_feed(2)
    assert first.feed_requests() == 5
    assert second.feed_requests() == 5

    assert "Traceback" not in second.stop()  # an ended process's counts stay in the sum
    assert first.feed_requests() == 5
    third = Web(tmp_path, schedule_file, multiproc)  # as a restarted process would
    webs.append(third)
    third.wait_ready()
    third.get_feed(1)
    assert first.feed_requests() == third.feed_requests() == 6

    for path, encoding in [(p, e) for p in PATHS for e in ("identity", "gzip")]:
        _same_validators(first, third, path, encoding)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found += [int(child) for child in text.split()]
    return found


def _workers(pid: int) -> list[int]:
    """uvicorn's worker processes under `pid` (not multiprocessing's resource tracker)."""
    return [
        child
        for child in _children(pid)
        if b"multiprocessing" in Path(f"/proc/{child}/cmdline").read_bytes()
        and b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def test_two_workers_answer_alike_count_each_request_once_and_each_read_an_edit(
    tmp_path: Path, examples_dir: Path, multiproc: Path, webs: list[Web]
) -> None:
    """`notifier web --workers 2` over a directory of harmonograms: two worker processes, the
    same validators whichever answers, every request counted once, and each worker logs the
    reload of an edited file though no request came."""
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    for name in ("zielona-gora-2025.toml", "przykladowo-2025.toml"):
        (folder / name).write_bytes((examples_dir / name).read_bytes())
    edited = folder / "zielona-gora-2025.toml"
    web = Web(tmp_path, folder, multiproc, "--workers", "2")
    webs.append(web)
    web.wait_ready()
    assert len(_workers(web.process.pid)) == 2
    web.wait_logged(f"Loaded schedule {edited}", 3, "both workers did not start")  # and the parent

    answers = web.get_feed(20)  # answered by whichever worker takes each connection
    assert len({(a.headers["etag"], a.headers["last-modified"], a.content) for a in answers}) == 1
    assert web.feed_requests() == 20
    etag = answers[0].headers["etag"]
    assert {web.get(FEED, **{"If-None-Match": etag}).status_code for _ in range(6)} == {304}

    write_and_bump(edited, edited.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE))
    web.wait_logged(f"Reloaded schedule {edited}", 2, "each worker did not read the edit by itself")


def test_workers_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["web", "--workers", "0"])
    assert "prosimy podać liczbę całkowitą od 1 do 64" in capsys.readouterr().err
