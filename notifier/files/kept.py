"""The last good content of each served harmonogram file, kept in the database every process
shares (issue 25, notifier.store.served_files.RecordedChoices): a process started while a
served file does not validate (a restart, a deploy, the worker, a second web process) serves
the version every process served before, and names the problem — instead of dropping the
city's year from every feed, which makes subscribed calendar apps delete its events.

Files are named as served_files names them: relative to the served directory, so processes
given the directory by different paths agree. One file is a directory of one: it is named
by its own name (its folder is the served directory), so a single schedule file broken at
start serves its kept version as a file of a directory does.

What is kept of a file goes once its deletion is taken (notifier.files.settling): nothing
serves from it any more, and a file created later under its name must not bring back the
content of the one deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from notifier.core.catalog import Entry
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule_bytes
from notifier.files.reading import read_schedule_bytes, schedule_version, shown_path
from notifier.files.recorded_names import recorded_name

log = logging.getLogger(__name__)


class KeptFiles(Protocol):
    """Where each served file's last good bytes are kept (any exception: not reachable)."""

    def kept_versions(self) -> dict[str, str]:
        """file name -> the version (notifier.files.reading.schedule_version) kept."""
        ...

    def keep(self, files: Mapping[str, tuple[str, bytes]]) -> None:
        """Keep each file's (version, bytes), replacing what was kept of it."""
        ...

    def kept(self, name: str) -> bytes | None:
        """The bytes kept of the file `name`; None when nothing is."""
        ...

    def forget(self, names: Iterable[str]) -> None:
        """Drop what is kept of the files `names` (those kept of no such file: nothing)."""
        ...


def kept_name(root: Path, path: Path) -> str:
    """A file's name in the record: relative to the served directory `root`, or to the folder
    of `root` when it is one file (a directory of one), without loss
    (notifier.files.recorded_names)."""
    folder = root if path != root else root.parent
    return recorded_name(path.relative_to(folder))


def kept_problem(version: str) -> str:
    """Said beside a broken file's problems while its kept version serves (Polish)."""
    return (
        f"serwis podaje ostatnią poprawną wersję tego pliku ({version}), zapamiętaną w bazie "
        "danych – do czasu poprawienia pliku"
    )


def kept_entry(store: KeptFiles, root: Path, path: Path) -> Entry | None:
    """The harmonogram of the bytes kept of `path` (a file of the directory `root`, or `root`
    itself when it is one file, that does not validate now and that this process has not
    served yet); None when nothing is kept, the record cannot be reached, or the kept bytes
    no longer validate (a newer rule of the reader)."""
    name = shown_path(path)
    try:
        data = store.kept(kept_name(root, path))
    except Exception as exc:  # noqa: BLE001 - the database may be down: nothing kept then
        log.error("The kept version of %s could not be read (%s)", name, type(exc).__name__)
        return None
    if data is None:
        return None
    try:
        entry = Entry(parse_schedule_bytes(data, source=name), schedule_version(data), name)
    except ScheduleError:
        log.error("The kept version of %s does not validate either", name)
        return None
    log.error("Schedule file %s: serving its kept last good version %s", name, entry.version)
    return entry


class _Loaded(Protocol):
    entry: Entry | None
    problems: tuple[str, ...]


def keep_served(
    store: KeptFiles,
    root: Path,
    serving: Iterable[Entry],
    changed: Iterable[Path],
    files: Mapping[Path, _Loaded],
) -> None:
    """Keep the bytes of each `changed` file that loaded without problems (`files`: path ->
    its last good entry and problems) and is `serving`, unless the same version is kept
    already. A file changed again since it was read is left for the next scan; a record that
    cannot be reached is logged, and serving goes on."""
    sources = {e.source for e in serving}
    served = [
        (path, entry)
        for path in sorted(changed)
        if not files[path].problems
        and (entry := files[path].entry) is not None
        and entry.source in sources
    ]
    if not served:
        return
    try:
        known = store.kept_versions()
        fresh: dict[str, tuple[str, bytes]] = {}
        for path, entry in served:
            name = kept_name(root, path)
            if known.get(name) == entry.version:
                continue
            try:
                data = read_schedule_bytes(path)
            except (OSError, ScheduleError):
                continue
            if schedule_version(data) == entry.version:
                fresh[name] = (entry.version, data)
        if fresh:
            store.keep(fresh)
    except Exception as exc:  # noqa: BLE001 - the database may be down: serve on
        log.error("The last good versions could not be kept (%s)", type(exc).__name__)


def forget_gone(store: KeptFiles, root: Path, gone: Iterable[Path]) -> None:
    """Drop what is kept of the files `gone` (of `root`), whose deletion was taken; a record
    that cannot be reached is logged (the next deletion tries again for its own file)."""
    names = sorted(kept_name(root, path) for path in gone)
    if not names:
        return
    try:
        store.forget(names)
    except Exception as exc:  # noqa: BLE001 - the database may be down: serve on
        log.error("What was kept of deleted files could not be dropped (%s)", type(exc).__name__)
