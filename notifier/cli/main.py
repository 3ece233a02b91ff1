"""The `notifier` command: parse arguments, call the core or an adapter, print, set the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from notifier.cli import importing, passes, subscribers
from notifier.cli.common import (
    load_one,
    one_file,
    say_skipped,
    served_settings,
)
from notifier.cli.output import printable_streams
from notifier.cli.parser import Handler, build_parser, polish_argparse
from notifier.core.announcements import make_filter
from notifier.core.errors import NotifierError
from notifier.core.feed import render_calendar
from notifier.core.system_errors import system_reason
from notifier.logs import command_logging, configure_logging
from notifier.settings import Settings, load_settings

# The exit code of a command whose reader went away (`notifier check | head`): what a shell
# reports for a program ended by SIGPIPE (128 + 13).
BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; its exit code (1: a NotifierError, printed redacted; 130: Ctrl-C;
    141: the reader of its output closed the pipe, e.g. `| head`, said without a traceback).
    Every line it prints is made printable first (notifier.cli.output)."""
    with printable_streams():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    with polish_argparse():
        args = build_parser(HANDLERS).parse_args(argv)
    try:
        overrides = {"schedule": args.schedule} if getattr(args, "schedule", None) else {}
        settings = load_settings(**overrides)
        if args.handler in SENDERS and not getattr(args, "dry_run", False):
            from notifier.cli.start_checks import check_mail_place

            check_mail_place(settings)  # an outbox that cannot be written: no start (M12)
        if args.handler in DAEMONS:  # English log lines for the operator's log files
            code = args.handler(args, settings)
        else:
            asked = settings.log_level if "log_level" in settings.model_fields_set else None
            with command_logging(asked):
                code = args.handler(args, settings)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        # Python's own advice (library/signal.html, "Note on SIGPIPE"): what is left in the
        # buffer goes to /dev/null, so the flush at exit raises nothing either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return BROKEN_PIPE
    except NotifierError as exc:
        from notifier.redact import redact

        print(redact(str(exc)), file=sys.stderr)  # no password or link token on the console
        return 1
    except OSError as exc:  # a full or read-only disk under a one-shot command: one line
        if args.handler in DAEMONS:
            raise
        from notifier.cli.common import file_error_line
        from notifier.redact import redact

        print(redact(file_error_line(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a database error mid-pass (a full disk): one line (issue 25 F6)
        if args.handler in DAEMONS or not _database_error(exc):
            raise
        from notifier.cli.common import database_error_line
        from notifier.redact import redact

        print(redact(database_error_line(exc)), file=sys.stderr)
        return 1


def _database_error(exc: Exception) -> bool:
    """Whether `exc` is SQLAlchemy's (never imported just to tell: most commands use none)."""
    if "sqlalchemy" not in sys.modules:
        return False
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate every harmonogram file of the path and print a summary of each (exit 1: a
    file has problems)."""
    from notifier.cli.check import check_harmonograms
    from notifier.core.time import warsaw_day
    from notifier.store.served_files import recorded_choices

    path = Path(args.path) if args.path else Path(settings.schedule)
    today = args.as_of or warsaw_day(datetime.now(UTC))
    report, good = check_harmonograms(path, today, recorded_choices(settings.database_url))
    print(report)
    return 0 if good else 1


def cmd_topics(args: argparse.Namespace, settings: Settings) -> int:
    """Print the accepted topic slugs: the shared ones, their aliases, and the local topics
    of the harmonograms in --schedule (those that load)."""
    from notifier.core.topic_vocabulary import vocabulary_text
    from notifier.files.catalog_files import skipped_note
    from notifier.files.one_shot import read_catalog

    path = Path(settings.schedule)
    entries, problems = read_catalog(path)  # a missing path is said on stderr too
    say_skipped(skipped_note([f"{f}: {p}" for f, found in problems.items() for p in found]))
    local: dict[str, dict[str, str]] = {}
    for entry in entries:
        local.setdefault(entry.schedule.city, {}).update(entry.schedule.topics)
    print(vocabulary_text(local))
    return 0


def cmd_announce(args: argparse.Namespace, settings: Settings) -> int:
    """Append a [[calls]] block; print the call and the file's warnings (exit 1: not written)."""
    from notifier.core.call_changes import Told, changed_lines
    from notifier.core.input_rules import visible_text
    from notifier.core.schedule_lint import schedule_warnings
    from notifier.core.time import warsaw_day
    from notifier.files.call_blocks import announce_or_correct
    from notifier.files.record_call import NewCall

    url, url_note = visible_text(args.url.strip())
    title, title_note = visible_text(" ".join((args.title or "").split()))
    new = NewCall(
        tasks=tuple(args.tasks),
        published=args.published,
        deadline=args.deadline,
        url=url,
        amount=args.amount,
        title=title or None,
    )
    path = one_file(settings)
    real_today = warsaw_day(datetime.now(UTC))
    if args.as_of is not None and args.as_of > real_today:  # check would refuse the call
        raise NotifierError(  # from tomorrow on, and every later save with it (blind7 F8)
            f"--as-of {args.as_of.isoformat()} jest późniejszy niż dzisiejszy dzień "
            f"({real_today.isoformat()}) – ogłoszenie można zapisać najwcześniej w dniu "
            "publikacji.\nNic nie zapisano – plik harmonogramu jest bez zmian."
        )
    today = args.as_of or real_today
    try:
        schedule, call, before = announce_or_correct(path, new, today)
    except NotifierError as exc:
        raise NotifierError(
            f"{exc}\nNic nie zapisano – plik harmonogramu jest bez zmian."
        ) from None
    if before is not None:  # the same tasks and publication day: a correction (blind11 F6)
        print(
            f"Poprawiono w {settings.schedule} ogłoszenie [[calls]] nr {call.index} (te same "
            "zadania i dzień ogłoszenia):"
        )
        print("\n".join(f"  {line}" for line in changed_lines(Told.of(before), Told.of(call))))
        print(
            "Kto dostał e-mail „Ogłoszono konkurs” o tym naborze, dostanie przy najbliższym "
            "przebiegu (notifier remind, serwis co 15 minut) e-mail o zmianie."
        )
    else:
        print(f"Zapisano w {settings.schedule} ogłoszenie [[calls]] nr {call.index}:")
    print(f"  zadania: {', '.join(call.tasks)}")
    print("\n".join(f"  {line}" for line in call.details()))
    for field, note in (("--url", url_note), ("--title", title_note)):
        if note is not None:
            print(f"uwaga: {field}: {note}")
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

    schedule = load_one(settings)  # a directory is refused first, with what to give instead
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
    """`notifier feed`: one harmonogram's iCalendar (RFC 5545), filtered, to stdout or -o FILE."""
    schedule = load_one(settings)
    task_filter = make_filter(schedule, args.topic, args.department)
    # Links go into the feed only when a public URL was configured, not the local default.
    base_url = settings.base_url if "base_url" in settings.model_fields_set else None
    data = render_calendar(schedule, task_filter, base_url=base_url)
    if args.output:  # whole or not at all: a failed write keeps the old file (blind7 F7)
        from notifier.files.atomic import replace_keeping

        try:
            replace_keeping(args.output, data)
        except OSError as exc:
            raise NotifierError(
                f"nie można zapisać kalendarza do {args.output}: {system_reason(exc)}. "
                "Nic nie zapisano – plik jest bez zmian."
            ) from None
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier serve`: the site, the reminder worker and the publisher in one process."""
    import contextlib

    from notifier.jobs.worker import Worker
    from notifier.publish.publisher import publishers
    from notifier.store.worker_lock import WorkerLocked
    from notifier.web.server import run

    settings = served_settings(settings, args.host, args.port)
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
    """`notifier web`: the site alone (uvicorn, --workers N processes), no worker."""
    from notifier.web.server import run

    settings = served_settings(settings, args.host, args.port)
    return run(settings, args.host, args.port, workers=args.workers)


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier publish`: write every publishable URL into a folder (NotifierError: exit 1)."""
    from notifier.cli.publishing import publish_command

    return publish_command(settings, args.out, verify=args.verify)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier worker`: the reminder worker (and the publishers configured) until stopped."""
    import asyncio

    from notifier.jobs.worker_main import run_worker
    from notifier.publish.publisher import publishers

    configure_logging(settings.log_level)
    asyncio.run(run_worker(settings, list(publishers(settings))))
    return 0


HANDLERS: dict[str, Handler] = {
    "check": cmd_check,
    "topics": cmd_topics,
    "import": importing.cmd_import,
    "announce": cmd_announce,
    "export": cmd_export,
    "feed": cmd_feed,
    "serve": cmd_serve,
    "web": cmd_web,
    "publish": cmd_publish,
    "worker": cmd_worker,
    "remind": passes.cmd_remind,
    "digest": passes.cmd_digest,
    "jobs": passes.cmd_jobs,
    "subscribers": subscribers.cmd_list,
    "subscribers add": subscribers.cmd_add,
    "subscribers list": subscribers.cmd_list,
    "subscribers remove": subscribers.cmd_remove,
}

# The long-running commands: they log in English (notifier.logs.configure_logging), to the
# operator's log files; every other command shows its user only its own Polish output.
DAEMONS = frozenset({cmd_serve, cmd_web, cmd_worker})
# The commands whose process sends email (sign-ups, reminders, digests): where it goes is
# tried before they start (notifier.cli.start_checks).
SENDERS = DAEMONS | {passes.cmd_remind, passes.cmd_digest}


if __name__ == "__main__":
    sys.exit(main())
