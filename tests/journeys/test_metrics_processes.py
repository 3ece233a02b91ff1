"""/metrics across processes: with PROMETHEUS_MULTIPROC_DIR, every `notifier web` process
(separate ones, or uvicorn's --workers) writes its counters there and each scrape adds up all
of them, those of processes that have ended too."""

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

BASE_URL = "https://konkursy.example.pl"
READY_DEADLINE_SECONDS = 180  # a hang guard, not a speed limit: a busy machine starts slowly
FEED = "/calendar.ics"


class Web:
    """A `notifier web` process on a free port, with metrics on."""

    def __init__(self, tmp_path: Path, schedule: Path, multiproc: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
        env |= {
            "NOTIFIER_SCHEDULE": str(schedule),
            "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp_path / 'subscribers.db'}",
            "NOTIFIER_BASE_URL": BASE_URL,
            "NOTIFIER_METRICS": "true",
            "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(self.port), *extra],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def wait_ready(self) -> None:
        """Poll /readyz until it answers 200, the process dies, or the (generous) deadline."""
        deadline = time.monotonic() + READY_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.url} exited with {self.process.returncode}: {self.stop()}")
            try:
                if httpx.get(self.url + "/readyz", timeout=10).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # between polls only: the deadline is what bounds the wait
        pytest.fail(f"{self.url} not ready within {READY_DEADLINE_SECONDS} s")

    def get_feed(self, times: int) -> None:
        for _ in range(times):
            assert httpx.get(self.url + FEED, timeout=30).status_code == 200

    def feed_requests(self) -> float:
        """notifier_feed_requests_total for the feed's 200s, as this process's /metrics says."""
        response = httpx.get(self.url + "/metrics", timeout=30)
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
        """Terminate (if running) and return what it wrote to stderr."""
        if self.process.poll() is None:
            self.process.terminate()
        _, stderr = self.process.communicate(timeout=60)
        return stderr.decode(errors="replace")


@pytest.fixture
def multiproc(tmp_path: Path) -> Path:
    """PROMETHEUS_MULTIPROC_DIR, not made yet: the first process creates it."""
    return tmp_path / "prometheus" / "multiproc"


@pytest.fixture
def webs() -> Iterator[list[Web]]:
    started: list[Web] = []
    yield started
    errors = [web.stop() for web in started]
    assert not [e for e in errors if "Traceback" in e], errors


def test_separate_processes_add_up_their_counts_ended_ones_included(
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


def test_web_with_two_workers_counts_every_request_once(
    tmp_path: Path, schedule_file: Path, multiproc: Path, webs: list[Web]
) -> None:
    web = Web(tmp_path, schedule_file, multiproc, "--workers", "2")
    webs.append(web)
    web.wait_ready()
    web.get_feed(20)  # answered by whichever worker takes each connection
    assert web.feed_requests() == 20


@pytest.mark.parametrize("command", ["web", "worker"])
def test_a_directory_that_cannot_be_written_stops_start_up_with_a_clear_line(
    command: str, tmp_path: Path, schedule_file: Path
) -> None:
    not_a_directory = tmp_path / "prometheus"
    not_a_directory.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(schedule_file),
        "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp_path / 'subscribers.db'}",
        "PROMETHEUS_MULTIPROC_DIR": str(not_a_directory),
    }
    port = ["--port", str(free_port())] if command == "web" else []
    done = subprocess.run(
        [sys.executable, "-m", "notifier.cli.main", command, *port],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"PROMETHEUS_MULTIPROC_DIR={not_a_directory}" in done.stderr
    assert "Prosimy wskazać katalog" in done.stderr
