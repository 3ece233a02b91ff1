"""/metrics across processes: a PROMETHEUS_MULTIPROC_DIR that cannot be written stops `notifier
web` and `notifier worker` at start with one clear line. How separate processes and uvicorn's
--workers add up their counts there is tested with the other multi-process checks, in
test_web_workers.py (one set of servers for all of them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from server_process import free_port


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
