"""Replace a file whole or not at all: the one atomic write of the package.

The bytes go to a temporary file beside the target (same directory, so the same file
system), are flushed to disk, get their mode (and modification time), and the temporary file
is renamed over the target. A reader sees the old file or the new one, never half of one; a
full disk or a kill leaves the old file and no temporary one behind (when the process lives
to clean up; a `.NAME.*.tmp` left by kill -9 is never read as a harmonogram or a page).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from notifier.core.errors import NotifierError
from notifier.files.reading import shown_path

# What an existing path is when it is not a regular file (the names import also reads by).
NOT_A_FILE = (
    (stat.S_ISDIR, "katalog"),
    (stat.S_ISFIFO, "potok nazwany (FIFO)"),
    (stat.S_ISCHR, "urządzenie znakowe"),
    (stat.S_ISBLK, "urządzenie blokowe"),
    (stat.S_ISSOCK, "gniazdo (socket)"),
)


def special_kind(mode: int) -> str | None:
    """What a file of `mode` is, in Polish, when it is not a regular file; None for one."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in NOT_A_FILE if test(mode)), "plik specjalny")


def refuse_special(target: Path) -> None:
    """NotifierError (Polish) when `target` exists and is a named pipe, a device or a socket
    (a link is followed: a link to a regular file is written as one): the rename beside it
    would put a regular file in its place, and as root `-o /dev/null` would replace the
    system's device (issue 25, F5). A directory is left to the rename, which refuses it."""
    try:
        mode = os.stat(target).st_mode
    except OSError:  # nothing there (or a dangling link): a new file
        return
    kind = special_kind(mode)
    if kind is None or stat.S_ISDIR(mode):
        return
    raise NotifierError(
        f"{shown_path(target)} to {kind}, a nie zwykły plik; zapis zastąpiłby go zwykłym "
        "plikiem. Nic nie zapisano – proszę podać ścieżkę zwykłego pliku."
    )


def replace_file(
    target: Path,
    data: bytes,
    *,
    mode: int,
    mtime: float | None = None,
    durable: bool = True,
    owner: tuple[int, int] | None = None,
) -> None:
    """Write `data` to `target` atomically with permission bits `mode` (e.g. 0o644) and, when
    given, modification time `mtime` (seconds since the epoch) and `owner` (uid, gid: see
    keep_owner). OSError (ENOSPC, EACCES, …)
    reaches the caller after the temporary file is removed; `target` is then unchanged.
    `durable=False` skips the fsync (still whole or not at all for any reader and after a
    kill; a caller writing thousands of files syncs once at the end, see
    notifier.publish.manifest). A named pipe, a device or a socket at `target` is refused
    (refuse_special) before anything is written."""
    refuse_special(target)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        if owner is not None:
            keep_owner(temp, *owner)  # before chmod: a change of owner clears set-id bits
        os.chmod(temp, mode)
        if mtime is not None:
            os.utime(temp, (mtime, mtime))
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = temp  # a failed write names no file: the temporary one it was filling
        raise


def replace_keeping(target: Path, data: bytes, *, mode: int = 0o644) -> None:
    """replace_file for a file people share: an existing `target` keeps its permission bits,
    its group and its owner (as far as keep_owner can), a new one gets `mode` (blind round
    three, m11: an office save turned a root:editors 0640 file into root:root 0640, and the
    editors' group lost it)."""
    try:
        info = target.stat()
    except FileNotFoundError:
        replace_file(target, data, mode=mode)
        return
    replace_file(target, data, mode=stat.S_IMODE(info.st_mode), owner=(info.st_uid, info.st_gid))


def keep_owner(path: Path | str, uid: int, gid: int) -> None:
    """Give `path` the owner `uid` and group `gid` as far as the system lets this process:
    both as root, the group alone when the process belongs to it, else neither (the file
    keeps the process's own, as any new file would)."""
    for who in ((uid, gid), (-1, gid)):
        try:
            os.chown(path, *who)
        except PermissionError:
            continue
        return


class PendingFile:
    """A file written piece by piece (`write`) to a temporary file beside `target`, put in
    place whole by `commit` or dropped by `discard`: replace_file for bytes that are never
    all in memory at once. OSError reaches the caller (then `discard`: the target is
    unchanged, the temporary file removed)."""

    def __init__(self, target: Path, *, mode: int) -> None:
        refuse_special(target)
        self.target, self.mode = target, mode
        fd, self.temp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        self.file = os.fdopen(fd, "wb")

    def write(self, data: bytes | memoryview) -> None:
        """Append `data`."""
        self.file.write(data)

    def commit(self, *, mtime: float | None = None, durable: bool = True) -> None:
        """Rename the written file over the target (see replace_file for `mtime`, `durable`)."""
        commit_together([self], mtime=mtime, durable=durable)

    def _finish(self, mtime: float | None, durable: bool) -> None:
        """Everything before the rename: flushed (where a full disk shows), synced, closed,
        its mode and date set."""
        self.file.flush()
        if durable:
            os.fsync(self.file.fileno())
        self.file.close()
        os.chmod(self.temp, self.mode)
        if mtime is not None:
            os.utime(self.temp, (mtime, mtime))

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        with contextlib.suppress(OSError):  # closing flushes: a full disk fails again
            self.file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


def commit_together(
    pending: Sequence[PendingFile], *, mtime: float | None = None, durable: bool = True
) -> None:
    """Put files that belong together (a page and its .gz twin) in place: each is finished
    first (flushed, synced, its mode and date set: a full disk fails here, before any is
    renamed, and then every one is discarded, every target unchanged), then each renamed
    in turn (renames need no space). Only a kill between two renames leaves some new and
    some old, which a publication's manifest notices (notifier.publish.manifest)."""
    try:
        for item in pending:
            item._finish(mtime, durable)
        for item in pending:
            os.replace(item.temp, item.target)
    except BaseException:
        for item in pending:
            item.discard()
        raise


def replace_together(
    files: Sequence[tuple[Path, bytes]],
    *,
    mode: int,
    mtime: float | None = None,
    durable: bool = True,
) -> None:
    """replace_file for files that belong together (target, bytes): each written whole
    before any is renamed (commit_together). OSError leaves every target unchanged."""
    pending: list[PendingFile] = []
    try:
        for target, data in files:
            pending.append(PendingFile(target, mode=mode))
            pending[-1].write(data)
    except BaseException:
        for item in pending:
            item.discard()
        raise
    commit_together(pending, mtime=mtime, durable=durable)
