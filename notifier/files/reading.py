"""Read one harmonogram file from disk: its bytes (size-capped), its version, its schedule.

The TOML text is parsed and validated by notifier.core.schedule_toml; this module does the
I/O. Watching files and holding the last good version is notifier.files.source's job.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
from pathlib import Path

from notifier.core.catalog import Entry
from notifier.core.input_rules import escaped_forbidden_chars, shown_megabytes
from notifier.core.schedule import Schedule, ScheduleError
from notifier.core.schedule_toml import parse_schedule_bytes
from notifier.core.system_errors import system_reason

log = logging.getLogger(__name__)


def load_schedule(path: str | Path) -> Schedule:
    """Read and validate a schedule file; raise ScheduleError listing every problem. One
    harmonogram is a catalog of one: it is read as each file of a directory is (load_entry)."""
    return load_entry(Path(path)).schedule


def load_entry(path: Path) -> Entry:
    """One file's harmonogram; ScheduleError (Polish) for anything that goes wrong reading
    it — whatever a file holds is that file's problem, never the scan's."""
    name = shown_path(path)
    try:
        data = read_schedule_bytes(path)
        schedule = parse_schedule_bytes(data, source=name)
    except ScheduleError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure is this one file's problem
        log.error("Reading schedule file %s failed: %s", name, type(exc).__name__)
        raise ScheduleError(name, [unexpected_problem(exc)]) from None
    return Entry(schedule, schedule_version(data), name)


# A harmonogram of a large city is some tens of kilobytes; anything near this limit is not one,
# and reading and validating it would stall the process for seconds.
MAX_SCHEDULE_BYTES = 2 * 1024 * 1024


def too_large_problem(size: int) -> str:
    """Why a file over MAX_SCHEDULE_BYTES is refused, in Polish."""
    return (
        f"plik jest za duży ({shown_megabytes(size)}); plik harmonogramu może mieć najwyżej "
        f"{MAX_SCHEDULE_BYTES // 1024 // 1024} MB – proszę sprawdzić, czy to właściwy plik"
    )


def read_schedule_bytes(path: str | Path) -> bytes:
    """The bytes of a schedule file; ScheduleError (in Polish) if it cannot be read or is
    larger than MAX_SCHEDULE_BYTES (refused before it is read)."""
    try:
        # O_NONBLOCK: opening a named pipe with no writer returns at once instead of waiting
        # (blind7 F1: `check FIFO` and `import --previous FIFO` hung); fstat then refuses it.
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            info = os.fstat(file.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", os.fsdecode(path))
            if not stat.S_ISREG(info.st_mode):
                raise ScheduleError(shown_path(path), [NOT_REGULAR_PROBLEM])
            if info.st_size > MAX_SCHEDULE_BYTES:
                raise ScheduleError(shown_path(path), [too_large_problem(info.st_size)])
            data = file.read(MAX_SCHEDULE_BYTES + 1)
    except OSError as exc:
        raise ScheduleError(shown_path(path), [os_error_problem(exc)]) from None
    if len(data) > MAX_SCHEDULE_BYTES:  # grew while we read it
        raise ScheduleError(shown_path(path), [too_large_problem(len(data))])
    return data


# An empty or blank path names no file: Path("") is the current directory (blind7 M10).
EMPTY_PATH_PROBLEM = "pusta ścieżka – prosimy podać nazwę pliku lub katalogu"
# NOTIFIER_SCHEDULE (or check's PATH) names nothing: a file or a directory alike.
MISSING_PATH_PROBLEM = "nie ma takiego pliku ani katalogu"
# No file name holds a NUL byte; the system refuses it with a ValueError, not an OSError.
NUL_PATH_PROBLEM = "ścieżka zawiera znak NUL (U+0000), a nazwa pliku nie może go zawierać"
# The one refusal of a named pipe, a device or a socket wherever a harmonogram path is named
# (--schedule, check's PATH, import --previous) or read: reading a named pipe never ends.
NOT_REGULAR_PROBLEM = (
    "to nie jest zwykły plik ani katalog (potok, urządzenie lub gniazdo) – prosimy "
    "podać plik harmonogramu (.toml) albo katalog z takimi plikami"
)


def path_problem(path: Path) -> str | None:
    """Why `path` (a harmonogram file or directory an operator names) cannot even be looked
    at, in Polish ("za długa nazwa pliku", the path not repeated), or None: a path that does not exist yet is the
    reader's own problem, told where it is read. An OSError from stat() (a name over 255
    bytes, a loop of links, no permission) must be one line, never a traceback (issue 25)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return system_reason(exc)
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # reading a named pipe never ends
        return NOT_REGULAR_PROBLEM
    if stat.S_ISDIR(mode) and os.path.realpath(path) == "/":  # a scan of the whole system
        return (
            "to katalog główny systemu plików – prosimy podać katalog z plikami "
            "harmonogramów (.toml)"
        )
    return None


def os_error_problem(exc: OSError) -> str:
    """Why a file could not be read, in Polish (the system's own text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "nie ma takiego pliku"
    if isinstance(exc, IsADirectoryError):
        return "to jest katalog, a nie plik – prosimy podać ścieżkę do pliku harmonogramu (.toml)"
    if isinstance(exc, NotADirectoryError):
        return "nie ma takiego pliku (część ścieżki nie jest katalogiem)"
    if isinstance(exc, PermissionError):
        return "brak uprawnień do odczytu pliku – prosimy poprosić administratora o dostęp"
    return f"nie można odczytać pliku ({system_reason(exc)})"


def unexpected_problem(exc: BaseException) -> str:
    """Why a file could not be read when the reason is none of the expected ones, in Polish
    (the exception's class name as a detail for the operator)."""
    if isinstance(exc, RecursionError):
        return "zbyt głębokie zagnieżdżenie"
    if isinstance(exc, MemoryError):
        return "plik wymaga zbyt wiele pamięci, by go odczytać"
    return f"nie można odczytać pliku: nieoczekiwany błąd ({type(exc).__name__})"


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def shown_path(path: str | Path) -> str:
    """A file's path as text that can go anywhere (JSON, a page, a log line, a terminal):
    bytes that are not UTF-8 and control characters written as \\xNN, and whatever else
    input_rules refuses in a text (C1, bidi controls) as its escape (\\u202e)."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return escaped_forbidden_chars(_CONTROL_RE.sub(lambda m: f"\\x{ord(m[0]):02x}", text))


VERSION_LENGTH = 12


def schedule_version(data: bytes) -> str:
    """A short, stable hash of the file's bytes: same bytes, same version, on any machine."""
    return hashlib.sha256(data).hexdigest()[:VERSION_LENGTH]
