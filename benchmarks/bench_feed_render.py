"""Benchmark 2: time and peak memory to render the calendar for 200, 2,000 and 20,000 tasks.

Target: cost grows linearly — rendering 20,000 tasks takes at most 12x the time of 2,000.
"""

from __future__ import annotations

import gc
import time
import tracemalloc

from synthetic import synthetic_schedule

from notifier.core.announcements import group_announcements
from notifier.core.feed import render_calendar

SIZES = (200, 2_000, 20_000)
TARGET = 12.0


def measure(n_tasks: int) -> tuple[float, float, int, int]:
    schedule = synthetic_schedule(n_tasks)
    repeats = max(1, 6_000 // n_tasks)
    best = float("inf")
    for _ in range(repeats if n_tasks < 20_000 else 2):
        gc.collect()
        started = time.perf_counter()
        data = render_calendar(schedule, base_url="https://konkursy.example.org")
        best = min(best, time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    render_calendar(schedule, base_url="https://konkursy.example.org")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20, len(group_announcements(schedule)), len(data)


def main() -> None:
    rows = {n: measure(n) for n in SIZES}
    print("Feed rendering (render_calendar, best of several runs; peak from tracemalloc)")
    print(f"{'tasks':>8} {'events':>8} {'bytes':>11} {'time s':>9} {'µs/task':>9} {'peak MiB':>9}")
    for n, (seconds, peak, events, size) in rows.items():
        print(
            f"{n:>8} {events:>8} {size:>11} {seconds:>9.3f} {seconds / n * 1e6:>9.1f} {peak:>9.1f}"
        )
    ratio = rows[20_000][0] / rows[2_000][0]
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(
        f"RATIO feed-render time 20000/2000 = {ratio:.1f}x (target <= {TARGET:.0f}x, linear = 10x) {verdict}"
    )


if __name__ == "__main__":
    main()
