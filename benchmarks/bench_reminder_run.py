"""Benchmark 3: one whole reminder pass for 20,000 subscribers, against the SMTP limit.

A seeded SQLite database of active subscribers, a 200-task schedule and the day closest to
half of them being due; the real run_reminder_pass (decide in SQL, claim, mint links, render,
send, record) delivers to an aiosmtpd sink in its own process. The limit: the same number of
the pass's own messages, pre-rendered, pushed by a bare aiosmtplib loop over the same number
of connections to the same sink. Then peak memory of a pass for 10,000 and 100,000
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


def main_run(
    tmp: Path, schedule: Schedule, schedule_path: Path, choice: DayChoice
) -> tuple[Run, Run, int]:
    url = f"sqlite:///{tmp / 'run.db'}"
    seed(url, subscribers(SUBSCRIBERS))
    keep_dir = tmp / "kept"
    keep_dir.mkdir()
    with Sink(keep_dir, KEEP) as sink:
        settings = load_settings(
            schedule=schedule_path,
            database_url=url,
            smtp_url=f"smtp://127.0.0.1:{sink.port}",
            base_url=BASE_URL,
        )
        db = open_database(url)
        try:
            report, seconds = timed(
                run_reminder_pass(
                    RunContext(settings, db, backend_from_settings(settings), schedule, choice.now)
                )
            )
        finally:
            db.dispose()
        sent, size, _ = sink.counts()
        if report.count(SENT) != choice.due_subscribers or sent != choice.due_subscribers:
            raise SystemExit(
                f"expected {choice.due_subscribers} reminders, the pass reported "
                f"{report.count(SENT)} sent and the sink received {sent}"
            )
        passed = Run(sent, size / sent, seconds)
        _, limit_seconds = timed(
            push(sink.port, envelopes(keep_dir), sent, settings.smtp_max_connections)
        )
        total, total_size, _ = sink.counts()
        if total - sent != sent:
            raise SystemExit(f"the limit run delivered {total - sent} of {sent}")
        return (
            passed,
            Run(sent, (total_size - size) / sent, limit_seconds),
            (settings.smtp_max_connections),
        )


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
        passed, limit, connections = main_run(tmp, schedule, schedule_path, choice)
        mem_day = memory_day(days, choice, passed.seconds / passed.messages)
        memory = [memory_run(tmp, schedule_path, mem_day, size) for size in MEMORY_SIZES]
    for m in memory:
        expected, _ = due_count(schedule, list(subscribers(m.subscribers)), mem_day.now)
        if m.emails != expected:
            raise SystemExit(f"{m.subscribers}: {m.emails} emails written, {expected} due")

    ratio = passed.rate / limit.rate
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
    print(
        f"{'limit: bare aiosmtplib, pre-rendered':<44} {limit.messages:>8} {limit.size:>9.0f} "
        f"{limit.seconds:>8.1f} {limit.rate:>7.0f} {'':>6}"
    )
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
        f"RATIO reminder-run msg/s vs bare aiosmtplib = {ratio:.2f} "
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
