"""`notifier import DOCUMENT -o FILE.toml`: a city's document in, a harmonogram file and its
review (Polish) out. The reading is notifier.documents.import_document's; this only reads the
document (size capped before reading) and writes the file atomically, never over another."""

from __future__ import annotations

import argparse
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from notifier.core.catalog import city_id_problem
from notifier.core.errors import NotifierError
from notifier.core.input_rules import forbidden_char_problem
from notifier.core.time import warsaw_day
from notifier.documents import (
    MAX_BYTES,
    DocumentError,
    FindPrevious,
    Previous,
    import_document,
    too_large,
)
from notifier.documents.isolated import out_of_memory
from notifier.files.atomic import replace_file, special_kind
from notifier.files.earlier import earlier_harmonogram
from notifier.files.reading import load_schedule, os_error_problem, shown_path

GROWTH_CHUNK = 1 << 16  # what is read at a time of a file that grows while it is read
# The options whose text goes into the file (blind11 M11: an escape sequence in --city became
# `city = "Les[31mzno"`): a control character is refused, as in every file `check` reads. A
# path is a name the system already has: a document's is shown escaped (issue 25).
TEXT_OPTIONS = (("city", "--city"), ("source", "--source"))


def read_document(path: Path) -> bytes:
    """The document's bytes; DocumentError (Polish) if it is missing, unreadable, not a
    regular file (a directory, a named pipe, a device such as /dev/zero: refused at once,
    never waited on) or larger than MAX_BYTES (checked before reading: never loaded)."""
    try:
        # O_NONBLOCK: opening a named pipe with no writer returns at once instead of waiting
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        if isinstance(exc, IsADirectoryError):
            raise _not_a_file(path, "katalog") from None
        raise DocumentError(
            f"Nie można odczytać pliku {shown_path(path)}: {os_error_problem(exc)}."
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _not_a_file(path, special_kind(info.st_mode) or "plik specjalny")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_BYTES:
            raise too_large(shown_path(path.name), info.st_size)
        try:  # by the file's size, never a MAX_BYTES buffer for a small file (blind11 F8)
            data = handle.read(info.st_size + 1)
            while info.st_size < len(data) <= MAX_BYTES and (
                more := handle.read(min(GROWTH_CHUNK, MAX_BYTES + 1 - len(data)))
            ):
                data += more  # it grew while it was read
        except OSError as exc:
            raise DocumentError(
                f"Nie można odczytać pliku {shown_path(path)}: {os_error_problem(exc)}."
            ) from None
    if len(data) > MAX_BYTES:  # grew while it was read
        raise too_large(shown_path(path.name), len(data))
    return data


def _not_a_file(path: Path, kind: str) -> DocumentError:
    return DocumentError(
        f"{shown_path(path)} to {kind}, a nie zwykły plik; import czyta dokument zapisany w pliku "
        "(PDF, DOCX, ODT, XLSX, ODS, HTML albo TXT). Proszę podać ścieżkę do takiego pliku."
    )


def cmd_import(args: argparse.Namespace, settings: Any) -> int:
    """Import the document, write the file (refusing to overwrite one), print the review.
    Memory running out anywhere on the way is the server's limit, said in one line."""
    for name, label in TEXT_OPTIONS:
        value = getattr(args, name, None)
        problem = forbidden_char_problem(str(value)) if value is not None else None
        if problem is not None:
            raise NotifierError(f"Opcja {label} {problem}. Nic nie zapisano.")
    try:
        return _import(args, settings)
    except MemoryError:
        raise out_of_memory("importing a document (notifier import)") from None


def _import(args: argparse.Namespace, settings: Any) -> int:
    output: Path = args.output
    if output.suffix != ".toml":  # the directory scan reads *.toml only (blind7 M8)
        raise NotifierError(
            f"Plik {shown_path(output)} nie kończy się na .toml – serwis czyta z katalogu "
            "harmonogramów tylko pliki *.toml. Proszę podać nazwę z końcówką .toml, np. "
            "-o kalisz-2027.toml. Nic nie zapisano."
        )
    if output.exists() or output.is_symlink():  # a dangling link too: never replaced
        raise NotifierError(
            f"Plik {shown_path(output)} już istnieje; import go nie nadpisuje. Proszę podać inną "
            "nazwę."
        )
    path = Path(args.document)
    previous: Previous | FindPrevious
    if args.previous is not None:
        previous = Previous(load_schedule(args.previous), shown_path(args.previous))
    else:
        previous = lambda city, year: earlier_harmonogram(Path(settings.schedule), city, year)
    result = import_document(
        read_document(path),
        path.name,
        city=args.city,
        year=args.year,
        as_of=args.as_of,
        previous=previous,
        source_url=args.source,
        today=warsaw_day(datetime.now(UTC)),
    )
    schedule = result.schedule
    if problem := city_id_problem(schedule.city_id, schedule.city):  # check would refuse it
        raise NotifierError(f"Nie zapisano {shown_path(output)}: {problem}.")
    replace_file(output, result.toml.encode("utf-8"), mode=0o644)
    print(f"Zapisano {shown_path(output)}.")
    print(result.review)
    print(f"\nDalej: notifier check {shown_path(output)}")
    return 0
