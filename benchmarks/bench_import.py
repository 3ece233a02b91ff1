"""`notifier import` of a long PDF: seconds and peak memory for a 20-page (22 in fact) ruled
harmonogram (benchmarks/data/harmonogram-20-stron.pdf, made by scripts/make_import_fixtures.py:
Leszno's departments nine times over, 252 tasks). Prints FIGURE lines (no target: the issue
asks for the figures)."""

from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path

from notifier.documents import import_document

DOCUMENT = Path(__file__).resolve().parent / "data" / "harmonogram-20-stron.pdf"
RUNS = 3


def main() -> None:
    data = DOCUMENT.read_bytes()
    times = []
    tasks = 0
    for _ in range(RUNS):
        began = time.perf_counter()
        result = import_document(data, DOCUMENT.name, city="Leszno")
        times.append(time.perf_counter() - began)
        tasks = len(list(result.schedule.tasks()))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'document':40} {'tasks':>6} {'median s':>9} {'max s':>7}")
    print(f"{DOCUMENT.name:40} {tasks:6} {statistics.median(times):9.2f} {max(times):7.2f}")
    print(
        f"FIGURE import 20-page PDF: {statistics.median(times):.1f} s (median of {RUNS}), {tasks} tasks"
    )
    print(
        f"FIGURE import 20-page PDF peak memory: parser process {child:.0f} MB, caller {own:.0f} MB"
    )


if __name__ == "__main__":
    main()
