"""`notifier announce`: append a [[calls]] block to the schedule file, keeping its layout.

The file is edited with tomlkit, so comments, blank lines and the order of keys stay as city
staff wrote them; the edited text is validated exactly as `notifier check` validates a file,
and an invalid result is never written (the file stays as it was).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import tomlkit
from tomlkit.items import AoT

from notifier.core.calls import Call, future_publication_problems
from notifier.core.schedule import Schedule, ScheduleError
from notifier.core.schedule_toml import parse_schedule_bytes
from notifier.files.atomic import replace_file
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
    block = call_block(new)
    calls = document.get("calls")
    if isinstance(calls, AoT):
        if not calls[-1].as_string().endswith("\n\n"):
            calls[-1].add(tomlkit.nl())  # a blank line between blocks, as the file has them
        calls.append(block)
    else:
        if not text.endswith("\n\n"):
            document.add(tomlkit.nl())
        document.append("calls", tomlkit.aot())
        document["calls"].append(block)
    return tomlkit.dumps(document)


def announce(path: Path, new: NewCall, today: date) -> tuple[Schedule, Call]:
    """Record the call in the schedule file at `path`; the new schedule and its call.

    ScheduleError (Polish, every problem) when the file is invalid before the edit or would
    be after it, or when a call's publication day is after `today` (a Warsaw day; the rule
    of core.calls.future_publication_problems, as `check` applies it) — then nothing is
    written. The file is replaced atomically (a reader sees
    the old or the new text, never half of it) and keeps its permissions.
    """
    source = str(path)
    data = read_schedule_bytes(path)
    parse_schedule_bytes(data, source)  # the file must be valid before we touch it
    text = data.decode("utf-8")
    crlf = "\r\n" in text
    edited = append_call(text.replace("\r\n", "\n"), new)
    if crlf:
        edited = edited.replace("\n", "\r\n")
    out = edited.encode("utf-8")
    schedule = parse_schedule_bytes(out, source)  # raises: the invalid edit is not written
    future = future_publication_problems(schedule.calls, today)
    if future:
        raise ScheduleError(source, future)
    replace_file(path, out, mode=path.stat().st_mode & 0o7777)
    return schedule, schedule.calls[-1]


__all__ = ["NewCall", "ScheduleError", "announce", "append_call"]
