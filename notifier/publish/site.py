"""Static publishing: write the site's feeds and pages into a directory any web server serves.

Each publishable URL (notifier.publish.render.publishable_paths) becomes a file at the same path
("/" becomes index.html) with a precompressed twin (FILE.gz, for nginx's gzip_static and
CDNs). Files are replaced atomically (written to a temporary file in the same directory, then
renamed over the old one), and a file whose bytes did not change is not touched, so its
mtime, and the ETag and Last-Modified a static host derives from it, stay. A feed's file gets
the app's Last-Modified as its mtime, so the host announces the same date as the app.
Files published earlier for URLs that are gone (a removed topic) are deleted; nothing else in
the directory is touched (the list of what was published is kept in MANIFEST).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from fastapi import FastAPI

from notifier.clock import wall_clock
from notifier.core.errors import NotifierError
from notifier.core.time import Clock, warsaw_day
from notifier.files.atomic import replace_file
from notifier.files.source import CatalogSource
from notifier.publish.render import Rendered, render_site
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.event_versions import versions_stamp
from notifier.store.window_changes import changes_stamp
from notifier.web.app import create_app
from notifier.web.security import html_policy
from notifier.web.state import AppState, app_state

log = logging.getLogger(__name__)

MANIFEST = ".notifier-published.json"
# The pages' Content-Security-Policy (each hashes its own inline styles and scripts), as an
# nginx `map` body: contrib/nginx/notifier.conf includes it, so nginx sends what the app sends.
CSP_MAP = ".notifier-csp.map"
DISPOSITION_MAP = ".notifier-disposition.map"  # each file's Content-Disposition, the same way
OWN_FILES = (MANIFEST, CSP_MAP, DISPOSITION_MAP)  # the publisher's, not the site's
INDEX = "index.html"
FILE_MODE = 0o644  # readable by the web server's own user
PUBLISH_EVERY = 20.0  # seconds between the worker's checks: an edit is out within a minute


class PublishError(NotifierError):
    """The directory cannot be written (Polish message)."""


@dataclass
class PublishReport:
    """Relative file names (without the .gz twins) by what happened to them."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def format(self) -> str:
        """One Polish line for the CLI and the log."""
        return (
            f"Opublikowano: {len(self.written)} zmienionych, {len(self.unchanged)} bez zmian, "
            f"{len(self.removed)} usuniętych."
        )


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


def write_site(out: Path, pages: Sequence[Rendered]) -> PublishReport:
    """Write `pages` (with .gz twins) under `out`; PublishError if the directory fails."""
    report = PublishReport()
    try:
        out.mkdir(parents=True, exist_ok=True)
        names = set()
        policies: dict[str, str] = {}
        dispositions: dict[str, str] = {}
        for page in pages:
            name = file_name(page.path)
            _refuse_links(out, name)
            names.add(name)
            changed = _write_pair(out, name, page)
            (report.written if changed else report.unchanged).append(name)
            if page.content_type.startswith("text/html"):
                policies[name] = html_policy(page.body)
            if page.disposition:
                dispositions[name] = page.disposition
        for name in sorted(_previous(out) - names):
            _refuse_links(out, name)
            for gone in (out / name, out / f"{name}.gz"):
                gone.unlink(missing_ok=True)
            report.removed.append(name)
        _write_if_changed(out / CSP_MAP, header_map(policies))
        _write_if_changed(out / DISPOSITION_MAP, header_map(dispositions))
        _write_if_changed(out / MANIFEST, json.dumps(sorted(names), indent=1).encode() + b"\n")
    except OSError as exc:
        raise PublishError(
            f"Nie można zapisać plików w katalogu {out}: {exc.strerror or exc}"
        ) from None
    return report


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


def _refuse_links(out: Path, name: str) -> None:
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


def _write_if_changed(path: Path, body: bytes) -> None:
    if not _same(path, body):
        replace_file(path, body, mode=FILE_MODE)


def _write_pair(out: Path, name: str, page: Rendered) -> bool:
    target = out / name
    if _same(target, page.body) and (out / f"{name}.gz").is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    mtime = page.last_modified.timestamp() if page.last_modified else time.time()
    if target.exists() and target.stat().st_mtime >= mtime:
        mtime = time.time()  # never move a file's date backwards: the host's ETag must change
    # Both files get the same date, so the host's Last-Modified is the same with or without gzip.
    # mtime=0 in the gzip header: the same body gives the same .gz bytes.
    packed = gzip.compress(page.body, compresslevel=9, mtime=0)
    replace_file(Path(f"{target}.gz"), packed, mode=FILE_MODE, mtime=mtime)
    replace_file(target, page.body, mode=FILE_MODE, mtime=mtime)
    return True


def _same(path: Path, body: bytes) -> bool:
    try:
        return path.stat().st_size == len(body) and path.read_bytes() == body
    except OSError:
        return False


def _previous(out: Path) -> set[str]:
    """What the last publication wrote (names checked, so a forged manifest removes nothing
    outside the directory)."""
    try:
        names = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    safe = set()
    for name in names if isinstance(names, list) else ():
        with contextlib.suppress(ValueError, TypeError):
            if file_name("/" + name) == name:
                safe.add(name)
    return safe


