"""Benchmark 3: one whole reminder pass for 20,000 subscribers, against the SMTP limit.

A seeded SQLite database of active subscribers, a 200-task schedule and the day closest to
half of them being due; the real run_reminder_pass (decide in SQL, claim, mint links, render,
send, record) delivers to an aiosmtpd sink in its own process. The limit: the same number of
the pass's own messages, pre-rendered, pushed by a bare aiosmtplib loop over the same number
of connections to the same sink, once just before the pass (the messages of a small warm-up
pass) and once just after it; the pass is compared with the mean. Then peak memory of a pass for 10,000 and 100,000
subscribers, each in a fresh process. Targets: >= 0.8 of the limit; 100k <= 1.5x 10k memory.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parseaddr
from pathlib import Path

import aiosmtplib
from _reminders import HERE, DayChoice, Sink, due_count, scan_days, seed, timed
from synthetic import schedule_toml, subscribers, synthetic_schedule

from notifier.core.catalog import Catalog
from notifier.core.schedule import Schedule
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.mail.transports import backend_from_settings
from notifier.settings import load_settings
from notifier.store.db import open_database
from notifier.store.models import SENT

# 200 tasks keep a reminder email realistic (about 7 tasks, 16 KB) on the run-up day; with
# 2,000 tasks every due subscriber's first email lists about 60 tasks (110 KB).
TASKS = 200
SUBSCRIBERS = 20_000
MEMORY_SIZES = (10_000, 100_000)
KEEP = 500  # messages the sink keeps for the limit run (cycled)
WARM_UP = 2_000  # subscribers of the pass whose messages the limit before the pass pushes
MEMORY_BUDGET = 75.0  # seconds the 100k memory pass may take, projected from the main run
TARGET_RATE = 0.8
TARGET_MEMORY = 1.5
BASE_URL = "https://konkursy.example.org"


@dataclass(frozen=True)
class Run:
    messages: int
    size: float  # bytes per message at the sink
    seconds: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds


@dataclass(frozen=True)
class Memory:
    subscribers: int
    emails: int
    seconds: float
    baseline_mib: float
    peak_mib: float


async def push(
    port: int, envelopes: list[tuple[str, str, bytes]], count: int, connections: int
) -> None:
    """The limit: `count` pre-rendered messages, round-robin over `connections` connections."""

    async def connection(first: int) -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
        async with client:
            for i in range(first, count, connections):
                sender, recipient, data = envelopes[i % len(envelopes)]
                await client.sendmail(sender, [recipient], data)

    await asyncio.gather(*(connection(k) for k in range(connections)))


def envelopes(keep_dir: Path) -> list[tuple[str, str, bytes]]:
    out = []
    for path in sorted(keep_dir.glob("*.eml")):
        data = path.read_bytes()
        headers = BytesHeaderParser().parsebytes(data)
        sender = parseaddr(str(headers["From"]))[1]
        recipient = getaddresses([str(headers["To"])])[0][1]
        out.append((sender, recipient, data))
    return out


def send_pass(
    url: str, count: int, schedule: Schedule, schedule_path: Path, choice: DayChoice, sink: Sink
) -> tuple[Run, int]:
    """A whole reminder pass over `count` subscribers seeded at `url` to the sink;
    (run, SMTP connections)."""
    settings = load_settings(
        schedule=schedule_path,
        database_url=url,
        smtp_url=f"smtp://127.0.0.1:{sink.port}",
        base_url=BASE_URL,
    )
    before, before_size, _ = sink.counts()
    db = open_database(url)
    try:
        report, seconds = timed(
            run_reminder_pass(
                RunContext(
                    settings,
                    db,
                    backend_from_settings(settings),
                    Catalog.single(schedule),
                    choice.now,
                )
            )
        )
    finally:
        db.dispose()
    total, total_size, _ = sink.counts()
    sent, size = total - before, total_size - before_size
    expected = due_count(schedule, list(subscribers(count)), choice.now)[0]
    if report.count(SENT) != expected or sent != expected:
        raise SystemExit(
            f"expected {expected} reminders, the pass reported "
            f"{report.count(SENT)} sent and the sink received {sent}"
        )
    return Run(sent, size / sent, seconds), settings.smtp_max_connections


def limit_run(sink: Sink, keep_dir: Path, count: int, connections: int) -> Run:
    """The bare aiosmtplib loop: `count` of the kept messages over `connections`."""
    before, before_size, _ = sink.counts()
    _, seconds = timed(push(sink.port, envelopes(keep_dir), count, connections))
    total, total_size, _ = sink.counts()
    if total - before != count:
        raise SystemExit(f"the limit run delivered {total - before} of {count}")
    return Run(count, (total_size - before_size) / count, seconds)


def main_run(
    tmp: Path, schedule: Schedule, schedule_path: Path, choice: DayChoice
) -> tuple[Run, Run, Run, int]:
    """(pass, limit before, limit after, connections).

    The limit runs just before and just after the pass, and the pass is compared with their
    mean: on a shared machine the load changes within a minute, and a single limit run after
    the pass put the change on one side only (0.18-1.3 from run to run). The limit before
    pushes the messages of a small warm-up pass (the same schedule and day), the limit after
    those of the pass itself.
    """
    warm_dir, keep_dir = tmp / "kept-warm-up", tmp / "kept"
    warm_dir.mkdir()
    keep_dir.mkdir()
    warm_url, url = f"sqlite:///{tmp / 'warm-up.db'}", f"sqlite:///{tmp / 'run.db'}"
    seed(warm_url, subscribers(WARM_UP))
    seed(url, subscribers(SUBSCRIBERS))
    with Sink(warm_dir, KEEP) as sink:
        warm_up, connections = send_pass(warm_url, WARM_UP, schedule, schedule_path, choice, sink)
        if warm_up.messages < KEEP:
            raise SystemExit(f"the warm-up pass sent {warm_up.messages} < {KEEP} messages")
        first = limit_run(sink, warm_dir, choice.due_subscribers, connections)
    with Sink(keep_dir, KEEP) as sink:  # the same sink, keeping the pass's first messages
        passed, _ = send_pass(url, SUBSCRIBERS, schedule, schedule_path, choice, sink)
        second = limit_run(sink, keep_dir, passed.messages, connections)
    return passed, first, second, connections


def memory_day(days: list[DayChoice], main: DayChoice, per_email: float) -> DayChoice:
    """The main run's day if the 100k pass fits MEMORY_BUDGET, else the busiest day that does."""
    scale = MEMORY_SIZES[-1] / main.subscribers

    def fits(c: DayChoice) -> bool:
        return c.due_subscribers * scale * per_email <= MEMORY_BUDGET

    if fits(main):
        return main
    candidates = [c for c in days if c.due_subscribers and c.fraction <= main.fraction]
    fitting = [c for c in candidates if fits(c)]
    if fitting:
        return max(fitting, key=lambda c: c.fraction)
    return min(candidates, key=lambda c: c.fraction)


