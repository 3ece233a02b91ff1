"""Benchmark 5: many harmonograms in one service (generated: 30 tasks per city).

(a) Loading a directory of 250 vs 2,500 harmonograms (7,500 vs 75,000 tasks): time (target:
    linear, <= 12x for 10x the files) and peak traced memory per 1,000 tasks.
(b) One file edited among 2,500: after the rescan, the first request of the cross-city
    /topics/sport.ics (it includes the edited city: one harmonogram's events are rendered
    again, the rest come from the cache) and of another city's feed (served as it was),
    against the first cold rendering of the cross-city feed.
The cross-city feed served from cache against the bare-bytes limit is in
bench_catalog_serving.py.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

import httpx
from synthetic import write_catalog

from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app

SMALL, LARGE = 250, 2_500
TARGET_LINEAR = 12.0


def load_seconds(folder: Path) -> float:
    gc.collect()
    started = time.perf_counter()
    source = CatalogSource(folder)
    elapsed = time.perf_counter() - started
    assert source.snapshot().catalog.entries
    return elapsed


def load_peak(folder: Path) -> int:
    gc.collect()
    tracemalloc.start()
    source = CatalogSource(folder)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del source
    return peak


def edit_first_city(folder: Path) -> None:
    """Change Gmina Testowa 1's title, as an editor saving a second later would."""
    edited = next(folder.rglob("gmina-00001-*.toml"))
    text = edited.read_text(encoding="utf-8").replace("Harmonogram", "Harmonogram (zmiana)")
    edited.write_text(text, encoding="utf-8")
    stamp = os.stat(edited).st_mtime_ns + 10**9
    os.utime(edited, ns=(stamp, stamp))


class _Renders(logging.Handler):
    """Counts the harmonograms whose events the feed cache renders (it logs each at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("events of "):
            self.count += 1


async def edit_one(folder: Path, tmp: Path) -> dict[str, float]:
    settings = load_settings(
        schedule=folder,
        base_url="https://konkursy.example.org",
        database_url=f"sqlite:///{tmp / 'bench.db'}",
    )
    source = CatalogSource(folder, background=True)  # as the web app has it
    app = create_app(settings, catalog_source=source)
    renders = _Renders()
    logger = logging.getLogger("notifier.web.feed_cache")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(renders)
    out: dict[str, float] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

        async def timed(path: str) -> tuple[float, int]:
            before = renders.count
            started = time.perf_counter()
            response = await client.get(path, headers={"Accept-Encoding": "gzip"})
            response.raise_for_status()
            return time.perf_counter() - started, renders.count - before

        out["cold cross-city"], out["cold renders"] = await timed("/topics/sport.ics")
        await timed("/gmina-testowa-2/calendar.ics")
        out["cached cross-city"], _ = await timed("/topics/sport.ics")
        edit_first_city(folder)
        started = time.perf_counter()
        source.settle()
        out["rescan"] = time.perf_counter() - started
        out["after edit cross-city"], out["after edit renders"] = await timed("/topics/sport.ics")
        out["after edit other city"], out["other city renders"] = await timed(
            "/gmina-testowa-2/calendar.ics"
        )
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folders = {}
        tasks = {}
        for n in (SMALL, LARGE):
            folders[n] = tmp / f"catalog-{n}"
            tasks[n] = write_catalog(folders[n], n)
        load_seconds(folders[SMALL])  # warm the imports and the file cache
        # The best of two loads each: other work on the machine only ever adds time.
        seconds = {n: min(load_seconds(folders[n]) for _ in range(2)) for n in (SMALL, LARGE)}
        peaks = {n: load_peak(folders[n]) for n in (SMALL, LARGE)}
        edit = asyncio.run(edit_one(folders[LARGE], tmp))

    print("Loading a directory of harmonograms (CatalogSource: read, parse, index)")
    print(
        f"{'files':>6} {'tasks':>7} {'seconds':>8} {'µs/task':>8} {'peak MiB':>9} {'KiB/1000 tasks':>15}"
    )
    for n in (SMALL, LARGE):
        per_task = seconds[n] / tasks[n] * 1e6
        per_1000 = peaks[n] / 1024 / (tasks[n] / 1000)
        print(
            f"{n:>6} {tasks[n]:>7} {seconds[n]:>8.2f} {per_task:>8.0f} "
            f"{peaks[n] / 2**20:>9.1f} {per_1000:>15.0f}"
        )
    print()
    print(f"One file edited among {LARGE} (in-process over ASGI, gzip):")
    print(f"  cold /topics/sport.ics: {edit['cold cross-city']:.2f} s "
          f"({edit['cold renders']:.0f} harmonograms rendered)")  # fmt: skip
    print(f"  cached /topics/sport.ics: {edit['cached cross-city'] * 1e3:.1f} ms")
    print(f"  rescan of the directory after the edit: {edit['rescan'] * 1e3:.0f} ms")
    print(f"  first /topics/sport.ics after the edit: {edit['after edit cross-city']:.2f} s "
          f"({edit['after edit renders']:.0f} harmonogram rendered)")  # fmt: skip
    print(f"  first /gmina-testowa-2/calendar.ics after the edit: "
          f"{edit['after edit other city'] * 1e3:.1f} ms "
          f"({edit['other city renders']:.0f} rendered)")  # fmt: skip
    ratio = seconds[LARGE] / seconds[SMALL]
    verdict = "ok" if ratio <= TARGET_LINEAR else "MISSED"
    print(f"RATIO catalog load {LARGE} vs {SMALL} files = {ratio:.1f}x "
          f"(target <= {TARGET_LINEAR:.0f}x) {verdict}")  # fmt: skip
    renders_ok = edit["after edit renders"] == 1 and edit["other city renders"] == 0
    print(f"RATIO harmonograms re-rendered after a one-file edit = "
          f"{edit['after edit renders']:.0f} (target == 1) {'ok' if renders_ok else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
