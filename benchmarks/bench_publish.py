"""Benchmark 10: static publishing at national scale (generated: 30 tasks per city).

In one run, each measurement in a child process of its own (its peak memory is its own):
(a) the worker's publisher (notifier.publish.publisher.Publisher, one check) publishing
    2,500 harmonograms into an empty directory, against a bare loop that gzips (the same
    level) and writes the same files' bytes (target: <= 3x);
(b) one harmonogram of the 2,500 edited, the same publisher's next check, against its full
    publication (target: <= 2 %), with how many files it rendered;
(c) peak memory (max RSS) of the full publication of 2,500 against 250 (target: <= 1.5x).
The figures per edit and per day for the sizing section of benchmarks/README.md are printed
as FIGURE lines.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_catalog

SMALL, LARGE = 250, 2_500
TARGET_LOOP, TARGET_EDIT, TARGET_MEMORY = 3.0, 0.02, 1.5
OWN = ".notifier-"


def child(folder: Path, out: Path, edit: bool) -> None:
    """One publisher: a full publication (and, with `edit`, one edit and the next check);
    prints a JSON line of seconds and counts."""
    from notifier.publish.publisher import Publisher
    from notifier.settings import load_settings

    settings = load_settings(
        schedule=folder,
        database_url=f"sqlite:///{out.parent / 'publish.db'}",
        base_url="https://konkursy.example.pl",
        publish_dir=out,
        log_level="WARNING",
        # The edit below is taken at the next check, not after the worker's settling time
        # (NOTIFIER_SCHEDULE_SETTLE, issue 25): the benchmark times the publication, not the wait.
        schedule_settle=0,
    )

    async def run() -> dict[str, float]:
        publisher = Publisher(settings, out)
        try:
            began, cpu = time.perf_counter(), time.process_time()
            full = await publisher.check()
            figures = {"full": time.perf_counter() - began, "full cpu": time.process_time() - cpu}
            assert full is not None
            figures["files"] = len(full.written)
            if edit:
                edit_one_city(folder)
                began, cpu = time.perf_counter(), time.process_time()
                again = await publisher.check()
                figures["edit"] = time.perf_counter() - began
                figures["edit cpu"] = time.process_time() - cpu
                assert again is not None
                figures["edit rendered"] = len(again.written) + len(again.unchanged)
                figures["edit written"] = len(again.written)
                figures["edit parts"] = len(again.parts)  # harmonograms' shares rendered
                figures["edit streamed"] = len(again.streamed)  # files of every city streamed
            return figures
        finally:
            await publisher.close()

    figures = asyncio.run(run())
    figures["max rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(figures))


def edit_one_city(folder: Path) -> None:
    """Change one task's title in Gmina Testowa 7, as an editor saving a second later would."""
    edited = next(folder.rglob("gmina-00007-*.toml"))
    text = edited.read_text(encoding="utf-8")
    changed = text.replace('title = "', 'title = "(zmiana) ', 1)
    assert changed != text
    edited.write_text(changed, encoding="utf-8")
    stamp = os.stat(edited).st_mtime_ns + 10**9
    os.utime(edited, ns=(stamp, stamp))


def run_child(folder: Path, out: Path, *, edit: bool) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(out), "edit" if edit else "full"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"publishing child failed:\n{proc.stderr}")
    figures: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return figures


def bare_loop(site: Path, scratch: Path) -> tuple[float, float, int]:
    """Seconds (wall clock, and CPU time of this process) to gzip (level 9, as the publisher)
    and write every published file's bytes (the file and its twin) into `scratch`; reading
    them back is not counted. And the bytes."""
    spent, cpu, total = 0.0, 0.0, 0
    for number, path in enumerate(sorted(site.rglob("*"))):
        own = any(part.startswith(OWN) for part in path.relative_to(site).parts)
        if not path.is_file() or path.name.endswith(".gz") or own:
            continue  # the publisher's own files (manifest, kept parts) are not the site
        body = path.read_bytes()
        total += len(body)
        began, cpu_began = time.perf_counter(), time.process_time()
        target = scratch / f"{number}"
        target.write_bytes(body)
        Path(f"{target}.gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
        spent += time.perf_counter() - began
        cpu += time.process_time() - cpu_began
    return spent, cpu, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=SMALL, help="harmonograms of (c)'s base")
    parser.add_argument("--large", type=int, default=LARGE, help="harmonograms of (a)-(c)")
    args = parser.parse_args()
    small, large_count = args.small, args.large
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp_name:
        tmp = Path(tmp_name)
        runs = {}
        for count in (small, large_count):
            folder, out = tmp / f"cat-{count}", tmp / f"run-{count}" / "site"
            out.parent.mkdir()
            write_catalog(folder, count)
            runs[count] = run_child(folder, out, edit=count == large_count)
            print(f"{count} harmonograms: {runs[count]['files']:.0f} files published in "
                  f"{runs[count]['full']:.1f} s, peak {runs[count]['max rss'] / 2**20:.0f} MB",
                  flush=True)  # fmt: skip
        large = runs[large_count]
        scratch = tmp / "scratch"
        scratch.mkdir()
        loop, loop_cpu, total = bare_loop(tmp / f"run-{large_count}" / "site", scratch)
        print(f"bare gzip+write loop over the same {total / 2**20:.0f} MB: {loop:.1f} s "
              f"({loop_cpu:.1f} s CPU)")  # fmt: skip
        print(f"one edit among {large_count}: {large['edit']:.2f} s, {large['edit rendered']:.0f} "
              f"files rendered, {large['edit written']:.0f} written, "
              f"{large['edit parts']:.0f} harmonograms' parts rendered, "
              f"{large['edit streamed']:.0f} files of every city streamed")  # fmt: skip

    ratio = large["full"] / loop
    print(f"RATIO full publish of {large_count} vs bare gzip+write loop = {ratio:.2f}x "
          f"(target <= {TARGET_LOOP:.0f}x) {'ok' if ratio <= TARGET_LOOP else 'MISSED'}")  # fmt: skip
    share = large["edit"] / large["full"]
    print(f"RATIO re-publish after one edit vs full publish of {large_count} = {share * 100:.2f} % "
          f"(target <= {TARGET_EDIT * 100:.0f} %) {'ok' if share <= TARGET_EDIT else 'MISSED'}")  # fmt: skip
    memory = large["max rss"] / runs[small]["max rss"]
    print(f"RATIO peak memory publishing {large_count} vs {small} = {memory:.2f}x "
          f"(target <= {TARGET_MEMORY}x) {'ok' if memory <= TARGET_MEMORY else 'MISSED'}")  # fmt: skip
    # On a machine shared with other work the wall clock of each phase depends on what else
    # ran meanwhile; CPU time (this process's and the child's, all threads) much less.
    print(f"FIGURE CPU time: full publish {large['full cpu']:.0f} s vs bare loop "
          f"{loop_cpu:.0f} s = {large['full cpu'] / loop_cpu:.2f}x; re-publish after one edit "
          f"{large['edit cpu']:.2f} s = {large['edit cpu'] / large['full cpu'] * 100:.2f} % "
          "of the full publish")  # fmt: skip
    print(f"FIGURE publish {large_count} harmonograms = {large['full']:.0f} s, "
          f"{large['files']:.0f} files, {large['max rss'] / 2**20:.0f} MB peak")  # fmt: skip
    print(f"FIGURE re-publish after one edit among {large_count} = {large['edit']:.1f} s "
          f"({large['edit rendered']:.0f} files rendered)")  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "edit")
    else:
        main()
