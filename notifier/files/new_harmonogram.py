"""Adding a city's harmonogram for a new year to the schedule directory (the office's import).

Where it goes follows the city's latest file: `leszno/2024.toml` → `leszno/2025.toml`; a file
directly in the directory (`przykladowo-2025.toml`) → `przykladowo-2026.toml` beside it. One
file served alone (NOTIFIER_SCHEDULE names a file) cannot take a second year: None.
"""

from __future__ import annotations

import os
from pathlib import Path

from notifier.core.errors import NotifierError
from notifier.files.atomic import replace_file
from notifier.files.record_call import schedule_lock


class HarmonogramExists(NotifierError):
    """The year's file is there already; nothing is overwritten."""


class HarmonogramChanged(NotifierError):
    """The year's file is no longer what the import wrote; nothing is moved."""


def next_year_path(root: Path, latest: Path, city_id: str, year: int) -> Path | None:
    """The new year's file for the city, or None when `root` is one file."""
    if not root.is_dir():
        return None
    folder = latest.parent
    if folder.name == city_id and folder != root:
        return folder / f"{year}.toml"
    return folder / f"{city_id}-{year}.toml"


def write_new_harmonogram(path: Path, text: str) -> None:
    """Write the new file atomically under the directory's lock; HarmonogramExists if a file
    is there (never overwritten); OSError (disk full, permissions) passes through."""
    with schedule_lock(path):
        if path.exists():
            raise HarmonogramExists(f"Plik {path.name} już istnieje; import go nie nadpisuje.")
        replace_file(path, text.encode("utf-8"), mode=0o644)


def withdraw_new_harmonogram(path: Path, expected: str, stamp: str) -> Path:
    """Move the file an import wrote aside, to `<name>.cofniety-<stamp>` beside it (not a
    *.toml: the service no longer reads it; an administrator can rename it back), under the
    directory's lock, only while it still holds `expected`; HarmonogramChanged otherwise (a
    call recorded since, a hand edit, the file gone). Returns the new path; OSError passes."""
    with schedule_lock(path):
        try:
            current = path.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            raise HarmonogramChanged(f"Pliku {path.name} już nie ma.") from None
        if current != expected:
            raise HarmonogramChanged(f"Plik {path.name} zmieniono po imporcie.")
        aside = path.with_name(f"{path.name}.cofniety-{stamp}")
        os.rename(path, aside)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return aside
