"""Every document is read in a child process bounded in memory (RLIMIT_AS), CPU time
(RLIMIT_CPU) and wall time: a hostile PDF, DOCX, XLSX, ODT, ODS, HTML or text that makes a
parser or the core's readers loop or swell is refused within seconds, and the caller (the
CLI, or a web process for the office's upload) neither waits longer nor grows.

Each child is a fork of the caller (multiprocessing's "fork"): it starts in milliseconds with
the readers already imported, and its limits are on what it adds — its address space may grow
by `memory_bytes` past the caller's, or as far as the limits it inherits allow (`ulimit -v`,
`prlimit --as`, systemd's LimitAS=): it only ever lowers them. The child runs only the reading (no logging, no
database, no event loop of the caller's) and ends by os._exit. It answers with pickled data
that the caller unpickles allowing only the importer's own plain classes: a child taken over
by a document still cannot make the caller run anything.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import pickle
import resource
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import PurePath

from notifier.core.importing.model import DocumentError, ImportedSchedule
from notifier.core.system_errors import system_reason
from notifier.documents.pdf import TooCostly, too_costly
from notifier.documents.reading import read_document

log = logging.getLogger(__name__)

# A fork, not a fresh interpreter: the readers' imports would cost a second a document, and
# a spawned or fork-served child imports the caller's main module again.
_CONTEXT = multiprocessing.get_context("fork")
MAX_ANSWER = 64 * 1024 * 1024  # bytes of a child's pickled answer (a harmonogram's: kilobytes)


@dataclass(frozen=True)
class Limits:
    """What the child may add to the caller's address space (bytes), its CPU time and wall
    time (seconds)."""

    memory_bytes: int = 1024 * 1024 * 1024
    cpu_seconds: int = 20
    timeout_seconds: float = 30


LIMITS = Limits()


def read_isolated(
    data: bytes, name: str, year: int | None, limits: Limits = LIMITS
) -> ImportedSchedule:
    """notifier.documents.reading.read_document in a child process under `limits`: what the
    document holds, or DocumentError (Polish): the reader's own refusal, or the document
    being too costly to read (memory, CPU time or wall time past the limits)."""
    try:
        receiver, sender = _CONTEXT.Pipe(duplex=False)
        child = _CONTEXT.Process(
            target=_child, args=(sender, data, name, year, limits), name="notifier-document"
        )
        child.start()
    except OSError as exc:  # no process or pipe to be had (memory, process or file limits)
        why = f"nie można uruchomić procesu, który czyta dokumenty ({system_reason(exc)})"
        raise _unavailable(why, f"cannot start the reading process: {exc}") from None
    sender.close()
    try:
        answer = None
        if receiver.poll(limits.timeout_seconds):
            try:
                answer = _load(receiver.recv_bytes(MAX_ANSWER))
            except (EOFError, OSError):  # killed (CPU time) before or while answering
                answer = None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    return _result(answer, name)


class ReaderUnavailable(DocumentError):
    """The server cannot read documents now (no child process, or its limits could not be
    set, or the memory the operator's limit leaves it is too small): not the document's fault."""


def _unavailable(why: str, detail: str) -> ReaderUnavailable:
    """The error for the office or the CLI (`why` in Polish) and one log line (`detail`)."""
    log.error("document reader unavailable: %s", detail)  # one line, no traceback
    return ReaderUnavailable(
        f"Serwer nie może teraz odczytywać dokumentów: {why}. To nie wina pliku – prosimy "
        "nie zapisywać go ponownie, tylko spróbować później albo poprosić administratora "
        "serwera o pomoc."
    )


def out_of_memory(where: str) -> ReaderUnavailable:
    """A MemoryError outside the child (reading the file, writing the harmonogram in the
    caller's process): the limit the service inherits, not the document (blind11 F8)."""
    return _unavailable(
        "zabrakło pamięci (limit pamięci usługi, np. ulimit -v albo LimitAS=, jest za niski)",
        f"out of memory {where}",
    )


def _result(answer: object, name: str) -> ImportedSchedule:
    if isinstance(answer, ImportedSchedule):
        return answer
    if isinstance(answer, tuple) and answer[0] == "unavailable":
        raise _unavailable(str(answer[1]), str(answer[2]))
    if isinstance(answer, tuple) and answer[0] == "refused":
        raise DocumentError(str(answer[1]))
    if isinstance(answer, tuple) and answer[0] == "failed":
        log.error("reading %s failed in its child process:\n%s", name, answer[1])
        # The error's kind, not "see the log": `notifier import` writes no log (blind round,
        # issue 22 F2); the server's log has the traceback above.
        kind = str(answer[1]).split("(", 1)[0].split(":", 1)[0].strip() or "nieznany"
        raise DocumentError(
            f"Pliku {name} nie udało się odczytać z powodu błędu programu ({kind}). "
            "Proszę zapisać dokument w innym formacie (PDF, DOCX, XLSX) i spróbować ponownie. "
            "Szczegóły błędu są w dzienniku serwera, a polecenie notifier import pokazuje je "
            "po ustawieniu NOTIFIER_LOG_LEVEL=ERROR."
        )
    if PurePath(name).suffix.lower() == ".pdf":
        raise too_costly(name)
    raise DocumentError(
        f"Odczyt pliku {name} przekroczył limit czasu lub pamięci; plik odrzucono. Proszę "
        "zapisać dokument ponownie w edytorze (albo w innym formacie: PDF, DOCX, XLSX) i "
        "zaimportować jeszcze raz."
    )


def _child(sender: Connection, data: bytes, name: str, year: int | None, limits: Limits) -> None:
    """In the child: limit itself, read, send the ImportedSchedule or ("refused", message),
    ("costly",), ("failed", traceback), ("unavailable", why) when it cannot limit itself or
    the limits it inherits leave it too little memory to read."""
    answer: object
    try:
        room = _limit_self(limits)
    except (OSError, ValueError) as exc:  # never the traceback multiprocessing would print
        why = "nie można ustawić limitów pamięci i czasu procesu, który czyta dokumenty"
        room, answer = 0, ("unavailable", why, f"cannot set the reading process's limits: {exc}")
    else:
        answer = _read(data, name, year)
    if answer == ("costly",) and room < limits.memory_bytes:
        answer = _short(room)
    try:
        sender.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except MemoryError:
        sender.send_bytes(pickle.dumps(("costly",)))
    sender.close()
    # At once: no flush of the caller's streams, whose locks another of its threads may
    # have held at the fork.
    os._exit(0)


def _read(data: bytes, name: str, year: int | None) -> object:
    try:
        return read_document(data, name, year)
    except MemoryError:
        return ("costly",)
    except DocumentError as exc:  # a PDF past the address space: TooCostly (blind11 F8)
        costly = isinstance(exc, TooCostly) or "MemoryError" in repr(exc.__context__)
        return ("costly",) if costly else ("refused", str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader's bug: the caller logs it
        said = traceback.format_exc()
        return ("costly",) if "MemoryError" in said else ("failed", f"{exc!r}\n{said}")


def _limit_self(limits: Limits) -> int:
    """Lower the child's address space to the caller's size plus `memory_bytes` and its CPU
    time to `cpu_seconds`, each within the soft and hard limits it inherited (a process may
    not raise a hard limit, and a soft one is the operator's choice too). The bytes the
    child may add to the caller's size."""
    with open("/proc/self/statm", encoding="ascii") as statm:  # the caller's, inherited
        inherited = int(statm.read().split()[0]) * resource.getpagesize()
    most = _lower(resource.RLIMIT_AS, inherited + limits.memory_bytes)
    _lower(resource.RLIMIT_CPU, limits.cpu_seconds)
    return most - inherited


def _lower(which: int, wanted: int) -> int:
    """Set the soft and hard limit `which` to at most `wanted`; the soft limit set."""
    soft, hard = resource.getrlimit(which)
    lowered = (_at_most(wanted, soft), _at_most(wanted, hard))
    resource.setrlimit(which, lowered)
    return lowered[0]


def _at_most(wanted: int, limit: int) -> int:
    return wanted if limit == resource.RLIM_INFINITY else min(wanted, limit)


def _short(room: int) -> tuple[str, str, str]:
    """The answer when the memory the inherited limit leaves was too little to read."""
    mib = max(room, 0) // 2**20
    why = f"limit pamięci usługi (ulimit -v, LimitAS=) zostawia na odczyt tylko {mib} MB"
    detail = f"the inherited address-space limit leaves the reader {mib} MiB, too little"
    return ("unavailable", why, detail)


# What a child's answer may hold besides builtin containers and strings.
_ALLOWED = {
    ("notifier.core.importing.model", "ImportedSchedule"),
    ("notifier.core.importing.model", "ImportedDepartment"),
    ("notifier.core.importing.model", "ImportedTask"),
    ("notifier.core.importing.model", "Where"),
    ("datetime", "date"),
}


class _AnswerUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is no part of a reader's answer")
        found: type = super().find_class(module, name)
        return found


def _load(body: bytes) -> object:
    try:
        return _AnswerUnpickler(io.BytesIO(body)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
