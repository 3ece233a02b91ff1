"""The `notifier` command: parse arguments, call the core or an adapter, print, set the exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from notifier.core.announcements import make_filter
from notifier.core.errors import NotifierError
from notifier.core.feed import render_calendar
from notifier.core.schedule import Schedule
from notifier.schedule_file import load_schedule
from notifier.settings import Settings, load_settings

if TYPE_CHECKING:  # the database modules load only for the commands that use them
    from notifier.store.db import Database

Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        overrides = {"schedule": args.schedule} if getattr(args, "schedule", None) else {}
        settings = load_settings(**overrides)
        return args.handler(args, settings)
    except NotifierError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notifier",
        description="Calendar feed and email reminders for a harmonogram of open grant competitions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # --schedule is accepted on every command and action; SUPPRESS keeps an action's parser
    # from overwriting a value given before the action ("subscribers --schedule F add …").
    schedule = argparse.ArgumentParser(add_help=False)
    schedule.add_argument(
        "--schedule",
        type=Path,
        default=argparse.SUPPRESS,
        help="schedule file (default: $NOTIFIER_SCHEDULE or ./schedule.toml)",
    )

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[schedule])
        sub.set_defaults(handler=handler)
        return sub

    command("check", cmd_check, "validate the schedule and print a summary")

    feed = command("feed", cmd_feed, "write the iCalendar feed")
    feed.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="SLUG",
        help="only announcements with a task in this topic (repeatable: any of them)",
    )
    feed.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="ID",
        help="only this department's announcements (repeatable: any of them)",
    )
    feed.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")

    export = command("export", cmd_export, "print the schedule as JSON (= /api/tasks) or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json", help="output format")
    export.add_argument(
        "--topic", action="append", default=[], metavar="SLUG", help="only tasks in this topic"
    )
    export.add_argument(
        "--department", action="append", default=[], metavar="ID", help="only this department"
    )

    serve = command("serve", cmd_serve, "run the web app and the reminder worker in one process")
    web = command("web", cmd_web, "run the web app alone (no worker)")
    for sub in (serve, web):
        sub.add_argument("--host", default="127.0.0.1", help="address to listen on")
        sub.add_argument("--port", type=int, default=8000, help="port to listen on")
    command("worker", cmd_worker, "run the reminder worker alone (one per database)")

    remind = command("remind", cmd_remind, "run one reminder pass now")
    digest = command("digest", cmd_digest, "send the weekly digest to the office now")
    for sub in (remind, digest):
        sub.add_argument(
            "--as-of",
            type=_iso_date,
            metavar="YYYY-MM-DD",
            help="act as if it were 08:00 on this day (default: now)",
        )
        sub.add_argument("--dry-run", action="store_true", help="print, send nothing")
    command("jobs", cmd_jobs, "list the worker's next runs and what they will send")

    subscribers = command("subscribers", cmd_subscribers_list, "manage email subscribers")
    actions = subscribers.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser(
        "add", help="add an active subscriber (asked in person)", parents=[schedule]
    )
    add.add_argument("email")
    add.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="SLUG",
        help="topic slug, repeatable; 'all' or none for every topic",
    )
    add.add_argument(
        "--lead-days",
        action="append",
        type=int,
        default=[],
        metavar="N",
        help="days ahead to remind, 1–60, repeatable (default: 7)",
    )
    add.set_defaults(handler=cmd_subscribers_add)
    listing = actions.add_parser("list", help="list subscribers", parents=[schedule])
    listing.set_defaults(handler=cmd_subscribers_list)
    remove = actions.add_parser("remove", help="unsubscribe an address", parents=[schedule])
    remove.add_argument("email")
    remove.set_defaults(handler=cmd_subscribers_remove)

    return parser


@contextmanager
def _database(settings: Settings) -> Iterator[Database]:
    """The subscriber database, created and migrated if need be, closed afterwards."""
    from notifier.store.db import open_database

    db = open_database(settings.database_url)
    try:
        yield db
    finally:
        db.dispose()


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _load(settings: Settings) -> Schedule:
    return load_schedule(settings.schedule)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from notifier.core.schedule_summary import schedule_summary

    schedule = _load(settings)
    print(schedule_summary(schedule, str(settings.schedule)))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """The schedule as JSON (equal to GET /api/tasks) or CSV (one row per window, BOM)."""
    import json

    from notifier.export import tasks_csv, tasks_document
    from notifier.schedule_file import read_schedule_bytes, schedule_version

    data = read_schedule_bytes(settings.schedule)
    schedule = _load(settings)
    task_filter = make_filter(schedule, args.topic, args.department)
    if args.format == "csv":
        text = tasks_csv(schedule, task_filter)
    else:
        document = tasks_document(schedule, task_filter, settings.base_url, schedule_version(data))
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
    from notifier.jobs.worker import Worker
    from notifier.web.server import run

    # The reminder worker runs as a background service of the web app (its lifespan). The lock
    # is taken now, so a second worker on this database refuses before the port is opened.
    worker = Worker(settings)
    worker.open()
    try:
        return run(settings, args.host, args.port, [worker])
    finally:
        worker.close()


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    from notifier.web.server import run

    return run(settings, args.host, args.port)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    import logging

    from notifier.jobs.worker import run_worker

    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(run_worker(settings))
    return 0


def _pass_moment(as_of: date | None, at: time) -> datetime:
    """--as-of D: that day at `at` (Europe/Warsaw); no --as-of: now."""
    from notifier.core.time import run_moment

    return run_moment(as_of, at) if as_of else datetime.now(UTC)


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from notifier.jobs.reminder_pass import run_reminder_pass
    from notifier.mail.transports import backend_from_settings
    from notifier.store.models import FAILED

    schedule = _load(settings)
    now = _pass_moment(args.as_of, settings.remind_time)
    with _database(settings) as db:
        report = asyncio.run(
            run_reminder_pass(
                db, backend_from_settings(settings), settings, schedule, now, dry_run=args.dry_run
            )
        )
    print(report.format())
    return 1 if report.count(FAILED) else 0


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from notifier.core.time import TIMEZONE
    from notifier.jobs.digest_pass import run_digest_pass
    from notifier.mail.transports import backend_from_settings
    from notifier.store.models import FAILED

    schedule = _load(settings)
    now = _pass_moment(args.as_of, settings.digest_time)
    with _database(settings) as db:
        report = asyncio.run(
            run_digest_pass(
                db,
                backend_from_settings(settings),
                settings,
                schedule,
                now.astimezone(TIMEZONE).date(),
                now,
                dry_run=args.dry_run,
            )
        )
    assert report is not None
    print(report.format())
    return 1 if report.status == FAILED else 0


def cmd_jobs(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from notifier.core.time import TIMEZONE
    from notifier.jobs.digest_pass import run_digest_pass
    from notifier.jobs.reminder_pass import run_reminder_pass
    from notifier.jobs.worker import DIGEST_JOB, REMIND_JOB, next_runs
    from notifier.mail.transports import backend_from_settings

    schedule = _load(settings)
    backend = backend_from_settings(settings)
    with _database(settings) as db:
        for spec, when in next_runs(settings, db.engine, datetime.now(UTC)):
            print(f"{spec.label}: następne uruchomienie {when:%Y-%m-%d %H:%M} ({spec.id})")
            if spec.id == REMIND_JOB:
                report = asyncio.run(
                    run_reminder_pass(db, backend, settings, schedule, when, dry_run=True)
                )
                print(_indent(report.format()))
            elif spec.id == DIGEST_JOB:
                digest = asyncio.run(
                    run_digest_pass(
                        db,
                        backend,
                        settings,
                        schedule,
                        when.astimezone(TIMEZONE).date(),
                        when,
                        dry_run=True,
                    )
                )
                if digest is not None:
                    print(_indent(digest.format()))
    return 0


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def cmd_subscribers_add(args: argparse.Namespace, settings: Settings) -> int:

    from notifier.core.preferences import normalise_email, parse_preferences
    from notifier.signup import lead_days_text, topics_text
    from notifier.store.models import UNSUBSCRIBED
    from notifier.store.subscribers import add_active, find_by_email, local_date

    schedule = _load(settings)
    email = normalise_email(args.email)
    prefs = parse_preferences(schedule, args.topic, args.lead_days)
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
    print(
        f"{done}: {topics_text(schedule, prefs.topics)}; "
        f"przypomnienie {lead_days_text(prefs.lead_days)} przed ogłoszeniem."
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


if __name__ == "__main__":
    sys.exit(main())
