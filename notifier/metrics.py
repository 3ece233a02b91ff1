"""What the service counts for Prometheus (prometheus-client); /metrics shows it when
NOTIFIER_METRICS is on (notifier.web.metrics).

Labels are fixed words only (route templates, email kinds, outcomes, pass names): never an
address, a token or a slug from a request, so a scrape reveals nobody and the series stay few.

Several processes (`notifier web --workers N`, a separate `notifier worker`) share no memory:
set PROMETHEUS_MULTIPROC_DIR (prometheus-client's own variable) to an empty directory that
every process can write, before they start, and /metrics adds up all of them. Without it each
process reports only its own counts (fine for `notifier serve`, which is one process).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from prometheus_client import Counter, Histogram

FEED_REQUESTS = Counter(
    "notifier_feed_requests",
    "Calendar (.ics) and news (.atom) feed requests answered, by route template and HTTP "
    "status (200 or 304).",
    ["route", "status"],
)
EMAILS = Counter(
    "notifier_emails",
    "Emails handed to the mail server, by kind (reminder, alert, digest, signup) and outcome "
    "(sent, failed: to be retried, rejected: refused for good).",
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
