"""A harmonogram file's problems are logged once per process, however many readers find them.

`notifier serve` reads the schedule in several places — the site's CatalogSource, the
worker's, the publisher's — and each logged the same broken edit ("does not validate" and
every problem line) when it came to it (blind 10b, M11: twice, 8 s apart). The first reader
to find a version of a file (its mtime and size) with these problems logs them; the others
stay quiet about that version.
"""

from __future__ import annotations

import threading
from pathlib import Path

from notifier.files.settling import Stamp

_lock = threading.Lock()
_reported: dict[Path, tuple[Stamp, tuple[str, ...]]] = {}


def first_report(path: Path, stamp: Stamp, problems: tuple[str, ...]) -> bool:
    """True when no reader in this process has reported these problems of this version."""
    key = path.absolute()
    with _lock:
        if _reported.get(key) == (stamp, problems):
            return False
        _reported[key] = (stamp, problems)
        return True
