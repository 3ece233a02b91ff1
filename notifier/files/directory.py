"""The files of NOTIFIER_SCHEDULE and the order between them: which *.toml files there are,
and which of two files holding the same city and year serves it (the one recorded, see
notifier.core.served_files; else the older one). notifier.files.source reads them.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import NamedTuple, Protocol

from notifier.core.catalog import Entry, entry_problems
from notifier.core.served_files import Key, held_by_broken_file_problem
from notifier.core.system_errors import system_reason
from notifier.files.kept import KeptFiles
from notifier.files.reading import shown_path
from notifier.files.recorded_names import recorded_name, recorded_path
from notifier.files.settling import Stamp


def stamp_of(st: os.stat_result) -> Stamp:
    """What tells a file's versions apart without reading it (notifier.files.settling.Stamp)."""
    return st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino


def _stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return stamp_of(st)


class Listing(NamedTuple):
    """The harmonogram files found (path -> Stamp: mtime ns, size, ctime ns, inode) and what
    could not be looked at (path -> Unreadable): a folder that cannot be listed, a *.toml
    that cannot be stat'd."""

    files: dict[Path, Stamp]
    unreadable: dict[Path, Unreadable]


class Unreadable(NamedTuple):
    """Why a path of NOTIFIER_SCHEDULE could not be looked at: the error's symbolic name for
    the log (English: "ENAMETOOLONG") and the problem in Polish."""

    code: str
    problem: str


def harmonogram_files(path: Path) -> Listing:
    """The harmonogram files of NOTIFIER_SCHEDULE with their (mtime ns, size): the file
    itself when `path` is not a directory (none when it is missing), else every *.toml under
    it (recursively, symlinks to folders not followed but named, hidden files and folders — a name
    starting with "." — skipped) — and every folder or *.toml that
    could not be looked at for any reason of the system (a path longer than PATH_MAX, a loop
    of links, no permission, a link to nothing), which is that path's problem, never a
    silent gap and never the scan's end."""
    if not path.is_dir():
        stamp = _stamp(path)
        return Listing({path: stamp} if stamp is not None else {}, {})
    listing = Listing({}, {})
    _walk(path, listing)
    return listing


FOLDER_UNREADABLE = (
    "nie można odczytać katalogu ({reason}); żaden plik harmonogramu w nim nie jest wczytywany"
)
FILE_UNREADABLE = "nie można odczytać pliku ({reason})"
# M15 (blind7): a link to a folder was skipped without a word, its cities not served.
FOLDER_LINK = Unreadable(
    "folder symlink",
    "to dowiązanie symboliczne do katalogu, a takich nie odczytujemy (np. pętla dowiązań); "
    "pliki harmonogramów w nim nie są wczytywane – prosimy przenieść lub skopiować katalog "
    "do NOTIFIER_SCHEDULE zamiast dowiązania",
)


def _unreadable(exc: OSError, template: str) -> Unreadable:
    code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    return Unreadable(code, template.format(reason=system_reason(exc)))


def _walk(folder: Path, listing: Listing) -> None:
    """Every *.toml under `folder` into `listing`; os.scandir gives the stat of a walk's
    entries cheaply."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return  # gone while we looked: the next scan sees it as gone
    except OSError as exc:
        listing.unreadable[folder] = _unreadable(exc, FOLDER_UNREADABLE)
        return
    for entry in entries:
        if entry.name.startswith("."):  # hidden: an editor's lock (.#x.toml), .git, a draft
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(Path(entry.path), listing)
            elif entry.is_symlink() and entry.is_dir():
                listing.unreadable[Path(entry.path)] = FOLDER_LINK
            elif entry.name.endswith(".toml"):
                _add_file(entry, listing)
        except FileNotFoundError:
            continue  # gone while we looked
        except OSError as exc:
            listing.unreadable[Path(entry.path)] = _unreadable(exc, FILE_UNREADABLE)


def _add_file(entry: os.DirEntry[str], listing: Listing) -> None:
    """A *.toml entry: a regular file (or a link to one) is listed; a link to a folder is
    not followed; a link to nothing, or a FIFO or device, is unreadable."""
    try:
        st = entry.stat()
    except FileNotFoundError:
        if not entry.is_symlink():
            raise  # gone while we looked
        listing.unreadable[Path(entry.path)] = Unreadable(
            "dangling symlink",
            "nie można odczytać pliku (dowiązanie symboliczne do nieistniejącego pliku)",
        )
        return
    if stat.S_ISDIR(st.st_mode):  # a link to a folder: not followed, named
        listing.unreadable[Path(entry.path)] = FOLDER_LINK
        return
    if not stat.S_ISREG(st.st_mode):
        listing.unreadable[Path(entry.path)] = Unreadable(
            "not a regular file", "to nie jest zwykły plik (np. potok nazwany albo urządzenie)"
        )
        return
    listing.files[Path(entry.path)] = stamp_of(st)


def under_any(path: Path, folders: Iterable[Path]) -> bool:
    """Whether `path` lies in one of `folders`."""
    return any(path.is_relative_to(folder) for folder in folders)


def by_age(path: Path, stamp: Stamp) -> tuple[int, Path]:
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
    names = {p: recorded_name(p.relative_to(folder)) for p in found}
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
                (
                    entry,
                    held_by_broken_file_problem(
                        entry.key, shown_path(folder / recorded_path(holder))
                    ),
                )
            )
    return first + rest, refused


def served_entries(
    folder: Path, valid: list[tuple[Path, Entry]], found: Iterable[Path], decide: Decide | None
) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """The one choice of what serves, for the services and the one-shot commands alike
    (both read through notifier.files.source.CatalogSource): of `valid` (path, entry; in
    by_age order, a service's files serving now first), with `decide` and a directory, the
    file decided for each city and year first (served_order); then one entry per city and
    year (core.catalog.entry_problems). The entries served, and those refused with why."""
    entries = [e for _, e in valid]
    refused: list[tuple[Entry, str]] = []
    if decide is not None and folder.is_dir():
        entries, refused = served_order(folder, valid, found, decide)
    kept, more = entry_problems(entries)
    return kept, refused + more
