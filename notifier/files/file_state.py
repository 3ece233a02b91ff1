"""What CatalogSource knows of one harmonogram file between scans: the stamp and bytes it
last read, the version it serves, and whether its bytes must be compared again (blind11 F12:
an edit that kept the file's size and modification time was never noticed)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from notifier.core.catalog import Entry
from notifier.core.schedule import ScheduleError
from notifier.files.reading import read_schedule_bytes, schedule_version
from notifier.files.settling import Stamp

# A file changed less than this long before it was read may change again without its stamp
# showing it (timestamps of 1 s on NFSv3 and some others, two saves within that second): its
# bytes are compared at each scan until its stamp is that old (git's "racily clean" rule).
RACY_SECONDS = 2.0
# Every file's bytes are compared this often whatever its stamp says (another host's clock).
CONTENT_CHECK_SECONDS = 60.0


@dataclass
class FileState:
    """One file as the last scan that read it left it."""

    stamp: Stamp  # (mtime ns, size, ctime ns, inode) when last read
    entry: Entry | None  # its last good harmonogram
    problems: tuple[str, ...] = ()
    modified: int = 0  # mtime ns of the version served (its ctime when an edit kept the mtime)
    digest: str | None = None  # schedule_version of the bytes last read (None: unreadable)
    read_at: float = 0.0  # the wall clock's seconds when its bytes were last read

    def racy(self) -> bool:
        """Whether the file changed so shortly before it was read that an edit in the same
        timestamp tick would not change its stamp."""
        return max(self.stamp[0], self.stamp[2]) / 1e9 >= self.read_at - RACY_SECONDS


def content_digest(path: Path) -> str | None:
    """schedule_version of the file's bytes (size-capped as a reload reads them); None when
    they cannot be read (its reload says why)."""
    try:
        return schedule_version(read_schedule_bytes(path))
    except (OSError, ScheduleError):
        return None


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block (a scan creates millions of objects,
    none in a cycle)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
