"""The `notifier` command: parse arguments, call the core or an adapter, print, set the exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from notifier.announcements import group_announcements, make_filter
from notifier.errors import NotifierError
from notifier.feed import render_calendar
from notifier.polish import format_as_of
from notifier.schedule import Schedule, load_schedule
from notifier.settings import Settings, load_settings

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

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--schedule",
            type=Path,
            help="schedule file (default: $NOTIFIER_SCHEDULE or ./schedule.toml)",
        )
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
    add = actions.add_parser("add", help="add an active subscriber (asked in person)")
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
    actions.add_parser("list", help="list subscribers").set_defaults(handler=cmd_subscribers_list)
    remove = actions.add_parser("remove", help="unsubscribe an address")
    remove.add_argument("email")
    remove.set_defaults(handler=cmd_subscribers_remove)

    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _not_yet(name: str) -> int:
    raise NotifierError(f"notifier {name}: not implemented yet")


def _load(settings: Settings) -> Schedule:
    return load_schedule(settings.schedule)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    schedule = _load(settings)
    print(schedule_summary(schedule, str(settings.schedule)))
    return 0


def schedule_summary(schedule: Schedule, source: str) -> str:
    """What `notifier check` prints for a valid schedule (Polish: city staff read it)."""
    tasks = list(schedule.tasks())
    dated = sum(1 for t in tasks if t.period.dated)
    announcements = group_announcements(schedule)
    lines = [
        f"{source}: poprawny",
        f"{schedule.title} – {schedule.city} (stan na dzień {format_as_of(schedule.as_of)})",
        f"wydziały: {len(schedule.departments)}",
        f"zadania: {len(tasks)} (z terminem: {dated}, bez terminu: {len(tasks) - dated})",
        f"ogłoszenia w kalendarzu: {len(announcements)}",
        "zadania według tematów:",
    ]
    width = max(len(slug) for slug in schedule.topics)
    for slug, label in schedule.topics.items():
        count = sum(1 for t in tasks if slug in t.topics)
        lines.append(f"  {slug:<{width}}  {count:>3}  {label}")
    return "\n".join(lines)


def cmd_feed(args: argparse.Namespace, settings: Settings) -> int:
    schedule = _load(settings)
    task_filter = make_filter(schedule, args.topic, args.department)
    # Links go into the feed only when a public URL was configured, not the local default.
    base_url = settings.base_url if "base_url" in settings.model_fields_set else None
    data = render_calendar(schedule, task_filter, base_url=base_url)
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("serve")


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("web")


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("worker")


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("remind")


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("digest")


def cmd_jobs(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("jobs")


def cmd_subscribers_add(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("subscribers add")


def cmd_subscribers_list(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("subscribers list")


def cmd_subscribers_remove(args: argparse.Namespace, settings: Settings) -> int:
    return _not_yet("subscribers remove")


if __name__ == "__main__":
    sys.exit(main())
