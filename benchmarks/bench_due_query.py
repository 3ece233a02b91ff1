"""Benchmark 4: deciding what is due, in the database, for 10,000 and 100,000 subscribers.

2,000 tasks; the day is the one closest to half the subscribers being due. The decision is
the reminder pass's own: due_windows (pure core) joined against the subscriber tables by one
indexed query per batch of subscriber ids, then grouped per subscriber. Target: the time for
100,000 subscribers at most 12x that for 10,000 (linear = 10x).
"""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path

from _reminders import DECIDE_BATCH, decide_all, due_count, half_due_day, seed
from synthetic import subscribers, synthetic_schedule

from notifier.store.db import open_database

TASKS = 2_000
SIZES = (10_000, 100_000)
REPEATS = {10_000: 2, 100_000: 1}  # best of; the large run is long enough to be steady
TARGET = 12.0


def main() -> None:
    schedule = synthetic_schedule(TASKS)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            crowd = list(subscribers(size))
            if size == SIZES[0]:
                choice = half_due_day(schedule, crowd)
            expected, windows = due_count(schedule, crowd, choice.now)
            url = f"sqlite:///{Path(tmp) / f'due-{size}.db'}"
            started = time.perf_counter()
            seed(url, crowd)
            seeded = time.perf_counter() - started
            del crowd
            db = open_database(url)
            try:
                best = float("inf")
                for _ in range(REPEATS[size]):
                    gc.collect()
                    started = time.perf_counter()
                    result = decide_all(db, schedule, choice.now)
                    best = min(best, time.perf_counter() - started)
            finally:
                db.dispose()
            if result.subscribers != expected:
                raise SystemExit(
                    f"{size}: the database found {result.subscribers} subscribers due, "
                    f"the pure core {expected}"
                )
            rows[size] = (best, result, windows, seeded)

    print(
        f"Deciding what is due (SQLite, the reminder pass's query per batch of "
        f"{DECIDE_BATCH} ids; best of {REPEATS[SIZES[0]]} / {REPEATS[SIZES[1]]}); {TASKS} tasks, "
        f"{choice.day.isoformat()} 08:00 Warsaw"
    )
    print(
        f"{'subscribers':>11} {'windows':>8} {'due':>8} {'due %':>6} {'rows':>9} "
        f"{'batches':>8} {'time s':>8} {'µs/subscr':>10} {'seed s':>7}"
    )
    for size, (seconds, result, windows, seeded) in rows.items():
        print(
            f"{size:>11} {windows:>8} {result.subscribers:>8} "
            f"{result.subscribers / size:>6.1%} {result.rows:>9} {result.batches:>8} "
            f"{seconds:>8.2f} {seconds / size * 1e6:>10.1f} {seeded:>7.1f}"
        )
    small, large = SIZES
    ratio = rows[large][0] / rows[small][0]
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(
        f"RATIO due-query time {large}/{small} = {ratio:.1f}x "
        f"(target <= {TARGET:.0f}x, linear = {large // small}x) {verdict}"
    )


if __name__ == "__main__":
    main()
