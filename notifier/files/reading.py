"""Read schedule files from disk, and hold the last good one, reloading it when the file changes.

The TOML text is parsed and validated by notifier.core.schedule; this module does the I/O.
ScheduleSource is shared by the web app and the reminder worker; it knows nothing about either.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from notifier.core.schedule import Schedule, ScheduleError
from notifier.core.schedule_toml import parse_schedule_bytes
from notifier.metrics import SCHEDULE_RELOAD_ERRORS

log = logging.getLogger(__name__)


def load_schedule(path: str | Path) -> Schedule:
    """Read and validate a schedule file; raise ScheduleError listing every problem."""
    path = Path(path)
    return parse_schedule_bytes(read_schedule_bytes(path), source=str(path))


# A harmonogram of a large city is some tens of kilobytes; anything near this limit is not one,
# and reading and validating it would stall the process for seconds.
MAX_SCHEDULE_BYTES = 2 * 1024 * 1024


def too_large_problem(size: int) -> str:
    """Why a file over MAX_SCHEDULE_BYTES is refused, in Polish."""
    return (
        f"plik jest za duży ({size / 1024 / 1024:.1f} MB); plik harmonogramu może mieć najwyżej "
        f"{MAX_SCHEDULE_BYTES // 1024 // 1024} MB – proszę sprawdzić, czy to właściwy plik"
    )


def read_schedule_bytes(path: str | Path) -> bytes:
    """The bytes of a schedule file; ScheduleError (in Polish) if it cannot be read or is
    larger than MAX_SCHEDULE_BYTES (refused before it is read)."""
    try:
        with Path(path).open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_SCHEDULE_BYTES:
                raise ScheduleError(str(path), [too_large_problem(size)])
            data = file.read(MAX_SCHEDULE_BYTES + 1)
    except OSError as exc:
        raise ScheduleError(str(path), [os_error_problem(exc)]) from None
    if len(data) > MAX_SCHEDULE_BYTES:  # grew while we read it
        raise ScheduleError(str(path), [too_large_problem(len(data))])
    return data


def os_error_problem(exc: OSError) -> str:
    """Why a file could not be read, in Polish (the system's own text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "nie ma takiego pliku"
    if isinstance(exc, IsADirectoryError):
        return "to jest katalog, a nie plik – prosimy podać ścieżkę do pliku harmonogramu (.toml)"
    if isinstance(exc, NotADirectoryError):
        return "nie ma takiego pliku (część ścieżki nie jest katalogiem)"
    if isinstance(exc, PermissionError):
        return "brak uprawnień do odczytu pliku – poproś administratora o dostęp"
    return f"nie można odczytać pliku (błąd systemu nr {exc.errno}: {exc.strerror})"


VERSION_LENGTH = 12


def schedule_version(data: bytes) -> str:
    """A short, stable hash of the file's bytes: same bytes, same version, on any machine."""
    return hashlib.sha256(data).hexdigest()[:VERSION_LENGTH]


@dataclass(frozen=True)
class Snapshot:
    """The schedule being served, its version, and when its file was last modified (UTC)."""

    schedule: Schedule
    version: str
    modified: datetime
    # The problems of a later edit that did not validate (empty when the file is what we serve).
    problems: tuple[str, ...] = field(default=())


class ScheduleSource:
    """The last good schedule read from `path`, reloaded when its mtime or size changes.

    The first read happens in the constructor and raises ScheduleError, so a service never
    starts without a valid schedule. Later, `current()` / `snapshot()` stat the file once
    per call; a change that does not validate is logged and the previous schedule stays.
    With `background` (the web app), a changed file is read and validated in a thread of its
    own while requests go on being answered from the previous version; without it (the
    worker, the CLI), the call that notices the change reloads. Thread-safe.
    """

    def __init__(self, path: str | Path, *, background: bool = False) -> None:
        self.path = Path(path)
        self.background = background
        self._reloading: threading.Thread | None = None
        self._lock = threading.Lock()
        stamp = self._stat()
        if stamp is None:
            raise ScheduleError(str(self.path), [os_error_problem(FileNotFoundError())])
        data = self._read()
        schedule = self._parse(data)  # raises ScheduleError at start
        self._stamp: tuple[int, int] | None = stamp
        self._snapshot = Snapshot(schedule, schedule_version(data), _utc(stamp[0]))
        log.info("Loaded schedule %s, version %s", self.path, self._snapshot.version)

    def current(self) -> tuple[Schedule, str]:
        """The schedule to use now and its version (reloads first if the file changed)."""
        snapshot = self.snapshot()
        return snapshot.schedule, snapshot.version

    @property
    def served(self) -> Snapshot:
        """The snapshot answered now, without looking at the file (a reload in progress
        replaces it when done)."""
        with self._lock:
            return self._snapshot

    def snapshot(self) -> Snapshot:
        """Like `current()`, with the file's modification time and any pending problems."""
        stamp = self._stat()
        with self._lock:
            if stamp == self._stamp:
                return self._snapshot
            if not self.background:
                self._stamp = stamp
                self._snapshot = self._reloaded(self._snapshot, stamp)
                return self._snapshot
            if self._reloading is None:
                self._reloading = threading.Thread(
                    target=self._reload_in_background, args=(stamp,), daemon=True
                )
                self._reloading.start()
            return self._snapshot

    def settle(self) -> Snapshot:
        """Notice a change and wait for any reload in progress; the snapshot after it."""
        while True:
            self.snapshot()
            with self._lock:
                thread = self._reloading
            if thread is None:
                return self.snapshot()
            thread.join()

    def _reload_in_background(self, stamp: tuple[int, int] | None) -> None:
        try:
            with self._lock:
                current = self._snapshot
            loaded = self._reloaded(current, stamp)  # the slow part, without the lock
            with self._lock:
                self._stamp, self._snapshot = stamp, loaded
        except Exception:
            SCHEDULE_RELOAD_ERRORS.inc()
            log.exception("Reloading schedule file %s failed", self.path)
            with self._lock:
                self._stamp = stamp
        finally:
            with self._lock:
                self._reloading = None

    # --- internals ----------------------------------------------------------------------

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _read(self) -> bytes:
        return read_schedule_bytes(self.path)

    def _parse(self, data: bytes) -> Schedule:
        return parse_schedule_bytes(data, source=str(self.path))

    def _reloaded(self, current: Snapshot, stamp: tuple[int, int] | None) -> Snapshot:
        """The snapshot to serve after the file changed to `stamp` (None: it is gone)."""
        if stamp is None:
            log.error(
                "Schedule file %s is gone; still serving version %s",
                self.path,
                current.version,
            )
            return Snapshot(
                current.schedule,
                current.version,
                current.modified,
                (os_error_problem(FileNotFoundError()),),
            )
        try:
            data = self._read()
            version = schedule_version(data)
            if version == current.version:
                return Snapshot(current.schedule, version, current.modified)
            schedule = self._parse(data)
        except ScheduleError as exc:
            SCHEDULE_RELOAD_ERRORS.inc()
            log.error(
                "Schedule file %s changed but does not validate; still serving version %s. "
                "%d problem(s):",
                self.path,
                current.version,
                len(exc.problems),
            )
            for problem in exc.problems:
                log.error("  %s: %s", self.path, problem)
            return Snapshot(
                current.schedule, current.version, current.modified, tuple(exc.problems)
            )
        log.info(
            "Reloaded schedule %s: version %s replaces %s", self.path, version, current.version
        )
        return Snapshot(schedule, version, _utc(stamp[0]))


def _utc(mtime_ns: int) -> datetime:
    return datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC)
