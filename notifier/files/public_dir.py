"""Whether a folder may be published: nothing private may become a public file.

The static site's folder is served as it is (nginx `root`), so it must not be, hold or lie
inside the harmonogram folder (its files carry the office's staff addresses) or the mail
outbox (every sign-in link of /biuro and the subscribers' manage and unsubscribe links), and
must not hold the database file or the sent journal's folder. It must exist, or its parent
must: a typo never creates a tree of folders somewhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from notifier.files.reading import shown_path


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path.expanduser()))


def private_overlap(out: Path, private: Path, *, folder: bool) -> bool:
    """True when publishing into `out` would expose `private` or mix site files into it.

    A private folder (`folder=True`, e.g. NOTIFIER_SCHEDULE as a directory) may not be `out`,
    hold it or lie inside it; a private file (a single harmonogram, the SQLite file) may not
    lie inside `out`. Both paths are compared after links are resolved; neither need exist."""
    site, secret = _real(out), _real(private)
    if secret.is_relative_to(site):
        return True
    return folder and site.is_relative_to(secret)


def not_a_folder_problem(path: Path) -> str | None:
    """ "README.md to plik, a nie katalog" (Polish) when `path`, or the folder it would lie
    in, is a file (or another thing that is not a folder); None otherwise."""
    for place in (path, path.parent):
        if place.exists() and not place.is_dir():
            return f"{shown_path(place)} to plik, a nie katalog"
    return None


def publish_dir_place_problem(out: Path) -> str | None:
    """The Polish reason `out` cannot be made the published folder — a file, a folder in a
    file, or a folder whose parent does not exist either — or None."""
    problem = not_a_folder_problem(out)
    if problem is not None:
        return problem
    if not out.exists() and not out.parent.is_dir():
        return f"nie istnieje ani {shown_path(out)}, ani katalog nad nim"
    return None


def publish_dir_problem(
    out: Path,
    *,
    schedule: Path,
    database: Path | None = None,
    state_dir: Path | None = None,
    outbox: Path | None = None,
) -> str | None:
    """The Polish reason `out` may not be the published folder (names what it overlaps), or
    None. `schedule` is NOTIFIER_SCHEDULE (a file or a folder), `database` the SQLite file,
    `outbox` NOTIFIER_OUTBOX (the Maildir folder)."""
    checks = [
        (
            "NOTIFIER_SCHEDULE",
            schedule,
            schedule.is_dir(),
            "pliki harmonogramów z adresami pracowników biura",
        )
    ]
    if database is not None:
        checks.append(("NOTIFIER_DATABASE_URL", database, False, "bazę subskrybentów"))
    if state_dir is not None:
        checks.append(("NOTIFIER_STATE_DIR", state_dir, False, "dziennik wysłanych wiadomości"))
    if outbox is not None:
        mail = "wiadomości z linkami logowania do biura i linkami do ustawień subskrybentów"
        checks.append(("NOTIFIER_OUTBOX", outbox, True, mail))
    for name, private, folder, what in checks:
        if private_overlap(out, private, folder=folder):
            return (
                f"katalog {shown_path(out)} nakłada się na {name}={shown_path(private)} – "
                "opublikowałby "
                f"{what}; prosimy wskazać osobny katalog, poza nim"
            )
    return None