async def publish(settings: Settings, out: Path) -> PublishReport:
    """Render the whole site through the app (reading the schedule now) and write it."""
    # A file or a directory of harmonograms, re-read at once when changed (no background).
    app = create_app(settings, catalog_source=CatalogSource(settings.schedule))
    try:
        pages = await render_site(app)
        return await asyncio.to_thread(write_site, out, pages)
    finally:
        await asyncio.to_thread(app.state.notifier.close)


def publish_command(settings: Settings, out: Path | None) -> int:
    """`notifier publish [--out DIR]`: publish once, print the report (Polish); exit code."""
    out = out or settings.publish_dir
    if out is None:
        raise NotifierError(
            "Prosimy podać katalog: notifier publish --out KATALOG (albo NOTIFIER_PUBLISH_DIR)."
        )
    report = asyncio.run(publish(settings, out))
    print(f"{report.format()} Katalog: {out}")
    return 0


@dataclass(frozen=True)
class SiteInputs:
    """Everything the published files are made of, cheap to read: the harmonogram files'
    versions (with their dates and problems, which the pages show), the versions and window
    changes recorded in the database (SEQUENCE, LAST-MODIFIED, the Atom feeds' news) and the
    day in Warsaw (the statuses on the pages and in /api/tasks, and feeds dropping a past
    year's events twelve months after they end)."""

    catalog: tuple[str, datetime, tuple[str, ...]]  # version, newest file's date, problems
    recorded: tuple[int, ...]  # notifier.store: versions_stamp + changes_stamp
    day: date  # Europe/Warsaw


def site_inputs(state: AppState) -> SiteInputs:
    """What `state`'s app would publish now, without rendering (files re-read if changed)."""
    snap = state.catalog_source.settle()
    return SiteInputs(
        (snap.version, snap.modified, tuple(snap.problem_lines())),
        recorded_stamp(state.database()),
        warsaw_day(state.clock()),
    )


def recorded_stamp(db: Database) -> tuple[int, ...]:
    """The database state feeds show, as a few numbers that change whenever it changes."""
    with db.engine.connect() as connection:
        return (*versions_stamp(connection), *changes_stamp(connection))


class Publisher:
    """A background service: every `every` seconds, a check (`check`) that re-publishes to
    `out` when anything the site is made of changed (SiteInputs), and does nothing else.

    One app (and one schedule source) is kept between checks, so a check is a scan of the
    harmonogram files' dates, two aggregate queries and the date; a publication after an edit
    re-renders what the caches do not hold. A failed check is logged and retried. `clock`:
    the app's "now" (aware UTC).
    """

    def __init__(
        self,
        settings: Settings,
        out: Path,
        *,
        every: float = PUBLISH_EVERY,
        clock: Clock = wall_clock,
    ) -> None:
        self.settings = settings
        self.out = out
        self.every = every
        self.clock = clock
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._app: FastAPI | None = None
        self._published: SiteInputs | None = None  # the inputs of the last publication
        self.runs = 0  # completed checks
        self.ran = asyncio.Event()  # set after each check (for whoever waits for the next one)

    async def start(self) -> None:
        """Start the check loop (an asyncio task): a check now, then one every `every` seconds."""
        self._stop.clear()
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        """Stop the loop (a running check ends first), then close the app and its database."""
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None
        await self.close()

    async def close(self) -> None:
        """Close the app (and its database); the next check opens them again."""
        if self._app is not None:
            app, self._app = self._app, None
            await asyncio.to_thread(app_state(app).close)

    async def check(self) -> PublishReport | None:
        """Publish if anything the files are made of changed since the last publication (or
        the directory lost its manifest): the report; None when nothing was rendered.
        RenderError or PublishError when publishing fails (the next check tries again)."""
        app = self._open()
        state = app_state(app)
        inputs = await asyncio.to_thread(site_inputs, state)
        last = self._published
        if last == inputs and (self.out / MANIFEST).is_file():
            return None
        if last is not None and (last.recorded, last.day) != (inputs.recorded, inputs.day):
            state.forget_rendered()  # cached feeds hold the versions read for their schedule
        pages = await render_site(app)
        report = await asyncio.to_thread(write_site, self.out, pages)
        # Rendering records versions and window changes itself: remember the state after it.
        recorded = await asyncio.to_thread(recorded_stamp, state.database())
        self._published = replace(inputs, recorded=recorded)
        return report

    def _open(self) -> FastAPI:
        if self._app is None:
            source = CatalogSource(self.settings.schedule)
            self._app = create_app(self.settings, catalog_source=source, clock=self.clock)
            self._published = None
        return self._app

    async def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                report = await self.check()
                if report is not None and (report.written or report.removed):
                    log.info("%s (%s)", report.format(), self.out)
            except Exception:
                log.exception("publishing to %s failed; will try again", self.out)
            self.runs += 1
            self.ran.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.every)


def publishers(settings: Settings) -> Iterable[Publisher]:
    """The publishing service when NOTIFIER_PUBLISH_DIR is set, else none."""
    if settings.publish_dir is not None:
        yield Publisher(settings, settings.publish_dir)
