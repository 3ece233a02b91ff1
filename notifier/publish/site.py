"""Static publishing: write the site's feeds and pages into a directory any web server serves.

Each publishable URL (notifier.publish.render.publishable_paths) becomes a file at the same path
("/" becomes index.html) with a precompressed twin (FILE.gz, for nginx's gzip_static and
CDNs). Only the paths whose inputs changed are rendered (notifier.publish.plan gives each
path's token, notifier.publish.manifest keeps the tokens of what was published), one at a
time, each written as soon as it is rendered: memory holds one page, not the site. The
files of every city (the cross-city calendars, /api/tasks and its CSV) are streamed from
each harmonogram's share kept on disk (notifier.publish.shares), never held or rendered
whole.
Files are replaced atomically (written to a temporary file in the same directory, then
renamed over the old one), and a file whose bytes did not change is not touched, so its
mtime, and the ETag and Last-Modified a static host derives from it, stay. A feed's file gets
the app's Last-Modified as its mtime (an unchanged Atom feed too, when its date differs: an
Atom feed's date is its own, notifier.core.feed_dates), so the host announces the app's date.
Files published earlier for URLs that are gone (a removed topic) are deleted; nothing else in
the directory is touched. An interrupted publication is completed by the next one (see
notifier.publish.manifest).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event

from fastapi import FastAPI

from notifier.clock import wall_clock
from notifier.core.polish import plural
from notifier.core.system_errors import system_reason
from notifier.core.time import Clock
from notifier.files.public_dir import (
    not_a_folder_problem,
)
from notifier.files.source import CatalogSnapshot, CatalogSource
from notifier.publish.manifest import (
    JOURNAL,
    MANIFEST,
    Manifest,
    Record,
    file_name,
)
from notifier.publish.parts import PARTS, StreamedPair, remove_parts
from notifier.publish.plan import Planned, SitePlan, plan_site
from notifier.publish.render import Rendered, iter_published
from notifier.publish.shares import CALENDARS, TASKS, kinds_kept, stream_cross_city
from notifier.publish.unavailable import FOLDER as UNAVAILABLE
from notifier.publish.unavailable import unavailable_pages
from notifier.publish.verify import body_digest, dated_after
from notifier.publish.writing import (
    PublishError,
    halt_if,
    header_map,
    refuse_links,
    refuse_own_links,
    write_pair,
)
from notifier.settings import Settings
from notifier.store.served_files import RecordedChoices
from notifier.web.app import create_app
from notifier.web.security import html_policy
from notifier.web.state import AppState, app_state

# The pages' Content-Security-Policy (each hashes its own inline styles and scripts), as an
# nginx `map` body: contrib/nginx/notifier.conf includes it, so nginx sends what the app sends.
CSP_MAP = ".notifier-csp.map"
DISPOSITION_MAP = ".notifier-disposition.map"  # each file's Content-Disposition, the same way
# Not the site's: the publisher's bookkeeping, header maps and the pages for when the app is down
OWN_FILES = frozenset((MANIFEST, JOURNAL, CSP_MAP, DISPOSITION_MAP, PARTS, UNAVAILABLE))
PUBLISHER_FEEDS = 0  # assembled feeds a publishing app keeps: none, each is written once


@dataclass
class PublishReport:
    """Relative file names (without the .gz twins) by what happened to them: rendered and
    `written` (changed) or `unchanged` (the same bytes), `kept` without rendering (nothing
    they are made of changed), `removed`."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    # Harmonograms whose shares of the files of every city were rendered ("kind city/year").
    parts: list[str] = field(default_factory=list)
    # Files of every city streamed from the parts (the others' shares had not changed).
    streamed: list[str] = field(default_factory=list)
    # "path: problem" (Polish) of each harmonogram file left out (CatalogSnapshot.problem_lines)
    skipped: list[str] = field(default_factory=list)
    # Files found not to be what was published (publish --verify), published again.
    repaired: list[str] = field(default_factory=list)

    def format(self) -> str:
        """One Polish line for the CLI (`notifier publish`: a clerk may run it)."""
        written, removed, repaired = len(self.written), len(self.removed), len(self.repaired)
        line = (
            f"Opublikowano: {written} {plural(written, 'zmieniony', 'zmienione', 'zmienionych')}, "
            f"{len(self.unchanged)} bez zmian, "
            f"{removed} {plural(removed, 'usunięty', 'usunięte', 'usuniętych')}; "
            f"{len(self.kept)} bez ponownego renderowania."
        )
        if self.repaired:
            shown = ", ".join(self.repaired[:5]) + (", …" if repaired > 5 else "")
            files = plural(repaired, "plik niezgodny", "pliki niezgodne", "plików niezgodnych")
            line += (
                f" Naprawiono {repaired} {files} z publikacją "
                f"(zmienionych, usuniętych lub zastąpionych dowiązaniem): {shown}."
            )
        return line


def _directory_error(out: Path, exc: OSError) -> PublishError:
    """Why `out` could not be written (Polish); a file where the folder should be (made so
    after the folder was checked) is named as such, not as the system's "plik już istnieje"."""
    reason = not_a_folder_problem(out) or system_reason(exc)
    return PublishError(f"Nie można zapisać plików w katalogu {out}: {reason}")


