"""`notifier import DOCUMENT -o FILE.toml`: a city's document in, a harmonogram file and its
review (Polish) out. The reading is notifier.documents.import_document's; this only reads the
document (size capped before reading) and writes the file atomically, never over another."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from notifier.core.errors import NotifierError
from notifier.documents import MAX_BYTES, DocumentError, import_document
from notifier.files.atomic import replace_file


def read_document(path: Path) -> bytes:
    """The document's bytes; DocumentError (Polish) if it is missing, unreadable or larger than
    MAX_BYTES (checked before reading: a huge file is never loaded)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(
                f"Plik {path.name} ma {size / 1024 / 1024:.0f} MB; import przyjmuje pliki do "
                f"{MAX_BYTES // 1024 // 1024} MB."
            )
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DocumentError(f"Nie można odczytać pliku {path}: {exc.strerror}") from None


def cmd_import(args: argparse.Namespace, settings: Any) -> int:
    """Import the document, write the file (refusing to overwrite one), print the review."""
    output: Path = args.output
    if output.exists():
        raise NotifierError(
            f"Plik {output} już istnieje; import go nie nadpisuje. Proszę podać inną nazwę."
        )
    path = Path(args.document)
    result = import_document(
        read_document(path), path.name, city=args.city, year=args.year, as_of=args.as_of
    )
    replace_file(output, result.toml.encode("utf-8"), mode=0o644)
    print(f"Zapisano {output}.")
    print(result.review)
    print(f"\nDalej: notifier check {output}")
    return 0
