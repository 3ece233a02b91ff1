"""NOTIFIER_SCHEDULE as a catalog: a directory whose every *.toml (recursively) is one
harmonogram, each file reloaded on its own — and one file, which is a directory of one.

A file that stops validating keeps its last good version and does not touch the others; a
deleted file takes its harmonogram out — except the last one: the catalog never goes from
some harmonograms to none (the one file deleted, every file of a directory removed), it
keeps the last catalog it served and names the problem. The catalog itself
(notifier.core.catalog) is plain data; this module reads the files.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from notifier.core.catalog import Catalog, Entry
from notifier.core.schedule import ScheduleError
from notifier.core.served_files import takeover_notes
from notifier.files.catalog_files import log_year_differences
from notifier.files.directory import (
    ServedFiles,
    Unreadable,
    by_age,
    harmonogram_files,
    served_entries,
    under_any,
)
from notifier.files.file_state import (
    CONTENT_CHECK_SECONDS,
    FileState,
    content_digest,
    without_cyclic_gc,
)
from notifier.files.kept import forget_gone, keep_served, kept_entry, kept_problem
from notifier.files.reading import MISSING_PATH_PROBLEM, load_entry, shown_path
from notifier.files.reported import first_report
from notifier.files.settling import Sighting, Stamp, take
from notifier.files.snapshot import CatalogSnapshot
from notifier.metrics import SCHEDULE_RELOAD_ERRORS

log = logging.getLogger(__name__)
_QUIET = logging.getLogger(f"{__name__}.one_shot")  # a one-shot command's reading: no log
_QUIET.propagate = False
_QUIET.addHandler(logging.NullHandler())

POLL_SECONDS = 1.0  # by default a served directory is scanned at most this often…
FILES_PER_POLL_SECOND = 1000  # …or once per second per this many files (2,500: every 2.5 s)


NOTHING_LEFT = (
    "w katalogu nie ma już żadnego poprawnego pliku harmonogramu – serwis podaje ostatnią "
    "poprawną wersję"
)


class CatalogSource:
    """The catalog of NOTIFIER_SCHEDULE (a directory, or one file: a directory of one),
    reloaded file by file.

    ScheduleError at start if the path is missing or no file of it validates (for one file,
    that file's own problems); files that do not are logged and left out. Later,
    `snapshot()` and `check()` rescan — at once without `background` (the worker, the CLI),
    or with `background` at most every `poll` seconds (NOTIFIER_SCHEDULE_POLL; one more
    second per FILES_PER_POLL_SECOND files) in a thread of its own while requests go on being answered
    from the previous catalog (the web app, whose watcher checks as often). Thread-safe.

    After the first scan a change of a file (edited, added, removed) is taken only once it
    has settled for `settle` seconds (notifier.files.settling: a file written in two steps
    is never read half-written); `wall` gives the wall clock's seconds for that rule.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        background: bool = False,
        choices: ServedFiles | None = None,
        settle: float = 0.0,
        wall: Callable[[], float] = time.time,
        poll: float = POLL_SECONDS,
        one_shot: bool = False,
    ) -> None:
        self.path = Path(path)
        self.one_shot = one_shot  # read once for a command: nothing logged, nothing refused
        self._log = _QUIET if one_shot else log
        self.background = background
        self.poll_seconds = poll
        self.choices = choices
        self.settle_seconds = settle
        self._wall = wall
        self._waiting: dict[Path, Sighting] = {}  # changes not settled yet
        self._unrecorded = False  # the last choice could not be recorded: scan again
        self._lock = threading.Lock()
        self._scan_lock = threading.Lock()
        self._scanning: threading.Thread | None = None
        self._last_scan = 0.0
        self._files: dict[Path, FileState] = {}
        self._unreadable: dict[Path, Unreadable] = {}
        self._current: CatalogSnapshot | None = None
        self._held: CatalogSnapshot | None = None  # see held()
        self._taken: dict[str, str] = {}  # a file serving a year another served: why
        self._content_checked = wall()  # the last comparison of every file's bytes
        self._current = self._scan()
        # What is loaded at start lives as long as the process: leave it out of the cyclic
        # collector's full passes, which would otherwise walk every task of every file (a
        # third of a second at 75,000 tasks, stalling requests). A harmonogram replaced by a
        # later edit then stays in memory until the process ends (tens of kilobytes each).
        if background:  # the long-running web app, not a command or a test
            gc.freeze()
        if not self._current.catalog.entries and not one_shot:
            raise ScheduleError(shown_path(self.path), self._start_problems())

    def _start_problems(self) -> list[str]:
        """Why nothing can be served at start (Polish): one file's own problems; a
        directory's, file by file."""
        assert self._current is not None
        if not self.path.exists():
            return [MISSING_PATH_PROBLEM]
        if not self.path.is_dir():
            return list(self._current.problems.get(shown_path(self.path), ()))
        return self._current.problem_lines() or [
            "w katalogu nie ma żadnego pliku harmonogramu (*.toml)"
        ]

    @property
    def served(self) -> CatalogSnapshot:
        """The catalog answered now, without looking for changes (a rescan in progress
        replaces it when done)."""
        with self._lock:
            assert self._current is not None
            return self._current

    @contextmanager
    def held(self, snap: CatalogSnapshot | None = None) -> Iterator[CatalogSnapshot]:
        """Answer every snapshot() with one catalog until the block ends (`snap`, by default
        settle()'s): a publication renders thousands of paths from one version of the files,
        without a scan of the directory per path."""
        snap = snap if snap is not None else self.settle()
        self._held = snap
        try:
            yield snap
        finally:
            self._held = None

    def snapshot(self) -> CatalogSnapshot:
        """The catalog to use now (see the class for when files are re-read)."""
        held = self._held
        if held is not None:
            return held
        if not self.background:
            return self._scan()
        with self._lock:
            due = time.monotonic() - self._last_scan >= self._every()
            if due and self._scanning is None:
                self._last_scan = time.monotonic()
                self._scanning = threading.Thread(target=self._scan_in_background, daemon=True)
                self._scanning.start()
            assert self._current is not None
            return self._current

    def check(self) -> float:
        """Look for changed, added and removed files as a request does (`snapshot()`), and
        the seconds until the next look is due: what the web app's watcher runs, so an edit
        is usually read before any request asks (notifier.web.watcher). Blocks while a file
        is re-read only without `background`."""
        self.snapshot()
        if not self.background:
            return self.poll_seconds
        with self._lock:
            left = self._every() - (time.monotonic() - self._last_scan)
        # A scan still running when the next was due: look again soon, it will be started.
        return max(left, self.poll_seconds / 4)

    def settle(self, written: Iterable[Path] = ()) -> CatalogSnapshot:
        """Rescan now, and wait for any reload in progress; the snapshot after it. `written`:
        files this process has just written whole (atomically), taken at once."""
        with self._lock:
            thread = self._scanning
        if thread is not None:
            thread.join()
        return self._scan(frozenset(path.absolute() for path in written))

    # --- internals ----------------------------------------------------------------------

    def _every(self) -> float:
        """Seconds between two scans: `poll`, or one per FILES_PER_POLL_SECOND files when
        there are more (stat of every file is the cost)."""
        return max(self.poll_seconds, len(self._files) / FILES_PER_POLL_SECOND)

    def _scan_in_background(self) -> None:
        try:
            self._scan()
        except Exception:
            SCHEDULE_RELOAD_ERRORS.inc()
            log.exception("Scanning schedule path %s failed", shown_path(self.path))
        finally:
            with self._lock:
                self._scanning = None

    def _scan(self, written: frozenset[Path] = frozenset()) -> CatalogSnapshot:
        # Loading thousands of files creates millions of objects, none of them in a cycle:
        # the cyclic collector's passes would grow with what is already loaded (quadratic).
        with self._scan_lock, without_cyclic_gc():
            found, unreadable = harmonogram_files(self.path)
            now = self._wall()
            if every := now - self._content_checked >= CONTENT_CHECK_SECONDS:
                self._content_checked = now
            changed = {p for p, stamp in found.items() if self._differs(p, stamp, now, every)}
            # A file in a folder that cannot be listed now keeps its last version.
            gone = {p for p in set(self._files) - set(found) if not under_any(p, unreadable)}
            if self._current is not None:  # at start every file is taken as it is
                seen = {p: found.get(p) for p in changed | gone}
                mine = frozenset(p for p in seen if p.absolute() in written)
                ready, self._waiting = take(self._waiting, seen, now, self.settle_seconds, mine)
                changed &= ready
                gone &= ready
            same = unreadable == self._unreadable
            if not changed and not gone and same and not self._unrecorded and self._current:
                return self._current
            for path, why in unreadable.items():
                if self._unreadable.get(path) != why:
                    self._log.error(
                        "Schedule path %s cannot be read (%s)", shown_path(path), why.code
                    )
            self._unreadable = unreadable
            for path in gone:
                self._log.info(
                    "Schedule file %s is gone; its harmonogram is no longer served",
                    shown_path(path),
                )
                del self._files[path]
            # What was kept of them goes with them — unless nothing is left (an unmounted
            # directory, the one file deleted): the catalog serves on from memory then.
            if self.choices is not None and found:
                forget_gone(self.choices, self.path, gone)
            for path in sorted(changed):
                fresh_entry, problems = self._reload(path, found[path])
                old = self._files.get(path)
                # A file that does not validate keeps its last good version.
                entry = fresh_entry if fresh_entry is not None else old.entry if old else None
                same = old is not None and fresh_entry in (None, old.entry)
                kept_mtime = old.modified if old is not None and same else found[path][0]
                if old is not None and not same and kept_mtime <= old.modified:
                    kept_mtime = found[path][2]  # its mtime kept (cp -p): when it changed
                read = fresh_entry is not None and not problems  # not a kept version
                digest = fresh_entry.version if read and fresh_entry else content_digest(path)
                self._files[path] = FileState(found[path], entry, problems, kept_mtime, digest, now)
            snapshot = self._build(changed)
            if self.choices is not None:  # the last good content of what serves, for restarts
                keep_served(self.choices, self.path, snapshot.catalog.entries, changed, self._files)
            with self._lock:
                self._current = snapshot
            return snapshot

    def _differs(self, path: Path, stamp: Stamp, now: float, every: bool) -> bool:
        """Its stamp differs, or its bytes do: compared while a change waits to settle, while
        it is racy (FileState.racy), and for every file with `every`."""
        known = self._files.get(path)
        if known is None or known.stamp != stamp:
            return True
        if not (every or path in self._waiting or known.racy()):
            return False
        digest = content_digest(path)
        if digest is not None and digest == known.digest:
            known.read_at = now  # the same bytes: not racy any more once its stamp is old
            return False
        return digest is not None or known.digest is not None

    def _reload(self, path: Path, stamp: Stamp) -> tuple[Entry | None, tuple[str, ...]]:
        old = self._files.get(path)
        name = shown_path(path)
        try:
            entry = load_entry(path)
        except ScheduleError as exc:
            if old is not None:
                SCHEDULE_RELOAD_ERRORS.inc()
            elif self.choices and (last := kept_entry(self.choices, self.path, path)):
                return last, (*exc.problems, kept_problem(last.version))  # after a restart
            kept = f"; still serving version {old.entry.version}" if old and old.entry else ""
            count = len(exc.problems)
            if first_report(path, stamp, tuple(exc.problems)):  # M11: once, not per reader
                self._log.error(
                    "Schedule file %s does not validate%s. %d problem(s):", name, kept, count
                )
                for problem in exc.problems:
                    self._log.error("  %s: %s", name, problem)
            return None, tuple(exc.problems)
        if old is None or old.entry is None:
            self._log.info("Loaded schedule %s, version %s", name, entry.version)
        elif old.entry.version != entry.version:
            self._log.info(
                "Reloaded schedule %s: version %s replaces %s",
                name,
                entry.version,
                old.entry.version,
            )
        elif old.entry is not None:
            entry = old.entry  # the same bytes (touched): keep the very object served
        return entry, ()

    def _build(self, changed: set[Path]) -> CatalogSnapshot:
        """The catalog of the files' entries. Of two files with the same city and year the one
        serving it keeps it while it is there, even when it is edited (which makes it the
        newer); otherwise the older one wins (modification time, then path; see by_age), so a
        file keeps its place against a new copy, processes started alike (web, worker,
        `check`, `publish`) decide the same, and removing the winner brings the other back.
        A refused file among the `changed` ones is logged."""
        # The file serving a city and year keeps it while it is there: its own edit makes it
        # the newer of the two, and must not hand the city to a copy.
        last = self._current
        serving = {e.source for e in last.catalog.entries} if last is not None else set()
        ordered = sorted(
            self._files.items(),
            key=lambda pf: (shown_path(pf[0]) not in serving, by_age(pf[0], pf[1].stamp)),
        )
        kept, refused = self._choose([(p, f.entry) for p, f in ordered if f.entry is not None])
        changed_names = {shown_path(p) for p in changed}
        if not self.one_shot:  # a command prints them itself (notifier.cli.check)
            log_year_differences(kept, changed_names)
        problems = {shown_path(p): f.problems for p, f in sorted(self._files.items()) if f.problems}
        # A year another file served before (gone or renamed): logged, named in /healthz.
        before = [(e.key, e.source) for e in last.catalog.entries] if last is not None else []
        self._taken, new = takeover_notes(self._taken, before, [(e.key, e.source) for e in kept])
        for key, was, now in new:
            self._log.warning("City %s, year %d: %s serves it now; %s served it", *key, now, was)
        for source, why in self._taken.items():
            problems[source] = (*problems.get(source, ()), why)
        problems.update((shown_path(p), (u.problem,)) for p, u in sorted(self._unreadable.items()))
        for entry, why in refused:
            if entry.source in changed_names:
                self._log.error("Schedule file %s refused: %s", entry.source, why)
            problems[entry.source] = (*problems.get(entry.source, ()), why)
        stamps = [f.modified for f in self._files.values() if f.entry is not None]
        modified = datetime.fromtimestamp(max(stamps, default=0) / 1e9, tz=UTC)
        dates = {
            shown_path(p): datetime.fromtimestamp(f.modified / 1e9, tz=UTC)
            for p, f in self._files.items()
            if f.entry is not None
        }
        if kept or last is None or not last.catalog.entries:
            return CatalogSnapshot(Catalog(tuple(kept)), modified, problems, dates)
        # Nothing left: keep serving the last catalog, and say why.
        why = NOTHING_LEFT if self.path.is_dir() else MISSING_PATH_PROBLEM
        if shown_path(self.path) not in problems:
            problems[shown_path(self.path)] = (why,)
            self._log.error(
                "No harmonogram of %s is left (gone or refused); still serving version %s",
                shown_path(self.path),
                last.version,
            )
        return CatalogSnapshot(last.catalog, last.modified, problems, last.dates)

    def _choose(
        self, valid: list[tuple[Path, Entry]]
    ) -> tuple[list[Entry], list[tuple[Entry, str]]]:
        """The entries served of `valid` and those refused, with why
        (notifier.files.directory.served_entries, as `check` chooses). Without `choices`
        (or one file, which has no copy) this process's own order stands; so it does while
        the record cannot be reached (logged once, tried again at the next scan)."""
        if self.choices is None or not self.path.is_dir():
            return served_entries(self.path, valid, self._files, None)
        try:
            chosen = served_entries(self.path, valid, self._files, self.choices.decide)
        except Exception as exc:  # noqa: BLE001 - the database may be down: serve on
            if not self._unrecorded:
                self._log.error(
                    "Which file serves each city and year could not be recorded (%s); "
                    "deciding in this process until it can",
                    type(exc).__name__,
                )
            self._unrecorded = True
            return served_entries(self.path, valid, self._files, None)
        self._unrecorded = False
        return chosen
