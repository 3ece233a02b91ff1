"""The office's edits of one recorded call in a harmonogram file: correct, add results,
withdraw — each a change of one [[calls]] block found by its key (core.calls.Call.key),
made through files.record_call.edit_schedule_file (the lock, `check`'s validation, the
atomic write). A form carries the block's fingerprint as its editor saw it (`call_version`);
when the block in the file differs, nothing is written and EditConflict says what it is now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from notifier.core.calls import Call, CallResults, call_key
from notifier.core.errors import NotifierError
from notifier.core.schedule import Schedule, ScheduleError
from notifier.files.reading import load_entry
from notifier.files.record_call import NewCall, announce, call_block, edit_schedule_file, same_call


class EditConflict(NotifierError):
    """The call changed (or was withdrawn) since the editor's form was shown: `current` is
    its block now (None: gone)."""

    def __init__(self, current: str | None) -> None:
        super().__init__("ogłoszenie zmieniło się od otwarcia formularza")
        self.current = current

    @property
    def version(self) -> str:
        """The fingerprint of the call as it is now (call_version); "" when it is gone."""
        if self.current is None:
            return ""
        return hashlib.sha256(self.current.encode("utf-8")).hexdigest()


def new_call_of(call: Call) -> NewCall:
    """The call as `announce` takes it (a deadline with its hour as a naive datetime)."""
    deadline: date | datetime = (
        datetime.combine(call.deadline, call.deadline_time) if call.deadline_time else call.deadline
    )
    return NewCall(call.tasks, call.published, deadline, call.url, call.amount, call.title)


def _block(new: NewCall, results: CallResults | None) -> Table:
    block = call_block(new)
    if results is not None:
        table = tomlkit.table()
        table.add("date", results.date)
        table.add("url", results.url)
        block.add("results", table)
    return block


def block_as_toml(new: NewCall, results: CallResults | None = None) -> str:
    """A call as one [[calls]] block in the file's form."""
    document = tomlkit.document()
    document.append("calls", tomlkit.aot())
    document["calls"].append(_block(new, results))
    return tomlkit.dumps(document)


def call_as_toml(call: Call) -> str:
    """The recorded call as one [[calls]] block in the file's form: what the audit log keeps
    and what a conflict shows."""
    return block_as_toml(new_call_of(call), call.results)


def call_version(call: Call) -> str:
    """A short fingerprint of the call's block (sha256 of call_as_toml): what a form carries
    as `seen` to notice that someone else changed the call meanwhile."""
    return hashlib.sha256(call_as_toml(call).encode("utf-8")).hexdigest()


def _current(schedule: Schedule, key: str) -> Call | None:
    return next((c for c in schedule.calls if c.key == key), None)


def _position(document: tomlkit.TOMLDocument, key: str) -> tuple[AoT, int]:
    calls = document.get("calls")
    if isinstance(calls, AoT):
        for index, block in enumerate(calls):
            tasks, published = block.get("tasks"), block.get("published")
            dated = isinstance(published, date) and isinstance(tasks, list)
            if dated and call_key([str(t) for t in tasks], published) == key:
                return calls, index
    raise EditConflict(None)


def _checked(schedule: Schedule, key: str, seen: str | None) -> Call:
    """The call `key` as it is now; EditConflict when it is gone or is not what was seen."""
    call = _current(schedule, key)
    if call is None:
        raise EditConflict(None)
    if seen is not None and call_version(call) != seen:
        raise EditConflict(call_as_toml(call))
    return call


def _edit_block(
    path: Path,
    key: str,
    seen: str | None,
    today: date,
    change: Callable[[Call], Table | None],
    *,
    dry_run: bool = False,
) -> tuple[Schedule, Call]:
    """Replace (or, when `change` gives None, remove) the block of call `key`; the new
    schedule and the call as it was."""
    found: list[Call] = []

    def edit(document: tomlkit.TOMLDocument, schedule: Schedule) -> None:
        call = _checked(schedule, key, seen)
        found.append(call)
        calls, index = _position(document, key)
        block = change(call)
        if block is None:
            del calls[index]
            if not len(calls):
                del document["calls"]
            return
        if calls[index].as_string().endswith("\n\n"):
            block.add(tomlkit.nl())
        calls[index] = block

    schedule = edit_schedule_file(path, edit, today, dry_run=dry_run)
    return schedule, found[0]


def correct_call(
    path: Path, key: str, seen: str | None, new: NewCall, today: date, *, dry_run: bool = False
) -> tuple[Schedule, Call]:
    """Replace the call's fields by `new` (its results stay); ScheduleError or EditConflict;
    with `dry_run` only validated."""
    return _edit_block(
        path, key, seen, today, lambda call: _block(new, call.results), dry_run=dry_run
    )


def record_results(
    path: Path, key: str, seen: str | None, results: CallResults, today: date
) -> tuple[Schedule, Call]:
    """Set the call's results (rozstrzygnięcie: day and link); ScheduleError or EditConflict."""
    return _edit_block(path, key, seen, today, lambda call: _block(new_call_of(call), results))


def withdraw_call(path: Path, key: str, seen: str | None, today: date) -> tuple[Schedule, Call]:
    """Remove the call's block from the file; the audit log keeps it. EditConflict."""
    return _edit_block(path, key, seen, today, lambda call: None)


def find_call(schedule: Schedule, key: str) -> Call | None:
    """The schedule's call with this key, or None."""
    return _current(schedule, key)


__all__ = [
    "EditConflict",
    "ScheduleError",
    "block_as_toml",
    "call_as_toml",
    "call_version",
    "correct_call",
    "find_call",
    "new_call_of",
    "record_results",
    "withdraw_call",
]


def announce_or_correct(
    path: Path, new: NewCall, today: date
) -> tuple[Schedule, Call, Call | None]:
    """`notifier announce`: record the call (record_call.announce, its errors), or — when the
    file holds a call of the same tasks and publication day (the same key) that says
    something else — correct that one (its results stay): re-running `announce` with the
    right deadline is how a typo is corrected at the command line (blind11 F6). The new
    schedule, the call as saved, and the call as it was before a correction (None for a new
    call)."""
    key = call_key(new.tasks, new.published)
    try:
        current = find_call(load_entry(path).schedule, key)
    except ScheduleError:
        current = None  # announce says what is wrong with the file
    if current is None or same_call(current, new):
        schedule, call = announce(path, new, today)
        return schedule, call, None
    schedule, before = correct_call(path, key, None, new, today)
    after = next(c for c in schedule.calls if c.key == key)
    return schedule, after, before
