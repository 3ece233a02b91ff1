"""The passes run from the command line: `remind`, `digest` and `jobs` (a dry run of each
job's next run), each with the database, the harmonograms and the delivery backend of one run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from notifier.cli.common import catalog_of, database
from notifier.settings import Settings

if TYPE_CHECKING:  # the database modules load only for the commands that use them
    from notifier.jobs.run_context import RunContext


def _pass_moment(as_of: date | None, at: time) -> datetime:
    """--as-of D: that day at `at` (Europe/Warsaw); no --as-of: now."""
    from notifier.core.time import run_moment

    return run_moment(as_of, at) if as_of else datetime.now(UTC)


@contextmanager
def _run_context(settings: Settings, now: datetime, dry_run: bool) -> Iterator[RunContext]:
    """What a pass run from the command line runs with; the database is closed afterwards.
    A dry run only shows: it never creates the database (blind round three, m7). The database
    is opened first, so a broken one is one Polish line before anything reads the files."""
    from notifier.jobs.run_context import RunContext
    from notifier.mail.transports import backend_from_settings
    from notifier.store.subscriber_placement import place_legacy_subscribers

    with database(settings, create=not dry_run) as db:
        catalog = catalog_of(settings, create=not dry_run)
        place_legacy_subscribers(db, catalog)
        backend = backend_from_settings(settings)
        yield RunContext(settings, db, backend, catalog, now, dry_run=dry_run)


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier remind`: reminder and call-alert passes, now or --as-of; exit 1: a send failed."""
    import asyncio

    from notifier.core.delivery_result import UNCERTAIN
    from notifier.jobs.alerts_pass import run_alerts_pass
    from notifier.jobs.reminder_pass import run_reminder_pass
    from notifier.store.models import FAILED

    now = _pass_moment(args.as_of, settings.remind_time)
    _say_base_url(settings)
    with _run_context(settings, now, args.dry_run) as run:
        report = asyncio.run(run_reminder_pass(run))
        alerts = asyncio.run(run_alerts_pass(run, deadlines=True))
    print(report.format())
    print(alerts.format())
    failed = sum(r.count(s) for r in (report, alerts) for s in (FAILED, UNCERTAIN))
    return 1 if failed else 0


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier digest`: each city's weekly office digest, now or --as-of; exit 1: one failed."""
    import asyncio

    from notifier.core.delivery_result import UNCERTAIN
    from notifier.jobs.digest_pass import run_digests
    from notifier.store.models import FAILED

    now = _pass_moment(args.as_of, settings.digest_time)
    _say_base_url(settings)
    with _run_context(settings, now, args.dry_run) as run:
        reports = asyncio.run(run_digests(run))
    print("\n".join(report.format() for report in reports))
    return 1 if any(report.status in (FAILED, UNCERTAIN) for report in reports) else 0


def cmd_jobs(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier jobs`: each job's next run and what it would send then (a dry run)."""
    import asyncio

    from notifier.jobs.alerts_pass import run_alerts_pass
    from notifier.jobs.digest_pass import run_digests
    from notifier.jobs.job_plan import next_runs
    from notifier.jobs.reminder_pass import run_reminder_pass
    from notifier.jobs.worker import ALERTS_JOB, DIGEST_JOB, REMIND_JOB

    _say_base_url(settings)
    print(settings.summary())
    with _run_context(settings, datetime.now(UTC), dry_run=True) as run:
        for spec, when in next_runs(settings, run.db.engine, run.now):
            print(f"{spec.label}: następne uruchomienie {when:%Y-%m-%d %H:%M} ({spec.id})")
            if spec.id == REMIND_JOB:
                report = asyncio.run(run_reminder_pass(run.at(when)))
                print(_indent(report.format()))
                alerts = asyncio.run(run_alerts_pass(run.at(when), deadlines=True))
                print(_indent(alerts.format()))
            elif spec.id == ALERTS_JOB:
                alerts = asyncio.run(run_alerts_pass(run.at(when), deadlines=False))
                print(_indent(alerts.format()))
            elif spec.id == DIGEST_JOB:
                for digest in asyncio.run(run_digests(run.at(when))):
                    print(_indent(digest.format()))
    return 0


def _say_base_url(settings: Settings) -> None:
    """Which public address the emails will link to (stderr: stdout is the report)."""
    print(f"Linki w wiadomościach: {settings.base_url} (NOTIFIER_BASE_URL)", file=sys.stderr)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())
