"""Writing a published file: its twin, its date, the folders on its way, the nginx maps of
its headers (notifier.publish.site writes the site through these)."""

from __future__ import annotations

import gzip
import os
import time
from collections.abc import Iterable
from pathlib import Path
from threading import Event

from notifier.core.errors import NotifierError
from notifier.files.atomic import replace_together
from notifier.publish.manifest import FILE_MODE, INDEX
from notifier.publish.render import Rendered
from notifier.publish.verify import dated_after, regular, same_bytes

ATOM_TYPE = "application/atom+xml"


class PublishError(NotifierError):
    """The directory cannot be written (Polish message)."""


class PublishStopped(Exception):
    """The process is stopping (SIGTERM to `serve`, blind10a M19): the publication ends
    between two files, each file whole, old or new; what was written is recorded in the
    journal and the next publication completes it (notifier.publish.manifest)."""


def halt_if(stop: Event | None) -> None:
    """PublishStopped when `stop` is set: asked between two files of a publication."""
    if stop is not None and stop.is_set():
        raise PublishStopped


def header_map(values: dict[str, str]) -> bytes:
    """The body of an nginx `map $uri …` block: each file's URI (a page's also as the directory
    a visitor asks for) to its header's value (nginx string escapes: \\ and \")."""
    lines = []
    for name, value in sorted(values.items()):
        uris = ["/" + name]
        if name == INDEX or name.endswith("/" + INDEX):
            uris.append("/" + name.removesuffix(INDEX))
        lines += [f'"{_nginx_string(uri)}" "{_nginx_string(value)}";' for uri in uris]
    return ("\n".join(lines) + "\n").encode()


def _nginx_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def refuse_links(out: Path, name: str) -> None:
    """PublishError when a directory on the way from `out` to `name` is a symbolic link: every
    file written or removed stays inside `out` (the link is left as it is)."""
    folder = out
    for part in name.split("/")[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise PublishError(
                f"Katalog {folder} jest dowiązaniem symbolicznym; publikacja zapisuje i usuwa "
                f"pliki tylko wewnątrz katalogu {out}. Prosimy usunąć dowiązanie."
            )


def refuse_own_links(out: Path, names: Iterable[str]) -> None:
    """PublishError when one of the publication's own files or folders in `out` (`names`:
    its manifest, journal, maps, parts and their kinds, the unavailable pages) is a symbolic
    link, before anything is written: appending to the journal or writing a part through a
    link would change files outside `out` (issue 25, F4)."""
    for name in names:
        path = out / name
        if path.is_symlink():
            what = "Plik" if Path(name).suffix else "Katalog"  # .notifier-parts: no suffix
            raise PublishError(
                f"{what} {path} jest dowiązaniem symbolicznym; publikacja zapisuje i usuwa "
                f"pliki tylko wewnątrz katalogu {out}. Prosimy usunąć dowiązanie."
            )


def write_pair(out: Path, name: str, page: Rendered, again: bool = False) -> bool:
    """Write `page` and its twin unless the file holds its bytes (`again`: even then, the
    twin may not); True when written."""
    target = out / name
    if not again and same_bytes(target, page.body) and regular(out / f"{name}.gz"):
        _redate(target, page)
        return False
    if not target.parent.is_dir():  # a stat, not a failing mkdir per file
        target.parent.mkdir(parents=True, exist_ok=True)
    mtime = page.last_modified.timestamp() if page.last_modified else time.time()
    if dated_after(target, mtime):
        mtime = time.time()  # never move a file's date backwards: the host's ETag must change
    # Both files get the same date, so the host's Last-Modified is the same with or without gzip.
    # mtime=0 in the gzip header: the same body gives the same .gz bytes. No fsync per file:
    # the manifest's commit syncs once (a kill still leaves each file old or new).
    # Both are written whole before either is renamed: a full disk leaves both old.
    packed = gzip.compress(page.body, compresslevel=9, mtime=0)
    pair = [(Path(f"{target}.gz"), packed), (target, page.body)]
    replace_together(pair, mode=FILE_MODE, mtime=mtime, durable=False)
    return True


def _redate(target: Path, page: Rendered) -> None:
    """Give an unchanged Atom file and its twin the app's Last-Modified when they have
    another date (dated by an earlier release's rule): the host then announces what the app
    does. An Atom feed's date moves only with its bytes (notifier.core.feed_dates), so this
    happens once. A calendar's date follows the same rule from the start (written with its
    date recorded, which stays while its bytes do), so an unchanged one is left as it is."""
    if page.last_modified is None or not page.content_type.startswith(ATOM_TYPE):
        return
    mtime = page.last_modified.timestamp()
    for path in (target, Path(f"{target}.gz")):
        if os.lstat(path).st_mtime != mtime:
            os.utime(path, (mtime, mtime), follow_symlinks=False)
