"""When a changed harmonogram file is taken: the settle rule (issue 25, F19).

An editor, `scp` or an upload may write a file in two steps — first a valid but truncated
TOML, the whole file seconds later. Read between the two, the half file would drop tasks:
calendars show them cancelled and subscribers are told they left the harmonogram. So a
change of a path (new content, a new file, a file gone) is taken only once it is *settled*:
its writer has been quiet for `settle` seconds — the file's modification time is at least
that old, or this process has seen the same (mtime, size) for that long (which also covers
a file whose mtime lies in the future: another host's clock, a copy keeping its times).

Pure: the caller passes what it saw of each path and when (seconds of the wall clock); no
clock, no file is looked at here. At start-up there is nothing older to keep: every file is
taken at once, and so is a path this process has just written whole itself (an office edit,
written atomically).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

Stamp = tuple[int, int, int, int]
"""(mtime in ns, size in bytes, ctime in ns, inode), as notifier.files.directory lists them:
`cp -p`, `rsync -t` and `tar x` restore a file's mtime, but none can set its ctime, and a
renamed-in copy has another inode (blind11 F12)."""
K = TypeVar("K")  # what names a path (a Path in notifier.files.source)


@dataclass(frozen=True)
class Sighting:
    """A path's state as first seen: `stamp` (None: the path is gone) and `since`, the wall
    clock's seconds at the first scan that saw it so."""

    stamp: Stamp | None
    since: float


def observe(previous: Sighting | None, stamp: Stamp | None, now: float) -> Sighting:
    """The sighting after a scan at `now` that saw `stamp`: `previous` while it still holds,
    a new one from `now` when the path changed again (which starts the wait over)."""
    if previous is not None and previous.stamp == stamp:
        return previous
    return Sighting(stamp, now)


def settled(sighting: Sighting, now: float, settle: float) -> bool:
    """Whether the change seen in `sighting` is taken at `now`: with no `settle` interval at
    once; otherwise once the path has been seen so for `settle` seconds, or (not gone) its
    modification time is at least `settle` seconds before `now`."""
    if settle <= 0 or now - sighting.since >= settle:
        return True
    return sighting.stamp is not None and now - sighting.stamp[0] / 1e9 >= settle


def take(
    waiting: dict[K, Sighting],
    changes: dict[K, Stamp | None],
    now: float,
    settle: float,
    written: frozenset[K] = frozenset(),
) -> tuple[set[K], dict[K, Sighting]]:
    """Which of `changes` (path -> the stamp seen now, None for gone; every path whose state
    differs from the one taken) are taken at `now`, and the sightings still waiting after it.

    `waiting` holds the sightings of earlier scans; a path no longer among `changes` (back as
    it was taken) stops waiting. A path in `written` is taken at once."""
    taken: set[K] = set()
    still: dict[K, Sighting] = {}
    for path, stamp in changes.items():
        sighting = observe(waiting.get(path), stamp, now)
        if path in written or settled(sighting, now, settle):
            taken.add(path)
        else:
            still[path] = sighting
    return taken, still