def memory_run(tmp: Path, schedule_path: Path, day: DayChoice, size: int) -> Memory:
    url = f"sqlite:///{tmp / f'memory-{size}.db'}"
    seed(url, subscribers(size))
    outbox = tmp / f"outbox-{size}"
    out = subprocess.run(
        [sys.executable, str(HERE / "_reminder_memory.py"), url, str(schedule_path),
         day.now.isoformat(), str(outbox)],
        cwd=HERE, capture_output=True, text=True, check=True, timeout=900,
    ).stdout  # fmt: skip
    baseline, peak, emails, seconds = out.split()
    return Memory(size, int(emails), float(seconds), int(baseline) / 1024, int(peak) / 1024)


def main() -> None:
    schedule = synthetic_schedule(TASKS)
    crowd = list(subscribers(SUBSCRIBERS))
    days = scan_days(schedule, crowd)
    choice = min(days, key=lambda c: abs(c.fraction - 0.5))
    del crowd
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        schedule_path = tmp / "schedule.toml"
        schedule_path.write_text(schedule_toml(TASKS), encoding="utf-8")
        passed, first, second, connections = main_run(tmp, schedule, schedule_path, choice)
        mem_day = memory_day(days, choice, passed.seconds / passed.messages)
        memory = [memory_run(tmp, schedule_path, mem_day, size) for size in MEMORY_SIZES]
    for m in memory:
        expected, _ = due_count(schedule, list(subscribers(m.subscribers)), mem_day.now)
        if m.emails != expected:
            raise SystemExit(f"{m.subscribers}: {m.emails} emails written, {expected} due")

    limit_rate = (first.rate + second.rate) / 2
    ratio = passed.rate / limit_rate
    print(
        f"Reminder run: {SUBSCRIBERS} active subscribers, {TASKS} tasks, "
        f"{choice.day.isoformat()} 08:00 Warsaw: {choice.due_subscribers} due "
        f"({choice.fraction:.1%}, computed by the pure core, day closest to half); "
        f"aiosmtpd sink in its own process, {connections} SMTP connections"
    )
    print(f"{'run':<44} {'messages':>8} {'bytes/msg':>9} {'time s':>8} {'msg/s':>7} {'ratio':>6}")
    print(
        f"{'run_reminder_pass (query → record)':<44} {passed.messages:>8} {passed.size:>9.0f} "
        f"{passed.seconds:>8.1f} {passed.rate:>7.0f} {ratio:>6.2f}"
    )
    for label, limit in (("limit before the pass", first), ("limit after the pass", second)):
        print(
            f"{label + ': bare aiosmtplib':<44} {limit.messages:>8} {limit.size:>9.0f} "
            f"{limit.seconds:>8.1f} {limit.rate:>7.0f} {passed.rate / limit.rate:>6.2f}"
        )
    print(f"{'limit: mean of the two':<44} {'':>8} {'':>9} {'':>8} {limit_rate:>7.0f}")
    note = "" if mem_day == choice else " (the main day would take too long at this speed)"
    print(
        f"memory: peak RSS during the pass (VmHWM), a fresh process per size, Outbox to a tmp "
        f"dir, {mem_day.day.isoformat()} ({mem_day.fraction:.1%} due){note}"
    )
    print(
        f"{'subscribers':>11} {'emails':>8} {'time s':>8} {'msg/s':>7} "
        f"{'start MiB':>10} {'peak MiB':>9} {'pass +MiB':>9}"
    )
    for m in memory:
        print(
            f"{m.subscribers:>11} {m.emails:>8} {m.seconds:>8.1f} {m.emails / m.seconds:>7.0f} "
            f"{m.baseline_mib:>10.1f} {m.peak_mib:>9.1f} {m.peak_mib - m.baseline_mib:>9.1f}"
        )
    verdict = "ok" if ratio >= TARGET_RATE else "MISSED"
    print(
        f"RATIO reminder-run msg/s vs bare aiosmtplib (mean of before and after) = {ratio:.2f} "
        f"(target >= {TARGET_RATE}) {verdict}"
    )
    small, large = memory[0], memory[-1]
    growth = large.peak_mib / small.peak_mib
    verdict = "ok" if growth <= TARGET_MEMORY else "MISSED"
    print(
        f"RATIO reminder-run peak RSS {large.subscribers}/{small.subscribers} = {growth:.2f}x "
        f"(target <= {TARGET_MEMORY}x) {verdict}"
    )


if __name__ == "__main__":
    main()
