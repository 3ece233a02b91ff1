"""The web app's one state, shared by every router, and the per-request view of it.

AppState owns what the routes use: the settings, the schedule (re-read when the file
changes), the feed cache, the subscriber database, the mail backend and the clock.
"""

from __future__ import annotations

import threading
from datetime import date

from fastapi import FastAPI, Request

from notifier.clock import wall_clock
from notifier.core.announcements import TaskFilter, make_filter
from notifier.core.catalog import catalog_view
from notifier.core.feed import event_hashes, feed_fingerprint
from notifier.core.time import TIMEZONE, Clock
from notifier.core.window_changes import WindowChange
from notifier.files.reading import ScheduleSource, Snapshot
from notifier.files.source import CatalogSnapshot, CatalogSource
from notifier.mail.delivery import DeliveryBackend
from notifier.mail.transports import backend_from_settings
from notifier.settings import Settings
from notifier.store.db import Database, open_database
from notifier.store.event_versions import FeedVersions, record_versions
from notifier.store.subscriber_placement import place_legacy_subscribers
from notifier.store.window_changes import list_changes, sync_windows
from notifier.web.catalog_feed_cache import CatalogFeedCache
from notifier.web.feed_cache import FeedCache
from notifier.web.feed_fast import FeedIndex


class AppState:
    """What create_app puts on `app.state.notifier`; routers reach it through app_state().

    `db`: the subscriber database to use; without one, the state opens (creates and migrates)
    settings.database_url itself — at the app's start-up, or on first use when the app is
    served without its lifespan — and closes it when the app stops. `backend`: where sign-up
    emails go (default: from the settings). `clock`: what "now" is for tokens and sign-ups
    (aware UTC; the wall clock by default).
    """

    def __init__(
        self,
        settings: Settings,
        schedule_source: ScheduleSource | CatalogSource,
        *,
        db: Database | None = None,
        backend: DeliveryBackend | None = None,
        clock: Clock = wall_clock,
    ) -> None:
        self.settings = settings
        self.catalog_source = CatalogSource.wrap(schedule_source) or CatalogSource.of_source(
            schedule_source  # type: ignore[arg-type]
        )
        self.forget_rendered()  # the feed caches, empty
        self.answered_feeds = FeedIndex()  # the fast path's (it checks the caches above)
        self.backend = backend if backend is not None else backend_from_settings(settings)
        self.clock = clock
        self._db = db
        self._owns_db = db is None
        self._db_lock = threading.Lock()  # two first requests must not both open it
        self._sync_lock = threading.Lock()
        self._synced_version: str | None = None

    @property
    def schedule_source(self) -> ScheduleSource:
        """The one file's source when NOTIFIER_SCHEDULE is a file (AttributeError otherwise)."""
        if self.catalog_source.single is None:
            raise AttributeError("NOTIFIER_SCHEDULE is a directory: use catalog_source")
        return self.catalog_source.single

    def database(self) -> Database:
        """The subscriber database, opened on first use; DatabaseError if it cannot be."""
        with self._db_lock:
            if self._db is None:
                db = open_database(self.settings.database_url)
                place_legacy_subscribers(db, self.catalog_source.snapshot().catalog)
                self._db = db
            return self._db

    def feed_versions(self, snap: Snapshot) -> FeedVersions:
        """The snapshot's event versions and feed Last-Modified, recorded in the database."""
        base_url = self.settings.base_url
        schedule = snap.schedule
        return record_versions(
            self.database(),
            event_hashes(schedule, base_url),
            feed_fingerprint(schedule, base_url),
            self.clock(),
        )

    def window_changes(self, snap: Snapshot) -> list[WindowChange]:
        """The recorded window changes, newest first; the snapshot's windows are recorded
        first (once per schedule version), so an edit shows before the next reminder pass."""
        db = self.database()
        with self._sync_lock:
            if self._synced_version != snap.version:
                sync_windows(db, snap.schedule, self.clock())
                self._synced_version = snap.version
        with db.engine.connect() as connection:
            return list_changes(connection)

    def forget_rendered(self) -> None:
        """Drop every rendered feed, so the next ones read their versions from the database
        again (the caches otherwise ask once per schedule version)."""
        self.feed_cache = FeedCache(versions=self.feed_versions)
        self.catalog_feed_cache = CatalogFeedCache(versions=self.feed_versions)

    def today(self) -> date:
        """Today's date in Warsaw by the app's clock."""
        return self.clock().astimezone(TIMEZONE).date()

    def close(self) -> None:
        """Dispose of the database if this state opened it (safe to call twice)."""
        with self._db_lock:
            if self._owns_db and self._db is not None:
                self._db.dispose()
                self._db = None


def app_state(app: FastAPI) -> AppState:
    return app.state.notifier


# Where a request keeps what it has looked up (its ASGI scope: request.state would build a
# State object per request, a measurable share of a cached feed's answer).
_CATALOG, _SCHEDULE = "notifier.catalog_snapshot", "notifier.schedule_snapshot"


def catalog_snapshot(request: Request) -> CatalogSnapshot:
    """The catalog for this request; files are checked for changes at most once per request."""
    scope = request.scope
    cached: CatalogSnapshot | None = scope.get(_CATALOG)
    if cached is None:
        cached = scope[_CATALOG] = app_state(request.app).catalog_source.snapshot()
    return cached


def is_single(request: Request) -> bool:
    """One harmonogram is served: every URL answers exactly as before cities existed."""
    return catalog_snapshot(request).catalog.is_single


def snapshot(request: Request) -> Snapshot:
    """The schedule for this request: the one harmonogram's snapshot, or with several the
    catalog as one view (notifier.core.catalog.catalog_view) for the sign-up pages."""
    cat = catalog_snapshot(request)
    if cat.single is not None:
        return cat.single
    cached: Snapshot | None = request.scope.get(_SCHEDULE)
    if cached is None:
        cached = request.scope[_SCHEDULE] = Snapshot(
            catalog_view(cat.catalog), cat.version, cat.modified, tuple(cat.problem_lines())
        )
    return cached


def request_filter(request: Request, snap: Snapshot) -> TaskFilter:
    """?topic=SLUG and ?department=ID (each repeatable); FilterError for unknown ones."""
    params = request.query_params
    return make_filter(snap.schedule, params.getlist("topic"), params.getlist("department"))


def today(request: Request) -> date:
    """Today's date in Warsaw by the app's clock (the timeline marker, the "past" banner)."""
    return app_state(request.app).today()