class SiteWriter:
    """Writes rendered pages into `out` one at a time, each recorded in the manifest as soon
    as it and its twin are in place; `finish` removes what is gone and commits the manifest.
    PublishError (Polish) when the directory cannot be written."""

    def __init__(self, out: Path, stop: Event | None = None) -> None:
        self.out = out
        self.stop = stop  # set: PublishStopped before the next file (publish_app)
        self.report = PublishReport()
        self._repair: set[str] = set()  # found not as published (verify): written again
        try:
            out.mkdir(parents=True, exist_ok=True)
            refuse_own_links(
                out, [*sorted(OWN_FILES), *(f"{PARTS}/{k}" for k in (CALENDARS, TASKS))]
            )
            self.manifest = Manifest(out)
        except OSError as exc:
            raise _directory_error(out, exc) from None

    def stale(self, planned: Sequence[Planned]) -> list[Planned]:
        """The paths to render: those whose token is not the recorded one, or whose file or
        twin is missing (deleted by hand: Manifest.missing); the others go to report.kept."""
        files = self.manifest.files
        names = {item.path: file_name(item.path) for item in planned}
        recorded = [i for i in planned if (r := files.get(names[i.path])) and r.token == i.token]
        gone = self.manifest.missing(names[item.path] for item in recorded)
        todo = []
        for item in planned:
            name = names[item.path]
            record = files.get(name)
            if record is not None and record.token == item.token and name not in gone:
                self.report.kept.append(name)
            else:
                todo.append(item)
        return todo

    def write(self, page: Rendered, token: str | None) -> None:
        """Write `page` and its twin (when changed) and record it with `token`."""
        name = file_name(page.path)
        try:
            refuse_links(self.out, name)
            changed = write_pair(self.out, name, page, name in self._repair)
            policy = None
            if page.content_type.startswith("text/html"):  # the app's header, else its rule
                policy = page.policy or html_policy(page.body)
            record = Record(token, policy, page.disposition, digest=body_digest(page.body))
            self.manifest.record(name, record)
        except OSError as exc:
            raise _directory_error(self.out, exc) from None
        (self.report.written if changed else self.report.unchanged).append(name)

    def write_streamed(
        self,
        path: str,
        pair: StreamedPair | None,
        mtime: float | None,
        token: str,
        disposition: str | None,
        content: str,
    ) -> None:
        """Put a streamed file and its twin in place (unless the file holds the same bytes:
        then both are dropped; None: not streamed, the file in place is made of `content`
        already) and record it with `token` and `content`."""
        name = file_name(path)
        refuse_links(self.out, name)
        changed = pair is not None and (name in self._repair or not pair.same_as_target())
        if pair is not None and changed:
            target = self.out / name
            if mtime is None or dated_after(target, mtime):
                mtime = time.time()  # never move a file's date backwards (as write_pair)
            pair.commit(mtime)
        elif pair is not None:
            pair.discard()
        digest: str | None
        if pair is not None:
            self.report.streamed.append(name)
            digest = pair.digest()
        else:
            digest = self.manifest.files[name].digest  # `holds` found it made of `content`
        self.manifest.record(name, Record(token, None, disposition, content, digest))
        (self.report.written if changed else self.report.unchanged).append(name)

    def holds(self, path: str, content: str) -> bool:
        """The file of `path` (streamed from parts) and its twin are in place and recorded
        as made of `content`."""
        name = file_name(path)
        record = self.manifest.files.get(name)
        return (
            record is not None and record.content == content and not self.manifest.missing([name])
        )

    def finish(self, names: Iterable[str]) -> PublishReport:
        """The site is `names`: remove the files of the others published before, write the
        header maps and the manifest."""
        names = set(names)
        try:
            for name in sorted(set(self.manifest.files) - names):
                refuse_links(self.out, name)
                for gone in (self.out / name, self.out / f"{name}.gz"):
                    gone.unlink(missing_ok=True)
                self.report.removed.append(name)
            files = {n: r for n, r in self.manifest.files.items() if n in names}
            policies = {n: r.csp for n, r in files.items() if r.csp}
            dispositions = {n: r.disposition for n, r in files.items() if r.disposition}
            # nginx's pages for when the app is down, with their policies (their own styles)
            down = unavailable_pages()
            refuse_links(self.out, next(iter(down)))
            (self.out / UNAVAILABLE).mkdir(exist_ok=True)
            policies |= {name: html_policy(body) for name, body in down.items()}
            maps = {CSP_MAP: header_map(policies), DISPOSITION_MAP: header_map(dispositions)}
            maps |= down
            self.manifest.commit(names, maps, self.report.written)
        except OSError as exc:
            raise _directory_error(self.out, exc) from None
        return self.report

    def verify(self) -> None:
        """Check every recorded file and twin against the manifest's digests, following no
        link (Manifest.verify): those that differ are rendered again by this publication
        (report.repaired)."""
        try:
            self.report.repaired = self.manifest.verify()
            self._repair = set(self.report.repaired)  # written again even if the file is right
        except OSError as exc:
            raise _directory_error(self.out, exc) from None

    def close(self) -> None:
        """Close the journal (an unfinished publication's stays for the next one)."""
        self.manifest.close()


