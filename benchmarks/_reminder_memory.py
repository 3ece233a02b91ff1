"""One reminder pass in a fresh process, for bench_reminder_run.py's memory check.

`python _reminder_memory.py DATABASE_URL SCHEDULE NOW_ISO OUTBOX_DIR [SMTP_URL]` prints
"baseline_kib peak_kib emails seconds": the resident set when the pass starts (after imports,
schedule, database open), its peak during the pass, the emails written and the wall time.

The peak is Linux's VmHWM, reset just before the pass (/proc/self/clear_refs), so neither
setup nor the parent process counts: ru_maxrss survives exec and would report the parent's
high-water mark.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from datetime import datetime
from pathlib import Path

from notifier.core.catalog import Catalog
from notifier.files.reading import load_schedule
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.mail.transports import OutboxBackend, backend_from_settings
from notifier.settings import load_settings
from notifier.store.db import open_database
from notifier.store.models import SENT


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/self/status (Linux only)")


def reset_peak() -> int:
    """Reset VmHWM to the current resident set; return that (KiB)."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    return status_kib("VmRSS")


def main() -> None:
    url, schedule_path, now_text, outbox = sys.argv[1:5]
    smtp_url = sys.argv[5] if len(sys.argv) > 5 else None  # the sink instead of the outbox
    settings = load_settings(
        database_url=url,
        schedule=Path(schedule_path),
        outbox=Path(outbox),
        smtp_url=smtp_url,
        base_url="https://konkursy.example.org",
    )
    schedule = load_schedule(settings.schedule)
    db = open_database(settings.database_url)
    backend = backend_from_settings(settings) if smtp_url else OutboxBackend(settings.outbox)
    baseline = reset_peak()
    started = time.perf_counter()
    run = RunContext(
        settings, db, backend, Catalog.single(schedule), datetime.fromisoformat(now_text)
    )
    report = asyncio.run(run_reminder_pass(run))
    seconds = time.perf_counter() - started
    peak = status_kib("VmHWM")
    db.dispose()
    print(baseline, peak, report.count(SENT), f"{seconds:.3f}")


if __name__ == "__main__":
    main()
