"""Read a city's harmonogram document (bytes) into a harmonogram file: the format adapters.

`import_document` is the one entry (for the CLI and the office's upload): bytes and a file
name in, an ImportResult (file text, validated Schedule, Polish review) out; no I/O of its own.
Each format has its module; the table reading itself is the core's (notifier.core.importing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import PurePath

from notifier.core.importing.carry_over import Previous
from notifier.core.importing.document_place import Named, city_in, same_city
from notifier.core.importing.model import DocumentError, ImportedSchedule
from notifier.core.importing.review import ImportResult, build_import, harmonogram_year
from notifier.core.importing.table_choice import SEVERAL_YEARS
from notifier.documents.isolated import LIMITS, Limits, ReaderUnavailable, read_isolated
from notifier.documents.reading import MAX_ROWS
from notifier.files.reading import shown_path

MAX_BYTES = 20 * 1024 * 1024  # no city's harmonogram comes near; a larger file is refused unread

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "DocumentError",
    "FindPrevious",
    "ImportResult",
    "Limits",
    "Previous",
    "ReaderUnavailable",
    "import_document",
    "too_large",
]

# The city's earlier harmonogram for an import of (city name, year), found by the caller
FindPrevious = Callable[[str, int], Previous | None]


def too_large(name: str, size: int) -> DocumentError:
    """The refusal of a document of `size` bytes (> MAX_BYTES), in Polish: "ma ponad 20 MB"
    and its size in whole MB when that is more, so 20 MB and one byte never reads "ma 20 MB"."""
    limit = MAX_BYTES // 1024 // 1024
    mb = size // 1024 // 1024
    shown = f" ({mb} MB)" if mb > limit else ""
    return DocumentError(
        f"Plik {name} ma ponad {limit} MB{shown}; import przyjmuje pliki do {limit} MB."
    )


def import_document(
    data: bytes,
    filename: str,
    *,
    city: str | None = None,
    year: int | None = None,
    as_of: date | None = None,
    previous: Previous | FindPrevious | None = None,
    source_url: str | None = None,
    limits: Limits = LIMITS,
    today: date | None = None,
) -> ImportResult:
    """Import the harmonogram in `data` (the document's bytes; its format from `filename`'s
    extension and the bytes). `city`, `year`, `as_of` override what the document says.
    `previous` is the city's earlier harmonogram whose ids the import keeps, or a function
    finding it once the city and year are known (notifier.core.importing.carry_over).
    `source_url` (http(s)) is the document's address, the file's `source` (without it the
    file has a placeholder comment: a local file's name is never published as the source).
    The document is read in a child process under `limits` (notifier.documents.isolated).

    Raises DocumentError (Polish message) for a document that cannot be imported: too large,
    an unsupported or old format, no text layer, no harmonogram-like table, too costly to read.
    """
    name = shown_path(PurePath(filename).name)  # bytes not UTF-8 and controls as \xNN
    if len(data) > MAX_BYTES:
        raise too_large(name, len(data))
    try:
        imported = read_isolated(data, name, None, limits)  # its own year: checked against `year`
    except DocumentError as refusal:
        if year is None or SEVERAL_YEARS not in str(refusal):
            raise
        # several years' harmonograms, each in its own table: the asked year's is read
        imported = read_isolated(data, name, year, limits)
    city = city or city_from_name(name, imported)
    if callable(previous):
        known = harmonogram_year(imported, year, as_of, name)
        previous = previous(city, known) if city and known else None
    return build_import(
        imported,
        source=name,
        city=city,
        year=year,
        as_of=as_of,
        previous=previous,
        source_url=source_url,
        today=today,
    )


def city_from_name(filename: str, imported: ImportedSchedule | None = None) -> str | None:
    """The city the document names in its first case ("Miasto Kalisz", "GMINA MIEJSKA
    KALISZ", "Kalisz, 30.11.2026 r."; notifier.core.importing.document_place.city_in), else
    the file name's: 'harmonogram-2024-leszno.txt' -> 'Leszno', the name's last word of
    letters after a year."""
    if imported is not None:
        named = [Named(*n) for n in imported.named]
        printed = city_in(named)
        if printed is not None:
            imported.notes.append(f"miasto {printed.name} z dokumentu: „{printed.phrase}”")
            return printed.name
        agreeing = [  # "konin-2027-bip.html" beside "Prezydent Miasta Konina": Konin
            w
            for w in re.findall(r"[^\W\d_]{3,}", PurePath(filename).stem)
            if any(same_city(w, n.name) for n in named)
        ]
        if named and not agreeing:
            return None  # the file name names no city the document names
        if agreeing:
            return agreeing[0].capitalize()
    stem = PurePath(filename).stem
    found = re.search(r"(?:19|20)\d\d[-_ ]+([^\W\d_]+(?:[-_][^\W\d_]+)*)$", stem)
    if not found:
        return None
    return " ".join(w.capitalize() for w in re.split(r"[-_]", found.group(1)))
