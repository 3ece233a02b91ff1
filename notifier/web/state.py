"""The web app's one state, shared by every router, and the per-request view of it.

AppState owns what the routes use: the settings, the catalog of harmonograms (re-read when
a file changes), the feed cache, the subscriber database, the mail backend and the clock.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache, partial
from pathlib import Path

from fastapi import FastAPI, Request
from sqlalchemy.exc import SQLAlchemyError

from notifier import core
from notifier.clock import wall_clock
from notifier.core.atom import AtomFeed
from notifier.core.call_changes import CallHistory
from notifier.core.catalog import Catalog, Entry
from notifier.core.feed import event_hashes, event_uids
from notifier.core.feed_cancelled import gone_events
from notifier.core.placement import catalog_view, page_path, store_scope
from notifier.core.schedule import Schedule
from notifier.core.time import Clock, warsaw_day
from notifier.core.window_changes import WindowChange
from notifier.files.source import CatalogSnapshot, CatalogSource
from notifier.jobs.sending import flush_unrecorded
from notifier.mail.delivery import DeliveryBackend
from notifier.mail.transports import backend_from_settings
from notifier.settings import Settings
from notifier.store.call_versions import schedule_histories, sync_calls
from notifier.store.db import Database, open_database
from notifier.store.event_versions import (
    FeedVersions,
    HarmonogramEvents,
    record_harmonograms,
    versions_stamp,
)
from notifier.store.feed_dates import feed_date_key, record_feed_date
from notifier.store.subscriber_placement import place_legacy_subscribers
from notifier.store.window_changes import changes_by_scope, list_changes, sync_windows
from notifier.web.calendar_dates import CalendarDates
from notifier.web.feed_cache import MAX_FEEDS, FeedCache, VersionKey, version_key
from notifier.web.feed_fast import FeedIndex

log = logging.getLogger(__name__)

# Harmonograms (a city's years) whose window changes are read each by its own scope; more
# (the cross-city pages and feeds) read them all in one query.
FEW_SCOPES = 8


class AppState:
    """What create_app puts on `app.state.notifier`; routers reach it through app_state().

    `catalog_source`: the harmonograms served (notifier.files.source). `db`: the subscriber
    database to use; without one, the state opens (creates and migrates)
    settings.database_url itself — at the app's start-up, or on first use when the app is
    served without its lifespan — and closes it when the app stops. `backend`: where sign-up
    emails go (default: from the settings). `clock`: what "now" is for tokens and sign-ups
    (aware UTC; the wall clock by default).
    """

    def __init__(
        self,
        settings: Settings,
        catalog_source: CatalogSource,
        *,
        db: Database | None = None,
        backend: DeliveryBackend | None = None,
        clock: Clock = wall_clock,
    ) -> None:
        self.settings = settings
        self.catalog_source = catalog_source
        self.max_feeds = MAX_FEEDS  # assembled feeds kept (a publisher needs few: see there)
        self.keep_events = True  # harmonograms' rendered events (a publisher keeps none)
        self.forget_rendered()  # the feed cache, empty
        self.answered_feeds = FeedIndex()  # the fast path's (it checks the cache above)
        self.backend = backend if backend is not None else backend_from_settings(settings)
        self.clock = clock
        self._db = db
        self._owns_db = db is None
        self._db_lock = threading.Lock()  # two first requests must not both open it
        self._sync_lock = threading.Lock()
        self._synced: dict[str, VersionKey] = {}  # scope -> the version last recorded
        self._held_changes: dict[str, list[WindowChange]] | None = None  # see changes_held
        self._versions_lock = threading.Lock()
        self._versions_seen: tuple[int, int] | None = None  # see notice_recorded_versions
        self._versions_unstored = False  # a read path's write failed: see _unstored

    def database(self) -> Database:
        """The subscriber database, opened on first use; DatabaseError if it cannot be."""
        with self._db_lock:
            if self._db is None:
                db = open_database(self.settings.database_url, self.settings.state_dir)
                place_legacy_subscribers(db, self.catalog_source.snapshot().catalog)
                flush_unrecorded(db)  # what a killed process's sent journal holds
                self._db = db
            return self._db

    def feed_versions(
        self, catalog: Catalog, entries: Sequence[Entry]
    ) -> dict[VersionKey, FeedVersions]:
        """The event versions of `entries` and their feeds' last change, recorded in the
        database, by notifier.web.feed_cache.version_key. A harmonogram's events are hashed
        (rendered) only when its file, its links or the rendering code changed since the
        database last saw it (store.event_versions.HarmonogramEvents). The windows are
        recorded first (window_changes): an event a change took away is kept as cancelled
        (notifier.core.feed_cancelled)."""
        base_url = self.settings.base_url
        wanted = {}
        for entry, (schedule, changes) in zip(
            entries, self.window_changes(catalog, entries), strict=True
        ):
            page = page_path(catalog, schedule)
            key = f"{entry.version}\n{base_url}\n{page}\n{rendering_version()}"
            uids = event_uids(schedule)
            wanted[store_scope(catalog, schedule)] = HarmonogramEvents(
                uids=uids,
                key=hashlib.sha256(key.encode()).hexdigest(),
                hashes=partial(event_hashes, schedule, base_url, page),
                gone=gone_events(schedule, changes, uids),
            )
        db = self.database()
        before = self._versions_stamp(db)
        found = record_harmonograms(db, wanted, self.clock(), self._unstored)
        after = self._versions_stamp(db)
        with self._versions_lock:  # our own recording is no news (another's in between is)
            if before == self._versions_seen:
                self._versions_seen = after
        return {version_key(catalog, e): found[store_scope(catalog, e.schedule)] for e in entries}

    def atom_date(self, self_path: str, atom: AtomFeed) -> datetime:
        """The Atom feed's date (notifier.core.feed_dates): recorded per path and language
        (`self_path`: its path with its canonical query) for the feeds a path names, which
        are as many as the catalog's cities, topics and departments; a view narrowed by a
        query (?topic=a&topic=b, ?year=) is dated by its content alone, so no query can add
        rows. The content's date when the database cannot be written (M9)."""
        if not recorded_path(self_path):
            return atom.updated.replace(microsecond=0)
        try:
            key = feed_date_key(self_path)
            return record_feed_date(self.database(), key, atom.body, atom.updated, self.clock())
        except SQLAlchemyError as exc:
            self._unstored(exc)
            return atom.updated.replace(microsecond=0)

    def calendar_date(self, key: str, digest: str, content_date: datetime) -> datetime:
        """A calendar's date (notifier.core.feed_dates, the Atom feeds' rule): recorded under
        `key` (notifier.store.feed_dates.calendar_date_key) for its bytes' SHA-256 `digest`,
        first seen as `content_date` (its harmonograms' latest change). The content's date
        when the database cannot be written (M9)."""
        try:
            return self.calendar_dates.date(key, digest, content_date)
        except SQLAlchemyError as exc:
            self._unstored(exc)
            return content_date.replace(microsecond=0)

    def window_changes(
        self, catalog: Catalog, entries: Sequence[Entry]
    ) -> list[tuple[Schedule, list[WindowChange]]]:
        """Each of `entries` with its recorded window changes, newest first; its windows are
        recorded first (whenever its version differs from the one last recorded: a file put
        back as it was is recorded again, which nets its untold changes away), so an edit
        shows before the next pass of the worker."""
        db = self.database()
        recorded_now = False
        with self._sync_lock:
            for entry in entries:
                key = version_key(catalog, entry)
                scope = store_scope(catalog, entry.schedule)
                if self._synced.get(scope) != key:
                    try:
                        sync_windows(db, entry.schedule, self.clock(), scope)
                        sync_calls(db, entry.schedule, self.clock())  # corrections (F6)
                    except SQLAlchemyError as exc:  # a read goes on with what is recorded
                        self._unstored(exc)
                        continue
                    self._synced[scope] = key
                    recorded_now = True
            held = self._held_changes
        scopes = [store_scope(catalog, e.schedule) for e in entries]
        if held is not None and not recorded_now:
            return [(e.schedule, held.get(s, [])) for e, s in zip(entries, scopes, strict=True)]
        with db.engine.connect() as connection:
            if len(scopes) <= FEW_SCOPES:  # a city's page or feed: its own rows only
                recorded = {s: list_changes(connection, scope=s) for s in set(scopes)}
            else:
                recorded = changes_by_scope(connection)
        return [(e.schedule, recorded.get(s, [])) for e, s in zip(entries, scopes, strict=True)]

    def call_histories(self, schedules: Sequence[Schedule]) -> dict[str, CallHistory]:
        """The recorded versions of the calls of `schedules` (recorded by window_changes),
        which date a corrected call's Atom entry; none when the database cannot be read."""
        try:
            with self.database().engine.connect() as connection:
                return schedule_histories(connection, schedules)
        except SQLAlchemyError as exc:
            self._unstored(exc)
            return {}

    @contextmanager
    def changes_held(self, changes: dict[str, list[WindowChange]]) -> Iterator[None]:
        """While a publication renders (notifier.publish.site), window_changes answers from
        `changes` (every scope's, read once after its windows were recorded) instead of a
        query per page and Atom feed, unless it records a harmonogram's windows itself."""
        with self._sync_lock:
            self._held_changes = changes
        try:
            yield
        finally:
            with self._sync_lock:
                self._held_changes = None

    def _unstored(self, exc: SQLAlchemyError) -> None:
        """A write on a read path failed (M9: a full disk blocks writes, not reads): the page
        or feed is answered from what is recorded, and the watcher's next tick forgets what
        was rendered from it (notice_recorded_versions), so the write is tried again."""
        log.debug("recording versions or windows failed, answering from the recorded: %s", exc)
        with self._versions_lock:
            self._versions_unstored = True

    @staticmethod
    def _versions_stamp(db: Database) -> tuple[int, int]:
        with db.engine.connect() as connection:
            return versions_stamp(connection)

    def notice_recorded_versions(self) -> bool:
        """Forget every rendered feed and answered feed when another process (`notifier
        publish`, another worker, the background worker) recorded event versions this app did
        not: the feed cache otherwise asks the database only when a harmonogram's file changes,
        and kept serving an older SEQUENCE and ETag than the published files (F6). Called by
        the schedule watcher once per tick (one cheap query), never per request; True if it
        forgot. Nothing before the database is open."""
        db = self._db
        if db is None:
            return False
        stamp = self._versions_stamp(db)
        with self._versions_lock:
            unstored, self._versions_unstored = self._versions_unstored, False
            if stamp == self._versions_seen and not unstored:
                return False
            self._versions_seen = stamp  # (the first tick forgets too: nothing to tell apart)
        self.forget_rendered()
        self.answered_feeds = FeedIndex()
        return True

    def forget_rendered(self) -> None:
        """Drop every rendered feed, so the next ones read their versions from the database
        again (the cache otherwise asks once per harmonogram version)."""
        self.feed_cache = FeedCache(
            self.max_feeds,
            versions=self.feed_versions,
            keep_events=self.keep_events,
            dates=self.calendar_date,
        )
        self.calendar_dates = CalendarDates(self.database, lambda: self.clock(), self._unstored)

    def today(self) -> date:
        """Today's date in Warsaw by the app's clock."""
        return warsaw_day(self.clock())

    def close(self) -> None:
        """Dispose of the database if this state opened it (safe to call twice)."""
        with self._db_lock:
            if self._owns_db and self._db is not None:
                self._db.dispose()
                self._db = None