def write_site(out: Path, pages: Sequence[Rendered]) -> PublishReport:
    """Write `pages` (with .gz twins) under `out` as the whole site (tokens unknown: the next
    publication renders them again); PublishError if the directory fails."""
    writer = SiteWriter(out)
    try:
        for page in pages:
            writer.write(page, None)
        return writer.finish(file_name(page.path) for page in pages)
    finally:
        writer.close()


async def publish_app(
    app: FastAPI,
    out: Path,
    snap: CatalogSnapshot | None = None,
    *,
    verify: bool = False,
    stop: Event | None = None,
) -> PublishReport:
    """Publish what `app` serves (the catalog `snap`, by default its source's after a rescan)
    into `out`: render and write the paths whose inputs changed (with `verify`, also every
    file found not to be what was published: SiteWriter.verify), then commit the manifest.
    RenderError or PublishError stop it, and `stop` set (PublishStopped, between two files);
    what was written stays recorded for the next one."""
    state = app_state(app)
    source = state.catalog_source
    snap = snap if snap is not None else await asyncio.to_thread(source.settle)
    with source.held(snap), _long_lived():
        plan = await asyncio.to_thread(plan_site, state, snap)
        writer = await asyncio.to_thread(SiteWriter, out, stop)
        try:
            # Changes read once by the plan, not per page; first calendar dates recorded once.
            with state.changes_held(plan.changes), state.calendar_dates.batched():
                report = await _publish_plan(app, snap, writer, plan, verify=verify)
            report.skipped = snap.problem_lines()
            return report
        finally:
            writer.close()


async def _publish_plan(
    app: FastAPI, snap: CatalogSnapshot, writer: SiteWriter, plan: SitePlan, *, verify: bool
) -> PublishReport:
    """publish_app once the plan is made: the stale paths rendered or streamed, the parts
    of harmonograms gone removed, the manifest committed."""
    state, out = app_state(app), writer.out
    if verify:
        await asyncio.to_thread(writer.verify)
    todo = await asyncio.to_thread(writer.stale, plan.paths)
    tokens = {item.path: item.token for item in todo}
    items = [item.published for item in todo if not item.published.assembled]
    async with contextlib.aclosing(iter_published(app, items)) as pages:
        async for page in pages:
            halt_if(writer.stop)
            await asyncio.to_thread(writer.write, page, tokens[page.path])
    stale = {item.path for item in todo if item.published.assembled}
    if stale:
        await asyncio.to_thread(_stream, state, snap, writer, plan, stale)
    kinds = kinds_kept(item.published for item in plan.paths)
    await asyncio.to_thread(remove_parts, out, kinds, snap.catalog.entries)
    names = [file_name(item.path) for item in plan.paths]
    return await asyncio.to_thread(writer.finish, names)


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    """What exists when a publication starts (the catalog, the app) lives through it: left
    out of the cyclic collector's full passes while it renders (each walked every task of
    every harmonogram: about 5 % of a publication's CPU time), unless something else froze
    objects already (the web app freezes its catalog at start and keeps it frozen)."""
    ours = gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    try:
        yield
    finally:
        if ours:
            gc.unfreeze()


def _stream(
    state: AppState, snap: CatalogSnapshot, writer: SiteWriter, plan: SitePlan, stale: set[str]
) -> None:
    """Write the `stale` files of every city from each harmonogram's parts
    (notifier.publish.shares), the parts rendered again where they changed."""
    tokens = {item.path: item.token for item in plan.paths}
    try:
        parts, kept = writer.report.parts, writer.holds
        for streamed, made, pair in stream_cross_city(state, snap, writer.out, plan, stale, parts, kept):  # fmt: skip
            halt_if(writer.stop)
            path = streamed.layout.path
            writer.write_streamed(path, pair, streamed.modified, tokens[path], streamed.disposition, made)  # fmt: skip
    except OSError as exc:
        raise _directory_error(writer.out, exc) from None


def publishing_app(settings: Settings, clock: Clock = wall_clock) -> FastAPI:
    """An app to publish from: the schedule re-read at once when changed (no background
    thread), few assembled feeds kept (each is written once); `clock` its "now"."""
    choices = RecordedChoices(settings.database_url)
    source = CatalogSource(settings.schedule, choices=choices, settle=settings.schedule_settle)
    app = create_app(settings, catalog_source=source, clock=clock)
    state = app_state(app)
    state.max_feeds = PUBLISHER_FEEDS
    state.keep_events = False  # a city's feeds are rendered once per change of the city
    state.forget_rendered()
    return app


async def publish(settings: Settings, out: Path, *, verify: bool = False) -> PublishReport:
    """Render the site through the app (reading the schedule now) and write what changed
    (`verify`: and what is not what was published, publish_app)."""
    app = publishing_app(settings)
    try:
        return await publish_app(app, out, verify=verify)
    finally:
        await asyncio.to_thread(app_state(app).close)
