"""Benchmark 6: the cross-city /topics/sport.ics of 2,500 harmonograms (75,000 tasks) served
from the cache by a real uvicorn, against the bare-bytes limit measured in the same run (as
in bench_feed_serving.py; targets: full >= 0.8, 304 >= 0.9)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench_feed_serving import (
    TARGET_304,
    TARGET_FULL,
    Case,
    Pair,
    free_port,
    measure,
    report,
    start_server,
    wait_ready,
)
from synthetic import write_catalog

CITIES = 2_500
TOPIC = "sport"

PAIRS = (
    Pair(
        f"catalog-serving full /topics/{TOPIC}.ics ({CITIES} cities) req/s vs bare",
        Case(f"/topics/{TOPIC}.ics  200", f"/topics/{TOPIC}.ics"),
        Case("  bare Response, same bytes", "/bare/topic.ics"),
        TARGET_FULL,
    ),
    Pair(
        f"catalog-serving 304 /topics/{TOPIC}.ics ({CITIES} cities) req/s vs bare 304",
        Case(f"/topics/{TOPIC}.ics  304", f"/topics/{TOPIC}.ics", etag_of=f"/topics/{TOPIC}.ics"),
        Case("  bare 304, no body", "/bare/not-modified/topic.ics"),
        TARGET_304,
    ),
)


def main() -> None:
    use_wrk = shutil.which("wrk") is not None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "harmonogramy"
        tasks = write_catalog(folder, CITIES)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(folder, port, TOPIC)
        try:
            wait_ready(proc, base, timeout=300)
            results, ratios = measure(base, port, use_wrk, PAIRS)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    report(results, ratios, use_wrk, PAIRS, f"{CITIES} harmonograms, {tasks} tasks")


if __name__ == "__main__":
    main()
