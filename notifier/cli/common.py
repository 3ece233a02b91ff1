"""What the commands share: the database for a command's run, the harmonograms of
NOTIFIER_SCHEDULE, and the one file of the commands that work on one harmonogram."""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from notifier.core.catalog import Catalog
from notifier.core.errors import NotifierError
from notifier.core.schedule import Schedule
from notifier.core.system_errors import system_reason
from notifier.core.web_address import bind_all
from notifier.files.reading import load_schedule
from notifier.settings import Settings

if TYPE_CHECKING:  # the database modules load only for the commands that use them
    from notifier.store.db import Database


@contextmanager
def database(settings: Settings, *, create: bool = True) -> Iterator[Database]:
    """The subscriber database, created and migrated if need be, closed afterwards; what the
    sent journal of a process that died holds is recorded first (notifier.store.sent_journal).
    `create` False (a command that only shows): one that does not exist is a DatabaseError."""
    from notifier.jobs.sending import flush_unrecorded
    from notifier.store.db import open_database

    db = open_database(settings.database_url, settings.state_dir, create=create)
    try:
        flush_unrecorded(db)
        yield db
    finally:
        db.dispose()


def one_file(settings: Settings) -> Path:
    """The schedule file of a command that works on one harmonogram (feed, export, announce;
    their --help says so); NotifierError (Polish, with what to give) for a directory."""
    path = Path(settings.schedule)
    if path.is_dir():
        raise NotifierError(
            f"{path} to katalog, a to polecenie działa na jednym harmonogramie – "
            "prosimy podać plik, np. --schedule katalog/leszno-2025.toml"
        )
    return path


def load_one(settings: Settings) -> Schedule:
    """The one harmonogram of a one-file command; ScheduleError listing every problem."""
    return load_schedule(one_file(settings))


def catalog_of(settings: Settings, *, create: bool = True) -> Catalog:
    """Every harmonogram of NOTIFIER_SCHEDULE (a file or a directory); ScheduleError if none.
    `create` False: the database of the recorded choices is not created if missing."""
    from notifier.files.catalog_files import skipped_note
    from notifier.files.source import CatalogSource
    from notifier.store.served_files import RecordedChoices

    choices = RecordedChoices(settings.database_url, create=create)
    snap = CatalogSource(settings.schedule, choices=choices).snapshot()
    say_skipped(skipped_note(snap.problem_lines()))
    return snap.catalog


def say_skipped(note: str | None) -> None:
    """The files a command left out, in Polish on stderr (stdout is its report)."""
    if note:
        print(note, file=sys.stderr)


# The temporary file an atomic write puts beside its target (notifier.files.atomic).
_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.[^.]+\.tmp$")


def file_error_line(exc: OSError) -> str:
    """One Polish line for an OSError that ended a one-shot command (a full or read-only
    disk, a missing folder): the file it concerns — the target, not the temporary file an
    atomic write was filling — and why, in Polish (blind round three, F20). Nothing was
    written: every write of the package is whole or not at all (notifier.files.atomic)."""
    if exc.filename is None:
        return f"Operacja na pliku nie powiodła się: {system_reason(exc)}. Nic nie zapisano."
    path = Path(os.fsdecode(exc.filename))
    temp = _TEMP_NAME.match(path.name)
    if temp is not None:
        return (
            f"Nie można zapisać pliku {path.with_name(temp['target'])}: "
            f"{system_reason(exc)}. Nic nie zapisano – plik jest bez zmian."
        )
    return f"Operacja na pliku {path} nie powiodła się: {system_reason(exc)}. Nic nie zapisano."


# SQLite's words for a full disk (SQLITE_FULL) and a failed write (SQLITE_IOERR: also a file
# size limit reached), said in Polish with the driver's own words after them.
_DATABASE_REASONS = {
    "database or disk is full": "brak miejsca na dysku",
    "disk i/o error": "błąd zapisu lub odczytu dysku (np. brak miejsca)",
}


def database_error_line(exc: BaseException) -> str:
    """One Polish line for a database error that ended a one-shot command mid-way (a full
    disk under the reminder pass, issue 25 F6): why, in Polish where the words are known,
    the driver's first line (addresses masked) after it, and what to do."""
    from notifier.core.system_errors import first_line
    from notifier.redact import mask_url

    said = mask_url(first_line(exc))
    known = _DATABASE_REASONS.get(said.strip().lower())
    reason = f"{known} ({said})" if known else said or type(exc).__name__
    return (
        f"Przerwano z powodu błędu bazy danych: {reason}. Proszę usunąć przyczynę (np. zwolnić "
        "miejsce na dysku) i uruchomić polecenie ponownie."
    )


def served_settings(settings: Settings, host: str, port: int) -> Settings:
    """The settings of `serve`/`web` on `host`:`port`: when NOTIFIER_BASE_URL is set nowhere
    (neither the environment nor `.env`), links in pages, feeds and emails follow the address
    served — the host's name for a bind-all address — and the variable is put into this
    process's environment for the `--workers` processes; a NOTIFIER_BASE_URL that is set
    anywhere wins (blind round 8: `make run` overrode the one in `.env`)."""
    if "base_url" in settings.model_fields_set:
        return settings
    name = socket.getfqdn() if not host.strip() or bind_all(host) else host.strip()
    shown = f"[{name}]" if ":" in name and not name.startswith("[") else name
    url = f"http://{shown}:{port}"
    os.environ["NOTIFIER_BASE_URL"] = url
    return settings.model_copy(update={"base_url": url})
