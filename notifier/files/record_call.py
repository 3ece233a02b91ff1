"""`notifier announce`: append a [[calls]] block to the schedule file, keeping its layout.

The file is edited with tomlkit, so comments, blank lines and the order of keys stay as city
staff wrote them; the edited text is validated exactly as `notifier check` validates a file,
and an invalid result is never written (the file stays as it was).
"""

from __future__ import annotations

import codecs
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import tomlkit
from tomlkit.items import AoT

from notifier.core.calls import Call, future_date_problems
from notifier.core.schedule import Schedule, ScheduleError
from notifier.core.schedule_toml import parse_schedule_bytes
from notifier.files.atomic import replace_keeping
from notifier.files.reading import read_schedule_bytes


@dataclass(frozen=True)
class NewCall:
    """What `notifier announce` was given: task keys, days (Europe/Warsaw), URL, PLN, title.

    `deadline` is a date (offers all that day) or a naive datetime (that hour in Warsaw).
    """

    tasks: tuple[str, ...]
    published: date
    deadline: date | datetime
    url: str
    amount: Decimal | None = None
    title: str | None = None


def call_block(new: NewCall) -> tomlkit.items.Table:
    """The [[calls]] table, keys in the documented order."""
    table = tomlkit.table()
    table.add("tasks", list(new.tasks))
    table.add("published", new.published)
    table.add("url", new.url)
    table.add("deadline", new.deadline)
    if new.amount is not None:
        whole = new.amount == new.amount.to_integral_value()
        table.add("amount", int(new.amount) if whole else float(new.amount))
    if new.title:
        table.add("title", new.title)
    return table


def append_call(text: str, new: NewCall) -> str:
    """The schedule text with one more [[calls]] block at the end of the calls (or the file).

    Raises tomlkit's ParseError for a text that is not TOML (the caller validates first).
    """
    document = tomlkit.parse(text)
    _append(document, new)
    return tomlkit.dumps(document)


def _append(document: tomlkit.TOMLDocument, new: NewCall) -> None:
    block = call_block(new)
    calls = document.get("calls")
    if isinstance(calls, AoT) and len(calls):
        if not calls[-1].as_string().endswith("\n\n"):
            calls[-1].add(tomlkit.nl())  # a blank line between blocks, as the file has them
        calls.append(block)
    else:
        if not tomlkit.dumps(document).endswith("\n\n"):
            document.add(tomlkit.nl())
        if "calls" in document:
            del document["calls"]
        document.append("calls", tomlkit.aot())
        document["calls"].append(block)


@contextmanager
def schedule_lock(path: Path) -> Iterator[None]:
    """An exclusive lock for editing the harmonogram file at `path`, held on its directory
    (the file itself is replaced, a new inode each time, so a lock on it would not hold):
    two writers — web processes, `announce` — never interleave a read and a write. Blocks
    until the lock is free; released on exit, or when the process dies."""
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


class FileUnusable(ScheduleError):
    """The harmonogram file cannot be edited as it is, whatever a form sends: it is gone
    (`gone`: removed meanwhile, e.g. its year's import undone) or not valid before any edit
    (a TOML error someone saved). Only the administrator can fix the file; nothing is written."""

    def __init__(self, source: str, problems: list[str], *, gone: bool) -> None:
        super().__init__(source, problems)
        self.gone = gone


class AlreadyRecorded(ScheduleError):
    """The very call (same tasks, days, address, amount and title) is in the file already:
    a form sent twice (a double click, a reload); `call` is the one recorded."""

    def __init__(self, source: str, call: Call) -> None:
        super().__init__(source, [f"ogłoszenie nr {call.index} jest już zapisane"])
        self.call = call


def same_call(call: Call, new: NewCall) -> bool:
    """Whether `call` is the very call `new` describes (every field alike)."""
    deadline: date | datetime = (
        datetime.combine(call.deadline, call.deadline_time) if call.deadline_time else call.deadline
    )
    recorded = (call.tasks, call.published, deadline, call.url, call.amount, call.title)
    return recorded == (new.tasks, new.published, new.deadline, new.url, new.amount, new.title)


Edit = Callable[[tomlkit.TOMLDocument, Schedule], None]
"""Changes a harmonogram file's TOML document in place; given the schedule as it is now."""


def edit_schedule_file(path: Path, edit: Edit, today: date, *, dry_run: bool = False) -> Schedule:
    """Apply `edit` to the file's TOML document under schedule_lock and write the result
    (with `dry_run`, only validate it: what a form shows back before saving); the new
    schedule.

    ScheduleError (Polish, every problem) when the file is invalid before the edit or would
    be after it, or when a call's publication or results day is after `today` (a Warsaw day; the rule
    of core.calls.future_date_problems, as `check` applies it) — then nothing is
    written. `edit` may raise ScheduleError itself (e.g. the call it should change is gone).
    The file is replaced atomically (a reader sees the old or the new text, never half of
    it), keeps its line endings, its byte order mark if any, and its permissions.
    """
    source = str(path)
    # A file linked into the served folder (a synced folder, a per-city checkout) is edited
    # where the link points, under that folder's lock: renaming over the link would leave the
    # real file without the edit (blind round three, F23), and a writer through the real path
    # takes the same lock.
    real = path.resolve()
    with schedule_lock(real):
        try:
            data = read_schedule_bytes(path)
            before = parse_schedule_bytes(data, source)  # valid before we touch it
        except ScheduleError as exc:
            raise FileUnusable(source, exc.problems, gone=not os.path.lexists(path)) from None
        bom = data.startswith(codecs.BOM_UTF8)  # kept, as the line endings are
        text = data.decode("utf-8-sig")
        crlf = "\r\n" in text
        document = tomlkit.parse(text.replace("\r\n", "\n"))
        edit(document, before)
        edited = tomlkit.dumps(document)
        if crlf:
            edited = edited.replace("\n", "\r\n")
        out = (codecs.BOM_UTF8 if bom else b"") + edited.encode("utf-8")
        schedule = parse_schedule_bytes(out, source)  # raises: the invalid edit is not written
        future = future_date_problems(schedule.calls, today)
        if future:
            raise ScheduleError(source, future)
        if not dry_run:
            replace_keeping(real, out)  # its mode, group and owner, as the file had them
    return schedule


def announce(
    path: Path, new: NewCall, today: date, *, dry_run: bool = False
) -> tuple[Schedule, Call]:
    """Record the call in the schedule file at `path` (edit_schedule_file, its errors; with
    `dry_run` nothing is written); the new schedule and its call. AlreadyRecorded when the
    file holds the very call already (the form sent twice): nothing is added."""

    def add(document: tomlkit.TOMLDocument, before: Schedule) -> None:
        for call in before.calls:
            if same_call(call, new):
                raise AlreadyRecorded(str(path), call)
        _append(document, new)

    schedule = edit_schedule_file(path, add, today, dry_run=dry_run)
    return schedule, schedule.calls[-1]


__all__ = [
    "AlreadyRecorded",
    "FileUnusable",
    "NewCall",
    "ScheduleError",
    "announce",
    "append_call",
    "edit_schedule_file",
    "schedule_lock",
]
