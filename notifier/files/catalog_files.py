"""Harmonogram files read once: every file of a path for `notifier check` and `topics` (each
read by notifier.files.reading.load_entry, as one harmonogram is), and what a one-shot
command says of the files it left out. notifier.files.source watches them for the services.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from functools import partial
from pathlib import Path

from notifier.core.catalog import Entry
from notifier.core.schedule import ScheduleError
from notifier.core.served_files import Key, served_choice
from notifier.core.year_consistency import year_differences
from notifier.files.directory import by_age, harmonogram_files, served_entries
from notifier.files.reading import MISSING_PATH_PROBLEM, load_entry, shown_path

log = logging.getLogger(__name__)


def load_catalog_files(
    path: Path, recorded: Mapping[Key, str] | None = None
) -> tuple[list[Entry], dict[str, tuple[str, ...]]]:
    """Every harmonogram of a directory (or the one file), and each file's problems: what
    `notifier check` reports file by file — the same choice as CatalogSource's: the
    `recorded` file of a city and year (notifier.store.served_files.recorded_choices) while
    it is there, else the older file (by_age)."""
    listing = harmonogram_files(path)
    files = listing.files
    problems: dict[str, tuple[str, ...]] = {
        shown_path(p): (u.problem,) for p, u in listing.unreadable.items()
    }
    if not path.exists():  # a missing file or directory alike (source.py says it so too)
        problems[shown_path(path)] = (MISSING_PATH_PROBLEM,)
    valid = []
    for file in sorted(files, key=lambda f: by_age(f, files[f])):
        try:
            valid.append((file, load_entry(file)))
        except ScheduleError as exc:
            problems[shown_path(file)] = tuple(exc.problems)
    decide = None if recorded is None else partial(served_choice, recorded=recorded)
    kept, refused = served_entries(path, valid, files, decide)
    for entry, why in refused:
        problems[entry.source] = (why,)
    return kept, problems


def log_year_differences(entries: Iterable[Entry], changed: Collection[str]) -> None:
    """Log (Polish, a warning) each name, region or office address a city's years' files give
    differently (core.year_consistency) when one of the two files is among `changed`: said
    once, when a file is loaded or reloaded, not at every scan."""
    for difference in year_differences(entries):
        if any(source in changed for source in difference.sources):
            log.warning("%s", difference.text)


def skipped_note(lines: list[str]) -> str | None:
    """What a one-shot command says (Polish, on stderr: its user sees no log line) of the
    files it left out, `lines` being "path: problem"; None when there are none."""
    if not lines:
        return None
    listed = "\n".join(f"  {line}" for line in lines)
    return (
        "Pominięto pliki harmonogramu z błędami (prosimy je poprawić; szczegóły pokaże "
        f"notifier check):\n{listed}"
    )
