"""What the service counts for Prometheus (prometheus-client); /metrics shows it when
NOTIFIER_METRICS is on (notifier.web.metrics).

Labels are fixed words only (route templates, email kinds, outcomes, pass names): never an
address, a token or a slug from a request, so a scrape reveals nobody and the series stay few.

Several processes (`notifier web --workers N`, a separate `notifier worker`) share no memory:
set PROMETHEUS_MULTIPROC_DIR (prometheus-client's own variable) to a directory that every
process can write (created here if missing), before they start, and /metrics adds up all of
them, the counts of processes that have ended included. Without it each process reports only
its own counts (fine for `notifier serve`, which is one process). There are no gauges kept in
processes (claims pending are read from the database at each scrape), so a process that ends
needs no clean-up (prometheus-client's mark_process_dead only concerns live gauges).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from time import perf_counter

from prometheus_client import Counter, Histogram, values

from notifier.core.errors import NotifierError
from notifier.core.system_errors import system_reason

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def _prepare_multiprocess_dir() -> str | None:
    """Create PROMETHEUS_MULTIPROC_DIR if it is missing, before the first counter opens its
    file there. The Polish problem when the directory cannot be written: this process then
    counts in memory (variable removed), and the long-running commands refuse to start."""
    folder = os.environ.get(MULTIPROCESS_VARIABLE)
    if not folder:
        return None
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        values.ValueClass = values.MutexValue  # prometheus-client's choice, made at its import
        del os.environ[MULTIPROCESS_VARIABLE]
        return (
            f"Nie można zapisywać liczników w katalogu {MULTIPROCESS_VARIABLE}={folder} "
            f"({system_reason(exc)}). Prosimy wskazać katalog, w którym każdy proces usługi "
            "może pisać, albo usunąć tę zmienną."
        )
    return None


MULTIPROCESS_PROBLEM = _prepare_multiprocess_dir()


def check_multiprocess_dir() -> None:
    """NotifierError (Polish) when PROMETHEUS_MULTIPROC_DIR is set and cannot be written."""
    if MULTIPROCESS_PROBLEM:
        raise NotifierError(MULTIPROCESS_PROBLEM)


FEED_REQUESTS = Counter(
    "notifier_feed_requests",
    "Calendar (.ics) and news (.atom) feed requests answered, by route template and HTTP "
    "status (200 or 304).",
    ["route", "status"],
)
EMAILS = Counter(
    "notifier_emails",
    "Emails handed to the mail server, by kind (reminder, alert, digest, signup) and outcome "
    "(sent, failed: to be retried, rejected: refused for good, uncertain: no reply to the "
    "content, never sent again).",
    ["kind", "outcome"],
)
EMAIL_RETRIES = Counter(
    "notifier_email_retries", "Emails sent again after a failed attempt, by kind.", ["kind"]
)
PASS_SECONDS = Histogram(
    "notifier_pass_duration_seconds",
    "How long the worker's passes take (reminders, digest, retries), in seconds.",
    ["pass_name"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, float("inf")),
)
SCHEDULE_RELOAD_ERRORS = Counter(
    "notifier_schedule_reload_errors",
    "Edits of the schedule file that could not be loaded (the previous version stays).",
)

_OUTCOMES = {"accepted": "sent", "temporary": "failed", "permanent": "rejected"}


def count_emails(kind: str, statuses: list[str], retries: int = 0) -> None:
    """Count a batch's delivery statuses (transports' accepted/temporary/permanent)."""
    for status in statuses:
        EMAILS.labels(kind, _OUTCOMES.get(status, status)).inc()
    if retries:
        EMAIL_RETRIES.labels(kind).inc(retries)


@contextmanager
def timed_pass(name: str) -> Iterator[None]:
    """Observe how long the block (one pass) takes, also when it fails."""
    started = perf_counter()
    try:
        yield
    finally:
        PASS_SECONDS.labels(name).observe(perf_counter() - started)
