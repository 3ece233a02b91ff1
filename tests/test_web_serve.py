"""`notifier serve` / `notifier web`: a real server in a subprocess, and start-up failures."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from ical_checks import check_ics

from notifier.cli import main

START_DEADLINE_SECONDS = 120  # a hang guard, not a speed limit: a busy machine may start slowly


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen[bytes]) -> httpx.Response:
    """Poll /healthz until it answers, the process dies, or the deadline passes."""
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode} before answering")
        try:
            return httpx.get(url, timeout=10)
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail(f"no answer from {url} within {START_DEADLINE_SECONDS} s")


@pytest.mark.parametrize("command", ["serve", "web"])
def test_serve_answers_health_and_the_feed_over_http(
    command: str, tmp_path: Path, seed_schedule_path: Path
) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env["NOTIFIER_SCHEDULE"] = str(seed_schedule_path)
    env["NOTIFIER_BASE_URL"] = "https://konkursy.example.pl/"
    process = subprocess.Popen(
        [sys.executable, "-m", "notifier.cli", command, "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        health = wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
        assert health.status_code == 200
        assert len(health.json()["version"]) == 12
        feed = httpx.get(f"http://127.0.0.1:{port}/calendar.ics", timeout=30)
        assert feed.status_code == 200
        assert len(check_ics(feed.content)) == 8
        assert b"URL:https://konkursy.example.pl/#" in feed.content
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert page.text.count("<tr data-task=") == 28
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr


def test_serve_with_an_invalid_schedule_stops_listing_its_problems(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "schedule.toml"
    bad.write_text('[harmonogram]\ntitle = "Harmonogram"\nyear = "2024"\n', encoding="utf-8")
    assert main(["serve", "--schedule", str(bad), "--port", str(free_port())]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err
    assert "year musi być rokiem" in err
    assert "brak sekcji" in err
    assert "Traceback" not in err


def test_web_with_a_bad_setting_stops_with_a_clear_line(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("NOTIFIER_BASE_URL", "konkursy.leszno.pl")
    assert main(["web", "--port", str(free_port())]) == 1
    err = capsys.readouterr().err
    assert "NOTIFIER_BASE_URL='konkursy.leszno.pl': must be an http:// or https:// URL" in err
