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
import tempfile
from pathlib import Path


def replace_file(
    target: Path, data: bytes, *, mode: int, mtime: float | None = None, durable: bool = True
) -> None:
    """Write `data` to `target` atomically with permission bits `mode` (e.g. 0o644) and, when
    given, modification time `mtime` (seconds since the epoch). OSError (ENOSPC, EACCES, …)
    reaches the caller after the temporary file is removed; `target` is then unchanged.
    `durable=False` skips the fsync (still whole or not at all for any reader and after a
    kill; a caller writing thousands of files syncs once at the end, see
    notifier.publish.manifest)."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        os.chmod(temp, mode)
        if mtime is not None:
            os.utime(temp, (mtime, mtime))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
