"""What a published directory holds, and what each file was made of: the manifest.

`.notifier-published.json` maps each published file (relative, POSIX, without its .gz twin)
to a Record: the token of its inputs (notifier.publish.plan: the harmonograms' versions, the
event versions recorded, the day where the file shows it, the code), and the headers nginx
must send with it (a page's Content-Security-Policy, a feed's Content-Disposition). A path
whose token is the recorded one is not rendered again, unless its file or twin is gone:
the manifest also keeps each folder's date at the last commit, and only the files of a
folder whose date moved since (something was added or removed there) are looked at one by
one, so a publication after an edit stats a few thousand folders, not every file twice.

A publication appends one line per finished file to `.notifier-published.journal` as it
goes (after the file and its twin are renamed into place), and at the end syncs the files
to disk, writes the manifest whole (atomically) and deletes the journal. A publication that
stops half-way (kill -9, a full disk) leaves every file either old or new (each is renamed
over the old one) and a journal of what it finished: the next one reads the manifest and
the journal, renders only what is still out of date, and completes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

from notifier.files.atomic import PendingFile, replace_file
from notifier.publish.verify import intact, regular, same_bytes
from notifier.web.static_site import MANIFEST

JOURNAL = ".notifier-published.journal"
INDEX = "index.html"
FILE_MODE = 0o644  # readable by the web server's own user
FOLDER_SETTLED_NS = 1_000_000_000  # see Manifest.commit
SYNC_ONE_BY_ONE = 200  # written files synced one by one at the end; more: one os.sync()
WRITE_BATCH = 500  # manifest records put in the file at once


@dataclass(frozen=True)
class Record:
    """One published file: the token of what it was made of (None: unknown, render it) and
    the headers nginx sends with it (None: none)."""

    token: str | None = None
    csp: str | None = None
    disposition: str | None = None
    content: str | None = None  # a file streamed from parts: what its bytes are made of
    digest: str | None = None  # SHA-256 of the file's bytes (notifier.publish.verify)


def file_name(path: str) -> str:
    """The file (relative, POSIX) that serves URL `path`: '/' → 'index.html'.

    ValueError for a path that would leave the directory.
    """
    name = unquote(path.split("?", 1)[0]).lstrip("/")
    if not name or name.endswith("/"):
        name += INDEX
    if any(part in ("..", ".", "") for part in name.split("/")) or "\x00" in name:
        raise ValueError(f"not a publishable path: {path!r}")
    return name


def _safe(name: object) -> bool:
    """A name a manifest may hold: one that stays inside the directory (a forged manifest
    removes nothing outside it)."""
    if not isinstance(name, str):
        return False
    if "%" not in name and "?" not in name:  # unquoted: file_name's test without its copies
        parts = name.split("/")
        return "\x00" not in name and not any(part in ("..", ".", "") for part in parts)
    try:
        return file_name("/" + name) == name
    except ValueError:
        return False


def _record(value: Any) -> Record:
    if not isinstance(value, dict):
        return Record()
    fields = {k: value.get(k) for k in ("token", "csp", "disposition", "content", "digest")}
    return Record(**{k: v if isinstance(v, str) else None for k, v in fields.items()})


class Manifest:
    """The manifest of `out` with the journal of an unfinished publication applied; records
    what this publication finishes (`record`) and writes it whole at the end (`commit`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.files: dict[str, Record] = {}
        # Each folder's st_mtime_ns when the last publication was committed (not the top
        # folder, where the manifest itself is written): unchanged, no file was added to it
        # or removed from it since (see stale_names).
        self.folders: dict[str, int] = {}
        self.found = False  # a manifest was there (else everything is published again)
        self.resumed = False  # a journal of an unfinished publication was there
        self._journal: IO[str] | None = None
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads((self.out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        self.found = data is not None
        if isinstance(data, list):  # an earlier release's: the names only
            self.files = {name: Record() for name in data if _safe(name)}
        elif isinstance(data, dict) and isinstance(data.get("files"), dict):
            self.files = {n: _record(v) for n, v in data["files"].items() if _safe(n)}
            folders = data.get("folders")
            if isinstance(folders, dict):
                self.folders = {k: v for k, v in folders.items() if type(v) is int and _safe(k)}
        try:
            lines = (self.out / JOURNAL).read_text(encoding="utf-8").splitlines()
        except (OSError, ValueError):
            return
        self.resumed = bool(lines)
        for line in lines:
            with contextlib.suppress(ValueError):  # a line cut short by the interruption
                item = json.loads(line)
                if isinstance(item, dict) and _safe(item.get("name")):
                    self.files[item["name"]] = _record(item)

    def missing(self, names: Iterable[str]) -> set[str]:
        """Those of `names` (recorded files) whose file or .gz twin is gone. A folder whose
        date is the one recorded at the last commit had nothing added or removed since, so
        its files are not looked at one by one (a stat per folder, not two per file); after
        an unfinished publication every file is."""
        gone = set()
        unchanged: dict[str, bool] = {}
        for name in names:
            folder = name.rpartition("/")[0]
            if folder not in unchanged:
                try:
                    now: int | None = os.stat(self.out / folder).st_mtime_ns
                except OSError:
                    now = None
                recorded = self.folders.get(folder)
                unchanged[folder] = not self.resumed and recorded is not None and recorded == now
            if unchanged[folder]:
                continue
            if not (regular(self.out / name) and regular(self.out / f"{name}.gz")):
                gone.add(name)  # a symbolic link in its place is gone too
        return gone

    def verify(self) -> list[str]:
        """The recorded files that are not what was published (edited, replaced by a
        symbolic link, deleted, their twin stale, or recorded before digests were kept:
        notifier.publish.verify.intact), sorted; their records are dropped, so this
        publication renders them again. Reads every file and twin (about 2 GB at 2,500
        harmonograms), following no link."""
        bad = sorted(n for n, r in self.files.items() if not intact(self.out, n, r.digest))
        for name in bad:
            del self.files[name]
        return bad

    def record(self, name: str, record: Record) -> None:
        """`name` is written (and its twin): note it in the journal (flushed to the OS, so a
        kill -9 keeps it)."""
        self.files[name] = record
        if self._journal is None:
            self._journal = (self.out / JOURNAL).open("a", encoding="utf-8")
        line = {"name": name, **vars(record)}
        self._journal.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._journal.flush()

    def commit(
        self, names: Iterable[str], maps: Mapping[str, bytes], written: Sequence[str] = ()
    ) -> None:
        """The publication is complete with `names` (what the site holds now): sync what was
        `written` (file names; their .gz twins too), write the header `maps` (file name ->
        bytes) and the manifest, drop the journal."""
        kept = set(names)
        self.files = {n: r for n, r in self.files.items() if n in kept}
        self.close()
        # The files were renamed into place without an fsync each: a few (an edit's) are
        # synced one by one with their folders; thousands, or what an unfinished publication
        # wrote before, by one sync of everything.
        if len(written) > SYNC_ONE_BY_ONE or self.resumed:
            os.sync()
        else:
            _sync_files(self.out, written)
        for name, body in maps.items():
            _write_if_changed(self.out / name, body)
        # A folder changed in the last second is left out (looked at file by file next
        # time): a file's date has the kernel's coarse clock, so a file removed just after
        # this commit could leave its folder's date as it is.
        self.folders, now = {}, time.time_ns()
        for folder in sorted({n.rpartition("/")[0] for n in self.files} - {""}):
            with contextlib.suppress(OSError):
                changed = os.stat(self.out / folder).st_mtime_ns
                if now - changed > FOLDER_SETTLED_NS:
                    self.folders[folder] = changed
        self._write()
        (self.out / JOURNAL).unlink(missing_ok=True)

    def _write(self) -> None:
        """Write the manifest (a JSON object: format, folders, files) a file at a time, to a
        temporary file renamed into place unless the one there holds the same bytes. Tens of
        thousands of records are never one JSON text in memory (at 2,500 harmonograms that
        text and the dicts behind it were the publication's peak)."""
        target = self.out / MANIFEST
        pending = PendingFile(target, mode=FILE_MODE)
        digest = hashlib.sha256()

        def put(text: str) -> None:
            data = text.encode()
            digest.update(data)
            pending.write(data)

        try:
            # One line a record, by the C encoder: json's `indent` takes its pure-Python one,
            # which was most of an edit's re-publication (500 harmonograms: 1.4 s of 2.3 s).
            encode = json.JSONEncoder(ensure_ascii=False).encode
            folders = json.dumps(self.folders, ensure_ascii=False, sort_keys=True)
            lines = [f'{{"format": 2,\n"folders": {folders},\n"files": {{']
            files = self.files
            for number, name in enumerate(sorted(files)):
                lines.append(
                    f"{',' if number else ''}\n{encode(name)}: {encode(vars(files[name]))}"
                )
                if len(lines) >= WRITE_BATCH:
                    put("".join(lines))
                    lines.clear()
            put("".join(lines) + "\n}\n}\n")
            if _file_digest(target) == digest.digest():
                pending.discard()
            else:
                pending.commit()
        except BaseException:
            pending.discard()
            raise

    def close(self) -> None:
        """Close the journal (kept on disk for the next publication)."""
        if self._journal is not None:
            journal, self._journal = self._journal, None
            journal.close()


def _sync_files(out: Path, names: Sequence[str]) -> None:
    """fsync each of `names` (and its .gz twin) and each folder holding one."""
    folders = {out}
    for name in names:
        for path in (out / name, out / f"{name}.gz"):
            with contextlib.suppress(FileNotFoundError):
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            folders.add(path.parent)
    for folder in folders:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _file_digest(path: Path) -> bytes | None:
    """The sha256 of the file at `path`, read a block at a time (None: unreadable)."""
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").digest()
    except OSError:
        return None


def _write_if_changed(path: Path, body: bytes) -> None:
    """Replace `path` with `body` unless it is a regular file (not a link) holding it."""
    if not same_bytes(path, body):
        replace_file(path, body, mode=FILE_MODE)