@cache
def rendering_version() -> str:
    """A digest of the core's source (what renders every event): a new release re-hashes each
    harmonogram's events once, so an event whose bytes it changes gets a new SEQUENCE."""
    digest = hashlib.sha256()
    for path in sorted(Path(core.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def app_state(app: FastAPI) -> AppState:
    """The app's one AppState."""
    return app.state.notifier


# Where a request keeps what it has looked up (its ASGI scope: request.state would build a
# State object per request, a measurable share of a cached feed's answer).
_CATALOG, _VIEW = "notifier.catalog_snapshot", "notifier.catalog_view"


def catalog_snapshot(request: Request) -> CatalogSnapshot:
    """The catalog for this request; files are checked for changes at most once per request."""
    scope = request.scope
    cached: CatalogSnapshot | None = scope.get(_CATALOG)
    if cached is None:
        cached = scope[_CATALOG] = app_state(request.app).catalog_source.snapshot()
    return cached


def site_view(request: Request) -> Schedule:
    """What speaks of the whole service (sign-up and settings pages and their emails): the
    one harmonogram, or with several the catalog as one view
    (notifier.core.placement.catalog_view)."""
    cached: Schedule | None = request.scope.get(_VIEW)
    if cached is None:
        cached = request.scope[_VIEW] = catalog_view(catalog_snapshot(request).catalog)
    return cached


def today(request: Request) -> date:
    """Today's date in Warsaw by the app's clock (the timeline marker, the "past" banner)."""
    return app_state(request.app).today()


def recorded_path(self_path: str) -> bool:
    """Whether an Atom feed's date is recorded for its bytes (AppState.atom_date): a path with
    no query but its language."""
    query = self_path.partition("?")[2]
    return all(part.startswith("lang=") for part in query.split("&") if part)
