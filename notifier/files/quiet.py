"""A one-shot command's wait for quiet harmonogram files (blind round six, F4).

A long-running process keeps what it read and takes a change only once it has settled
(notifier.files.settling). A command that reads the files once — `notifier publish` from
cron — has nothing older to keep: a file caught mid-save (a valid but truncated first step
of `scp` or an upload) would be published as it is, its missing tasks cancelled in every
calendar and its department feeds deleted. So before reading, the command waits, by the same
rule, until every file is settled; a file that would keep it waiting longer than `most`
seconds stops it with a Polish message naming the file, before anything is read or written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from notifier.core.errors import NotifierError
from notifier.files.directory import harmonogram_files
from notifier.files.reading import shown_path
from notifier.files.settling import Sighting, observe, settled

MOST_WAIT = 60.0  # seconds a command waits for a file being written before giving up
_NAP = 1.0  # seconds between looks, at most


class FileNotSettled(NotifierError):
    """A harmonogram file kept changing, or changed too recently, for a command to read it."""


def wait_until_quiet(
    path: Path,
    settle: float,
    *,
    most: float = MOST_WAIT,
    wall: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> list[str]:
    """Return once every harmonogram file of `path` is settled for `settle` seconds (its
    modification time that old, or the same (mtime, size) seen for that long), with a note
    (Polish) for each file waited for; FileNotSettled when some file would need more than
    `most` seconds from the start."""
    if settle <= 0:
        return []
    start = wall()
    seen: dict[Path, Sighting] = {}
    waited: set[Path] = set()
    while True:
        now = wall()
        files = harmonogram_files(path).files
        seen = {p: observe(seen.get(p), stamp, now) for p, stamp in files.items()}
        busy = {p: s for p, s in seen.items() if not settled(s, now, settle)}
        if not busy:
            return [
                f"plik {shown_path(p)} był przed chwilą zmieniany: poczekano, aż zapis się "
                f"skończy ({_seconds(settle)} bez zmian, NOTIFIER_SCHEDULE_SETTLE)"
                for p in sorted(waited)
            ]
        waited |= set(busy)
        ready = {p: min(s.since, _mtime(s)) + settle for p, s in busy.items()}
        last = max(ready, key=lambda p: ready[p])
        if ready[last] - start > most:
            raise FileNotSettled(
                f"Nie opublikowano: plik {shown_path(last)} zmieniono przed chwilą i może być "
                f"jeszcze zapisywany (czeka się {_seconds(settle)} bez zmian, "
                "NOTIFIER_SCHEDULE_SETTLE); prosimy uruchomić polecenie ponownie, gdy zapis się "
                "skończy. Nic nie zostało zmienione."
            )
        sleep(max(0.05, min(_NAP, ready[last] - now)))


def _mtime(sighting: Sighting) -> float:
    assert sighting.stamp is not None  # only files listed now are seen
    return sighting.stamp[0] / 1e9


def _seconds(value: float) -> str:
    return f"{value:g} s".replace(".", ",")
