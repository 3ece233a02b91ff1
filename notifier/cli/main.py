"""The `notifier` command: parse arguments, call the core or an adapter, print, set the exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from notifier.cli.parser import Handler, build_parser, polish_argparse
from notifier.core.announcements import make_filter
from notifier.core.catalog import Catalog
from notifier.core.errors import NotifierError
from notifier.core.feed import render_calendar
from notifier.core.schedule import Schedule
from notifier.files.reading import load_schedule
from notifier.settings import Settings, load_settings

if TYPE_CHECKING:  # the database modules load only for the commands that use them
    from notifier.jobs.run_context import RunContext
    from notifier.store.db import Database


def main(argv: Sequence[str] | None = None) -> int:
    with polish_argparse():
        args = build_parser(HANDLERS).parse_args(argv)
    try:
        overrides = {"schedule": args.schedule} if getattr(args, "schedule", None) else {}
        settings = load_settings(**overrides)
        return args.handler(args, settings)
    except NotifierError as exc:
        from notifier.redact import redact

        print(redact(str(exc)), file=sys.stderr)  # no password or link token on the console
        return 1
    except KeyboardInterrupt:
        return 130


@contextmanager
def _database(settings: Settings) -> Iterator[Database]:
    """The subscriber database, created and migrated if need be, closed afterwards."""
    from notifier.store.db import open_database

    db = open_database(settings.database_url)
    try:
        yield db
    finally:
        db.dispose()


def _one_file(settings: Settings) -> Path:
    """The schedule file of a command that works on one harmonogram (feed, export, announce;
    their --help says so); NotifierError (Polish, with what to give) for a directory."""
    path = Path(settings.schedule)
    if path.is_dir():
        raise NotifierError(
            f"{path} to katalog, a to polecenie działa na jednym harmonogramie – "
            "prosimy podać plik, np. --schedule katalog/leszno-2025.toml"
        )
    return path


def _load(settings: Settings) -> Schedule:
    return load_schedule(_one_file(settings))


def _catalog(settings: Settings) -> Catalog:
    """Every harmonogram of NOTIFIER_SCHEDULE (a file or a directory); ScheduleError if none."""
    from notifier.files.source import CatalogSource

    return CatalogSource(settings.schedule).snapshot().catalog


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from notifier.core.schedule_summary import schedule_summary
    from notifier.core.time import warsaw_day

    path = Path(args.path) if args.path else Path(settings.schedule)
    today = args.as_of or warsaw_day(datetime.now(UTC))
    if path.is_dir():
        from notifier.cli.check import check_directory

        report, good = check_directory(path, today)
        print(report)
        return 0 if good else 1
    schedule = load_schedule(path)
    print(schedule_summary(schedule, str(path), today))
    return 0


def cmd_announce(args: argparse.Namespace, settings: Settings) -> int:
    """Append a [[calls]] block; print the call and the file's warnings (exit 1: not written)."""
    from notifier.core.schedule_lint import schedule_warnings
    from notifier.files.record_call import NewCall, announce

    new = NewCall(
        tasks=tuple(args.tasks),
        published=args.published,
        deadline=args.deadline,
        url=args.url.strip(),
        amount=args.amount,
        title=" ".join(args.title.split()) or None if args.title else None,
    )
    path = _one_file(settings)
    try:
        schedule, call = announce(path, new)
    except NotifierError as exc:
        raise NotifierError(
            f"{exc}\nNic nie zapisano – plik harmonogramu jest bez zmian."
        ) from None
    print(f"Zapisano w {settings.schedule} ogłoszenie [[calls]] nr {call.index}:")
    print(f"  zadania: {', '.join(call.tasks)}")
    print("\n".join(f"  {line}" for line in call.details()))
    prefix = f"ogłoszenie [[calls]] nr {call.index} "
    for warning in schedule_warnings(schedule):
        if warning.startswith(prefix):
            print(f"uwaga: {warning}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """The schedule as JSON (equal to GET /api/tasks) or CSV (one row per window, BOM)."""
    import json

    from notifier.core.time import warsaw_day
    from notifier.files.reading import read_schedule_bytes, schedule_version
    from notifier.web.export import tasks_csv, tasks_document

    schedule = _load(settings)  # a directory is refused first, with what to give instead
    data = read_schedule_bytes(settings.schedule)
    task_filter = make_filter(schedule, args.topic, args.department)
    today = warsaw_day(datetime.now(UTC))
    if args.format == "csv":
        text = tasks_csv(schedule, today, task_filter)
    else:
        version = schedule_version(data)
        document = tasks_document(schedule, task_filter, settings.base_url, version, today)
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


def cmd_feed(args: argparse.Namespace, settings: Settings) -> int:
    schedule = _load(settings)
    task_filter = make_filter(schedule, args.topic, args.department)
    # Links go into the feed only when a public URL was configured, not the local default.
    base_url = settings.base_url if "base_url" in settings.model_fields_set else None
    data = render_calendar(schedule, task_filter, base_url=base_url)
    if args.output:
        try:
            args.output.write_bytes(data)
        except OSError as exc:
            raise NotifierError(
                f"nie można zapisać kalendarza do {args.output}: {exc.strerror}"
            ) from None
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import contextlib

    from notifier.jobs.worker import Worker
    from notifier.publish.site import publishers
    from notifier.store.worker_lock import WorkerLocked
    from notifier.web.server import run

    # The reminder worker runs as a background service of the web app (its lifespan). The web
    # side never waits for the worker lock: if another worker holds it, the site serves and
    # this worker takes the lock once it is free (at once if its holder was killed here).
    worker = Worker(settings, wait_for_lock=True)
    with contextlib.suppress(WorkerLocked):  # start() logs it and keeps trying
        worker.open()
    try:
        return run(settings, args.host, args.port, [worker, *publishers(settings)])
    finally:
        worker.close()


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    from notifier.web.server import run

    return run(settings, args.host, args.port, workers=args.workers)


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    from notifier.publish.site import publish_command

    return publish_command(settings, args.out)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from notifier.jobs.worker_main import run_worker
    from notifier.logs import configure_logging
    from notifier.publish.site import publishers

    configure_logging(settings.log_level)
    asyncio.run(run_worker(settings, list(publishers(settings))))
    return 0


def _pass_moment(as_of: date | None, at: time) -> datetime:
    """--as-of D: that day at `at` (Europe/Warsaw); no --as-of: now."""
    from notifier.core.time import run_moment

    return run_moment(as_of, at) if as_of else datetime.now(UTC)


@contextmanager
def _run_context(settings: Settings, now: datetime, dry_run: bool) -> Iterator[RunContext]:
    """What a pass run from the command line runs with; the database is closed afterwards."""
    from notifier.jobs.run_context import RunContext
    from notifier.mail.transports import backend_from_settings
    from notifier.store.subscriber_placement import place_legacy_subscribers

    catalog = _catalog(settings)
    with _database(settings) as db:
        place_legacy_subscribers(db, catalog)
        backend = backend_from_settings(settings)
        yield RunContext(settings, db, backend, catalog, now, dry_run=dry_run)


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

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
    return 1 if report.count(FAILED) or alerts.count(FAILED) else 0


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from notifier.jobs.digest_pass import run_digests
    from notifier.store.models import FAILED

    now = _pass_moment(args.as_of, settings.digest_time)
    _say_base_url(settings)
    with _run_context(settings, now, args.dry_run) as run:
        reports = asyncio.run(run_digests(run))
    print("\n".join(report.format() for report in reports))
    return 1 if any(report.status == FAILED for report in reports) else 0


def cmd_jobs(args: argparse.Namespace, settings: Settings) -> int:
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


def cmd_subscribers_add(args: argparse.Namespace, settings: Settings) -> int:

    from notifier.core.catalog import catalog_view, chosen_cities, cities_choice_text
    from notifier.core.polish import count_days
    from notifier.core.preferences import (
        InvalidPreferences,
        normalise_email,
        parse_preferences,
    )
    from notifier.core.signup_content import lead_days_text, topics_text
    from notifier.store.models import UNSUBSCRIBED
    from notifier.store.subscribers import add_active, find_by_email, local_date

    catalog = _catalog(settings)
    schedule = catalog_view(catalog)
    email = normalise_email(args.email)
    try:
        prefs = parse_preferences(schedule, args.topic, args.lead_days, args.deadline_days)
        cities = chosen_cities(catalog, args.city)
    except InvalidPreferences as exc:
        if exc.field == "city":
            ids = ", ".join(c.city_id for c in catalog.cities())
            raise NotifierError(f"{exc}\nIdentyfikatory dla --city: {ids}") from None
        if exc.field != "topic":
            raise
        # On the command line topics are given by slug: list them too.
        raise NotifierError(f"{exc}\nSlugi dla --topic: {', '.join(schedule.topics)}") from None
    prefs = replace(prefs, cities=cities)
    with _database(settings) as db, db.session() as session:
        known = find_by_email(session, email)
        left_on = None
        if known is not None and known.state == UNSUBSCRIBED and known.unsubscribed_at:
            left_on = local_date(known.unsubscribed_at)
        email = add_active(session, email, prefs, datetime.now(UTC)).email
    if left_on is not None:
        done = f"Ponownie zapisano {email} (wypisany {left_on}) jako aktywnego subskrybenta"
    elif known is not None:
        done = f"Zaktualizowano aktywnego subskrybenta {email}"
    else:
        done = f"Dodano aktywnego subskrybenta {email}"
    where = cities_choice_text([(c.city_id, c.name) for c in catalog.cities()], prefs.cities)
    print(
        f"{done}: {f'{where}; ' if where else ''}{topics_text(schedule, prefs.topics)}; "
        f"przypomnienie {lead_days_text(prefs.lead_days)} przed ogłoszeniem, "
        f"{count_days(prefs.deadline_days)} przed terminem składania ofert."
    )
    return 0


def cmd_subscribers_list(args: argparse.Namespace, settings: Settings) -> int:
    from notifier.store.subscribers import format_table, list_all

    with _database(settings) as db, db.session() as session:
        print(format_table(list_all(session)))
    return 0


def cmd_subscribers_remove(args: argparse.Namespace, settings: Settings) -> int:

    from notifier.core.preferences import normalise_email
    from notifier.store.models import UNSUBSCRIBED
    from notifier.store.subscribers import find_by_email, local_date, remove

    email = normalise_email(args.email)
    with _database(settings) as db, db.session() as session:
        known = find_by_email(session, email)
        if known is not None and known.state == UNSUBSCRIBED:
            when = f" {local_date(known.unsubscribed_at)}" if known.unsubscribed_at else ""
            print(f"{known.email} był już wypisany{when} – nic nie zmieniono.")
            return 0
        subscriber = remove(session, email, datetime.now(UTC))
        print(f"Wypisano {subscriber.email} (dane zostają w rejestrze wysyłek).")
    return 0


HANDLERS: dict[str, Handler] = {
    "check": cmd_check,
    "announce": cmd_announce,
    "export": cmd_export,
    "feed": cmd_feed,
    "serve": cmd_serve,
    "web": cmd_web,
    "publish": cmd_publish,
    "worker": cmd_worker,
    "remind": cmd_remind,
    "digest": cmd_digest,
    "jobs": cmd_jobs,
    "subscribers": cmd_subscribers_list,
    "subscribers add": cmd_subscribers_add,
    "subscribers list": cmd_subscribers_list,
    "subscribers remove": cmd_subscribers_remove,
}


if __name__ == "__main__":
    sys.exit(main())
