"""Run every benchmark in turn (`make bench`); each prints a table and RATIO lines (a figure
beside its target) or FIGURE lines (a figure without a target); the summary repeats them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_feed_serving.py",
    "bench_feed_render.py",
    "bench_reminder_run.py",
    "bench_due_query.py",
    "bench_catalog.py",
    "bench_catalog_serving.py",
    "bench_static_serving.py",
    "bench_import.py",
    "bench_publish.py",
    "bench_postgres.py",  # needs TEST_POSTGRES_URL: make bench starts a throwaway server
)


def main() -> int:
    failed = []
    ratios = []
    started = time.monotonic()
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        began = time.monotonic()
        proc = subprocess.run(
            [sys.executable, str(HERE / script)],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            failed.append(script)
        print(f"({script}: {time.monotonic() - began:.0f} s)", flush=True)
        ratios += [
            line for line in proc.stdout.splitlines() if line.startswith(("RATIO", "FIGURE"))
        ]
    print(f"\n=== summary ({time.monotonic() - started:.0f} s) ===")
    for line in ratios:
        print(line)
    for script in failed:
        print(f"FAILED {script}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
