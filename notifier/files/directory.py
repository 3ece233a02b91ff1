"""The files of NOTIFIER_SCHEDULE and the order between them: which *.toml files there are,
and which of two files holding the same city and year serves it (the one recorded, see
notifier.core.served_files; else the older one). notifier.files.source reads them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Protocol

from notifier.core.catalog import Entry
from notifier.core.served_files import Key, held_by_broken_file_problem
from notifier.files.kept import KeptFiles
from notifier.files.reading import shown_path


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def harmonogram_files(path: Path) -> dict[Path, tuple[int, int]]:
    """The harmonogram files of NOTIFIER_SCHEDULE with their (mtime ns, size): the file
    itself when `path` is not a directory (none when it is missing), else every *.toml under
    it (recursively, symlinks to folders not followed)."""
    if not path.is_dir():
        stamp = _stamp(path)
        return {path: stamp} if stamp is not None else {}
    return _toml_files(path)


def _toml_files(folder: Path) -> dict[Path, tuple[int, int]]:
    """Every *.toml under `folder` with its (mtime ns, size); os.scandir gives the stat of a
    walk's entries cheaply."""
    found: dict[Path, tuple[int, int]] = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                found.update(_toml_files(Path(entry.path)))
            elif entry.name.endswith(".toml") and entry.is_file():
                st = entry.stat()
                found[Path(entry.path)] = (st.st_mtime_ns, st.st_size)
        except OSError:
            continue  # gone while we looked: the next scan sees it as gone
    return found


def by_age(path: Path, stamp: tuple[int, int]) -> tuple[int, Path]:
    """Which of two files with the same city and year is served: the older (`stamp`'s
    modification time in ns, then the path) comes first."""
    return stamp[0], path


class ServedFiles(KeptFiles, Protocol):
    """Where the choice of the file serving each city and year, and each served file's last
    good content, are kept for every process (notifier.store.served_files.RecordedChoices)."""

    def decide(
        self, candidates: Mapping[Key, Sequence[str]], present: AbstractSet[str]
    ) -> dict[Key, str]:
        """notifier.core.served_files.served_choice over the recorded choices, the new ones
        recorded; any exception when the record cannot be reached."""
        ...


Decide = Callable[[Mapping[Key, Sequence[str]], AbstractSet[str]], dict[Key, str]]


def served_order(
    folder: Path, valid: list[tuple[Path, Entry]], found: Iterable[Path], decide: Decide
) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """The entries of `valid` (path, entry; in by_age order) with the file chosen by `decide`
    for each city and year first, and those refused because the file chosen for their year
    does not validate now (see served_choice). Files are named relative to `folder`."""
    names = {p: shown_path(p.relative_to(folder)) for p in found}
    candidates: dict[Key, list[str]] = {}
    for path, entry in valid:
        candidates.setdefault(entry.key, []).append(names[path])
    chosen = decide(candidates, set(names.values()))
    first, rest, refused = [], [], []
    for path, entry in valid:
        holder = chosen[entry.key]
        if holder == names[path]:
            first.append(entry)
        elif holder in candidates[entry.key]:
            rest.append(entry)
        else:
            refused.append(
                (entry, held_by_broken_file_problem(entry.key, shown_path(folder / holder)))
            )
    return first + rest, refused
