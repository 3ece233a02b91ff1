"""Rendered feeds kept per (schedule version, filter, alarm), plain and gzipped, with ETags.

Each schedule version's event versions (SEQUENCE, LAST-MODIFIED) and the feeds' HTTP
Last-Modified are looked up once per version through `versions` (the store in the app).
Also remembers validated filters, so a cached feed is served without re-validating its query.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from notifier.core.announcements import EVERYTHING, TaskFilter, make_filter
from notifier.core.feed import render_calendar
from notifier.files.reading import Snapshot
from notifier.store.event_versions import FeedVersions
from notifier.web.conditional import http_date
from notifier.web.links import feed_filename

log = logging.getLogger(__name__)

DEFAULT_MAX_ENTRIES = 256


@dataclass(frozen=True)
class Variant:
    """One representation of a feed: its bytes and its strong ETag (quoted)."""

    body: bytes
    etag: str


@dataclass(frozen=True)
class RenderedFeed:
    identity: Variant
    gzip: Variant
    last_modified: datetime
    last_modified_header: str  # last_modified as an HTTP date
    filename: str  # for Content-Disposition


VersionsOf = Callable[[Snapshot], FeedVersions]


def file_versions(snap: Snapshot) -> FeedVersions:
    """Without a store: every event at its first version, the feed as old as the file."""
    return FeedVersions({}, snap.modified.replace(microsecond=0))


class FeedCache:
    """A bounded LRU of rendered feeds; emptied when the schedule version changes.

    `versions` gives a snapshot's event versions and feed Last-Modified (called once per
    schedule version, in the rendering thread; its errors reach the caller).
    """

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, versions: VersionsOf = file_versions
    ) -> None:
        self.max_entries = max_entries
        self._versions_of = versions
        self._versions: tuple[str, FeedVersions] | None = None
        self._versions_lock = threading.Lock()
        self._version: str | None = None
        self._entries: OrderedDict[tuple[TaskFilter, int | None], RenderedFeed] = OrderedDict()
        self._filters: dict[tuple[str, tuple[str, ...], tuple[str, ...]], TaskFilter] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def task_filter(
        self, snap: Snapshot, topics: Sequence[str], departments: Sequence[str]
    ) -> TaskFilter:
        """make_filter's result for this schedule version, remembered; errors are not remembered."""
        if not topics and not departments:
            return EVERYTHING
        key = (snap.version, tuple(topics), tuple(departments))
        found = self._filters.get(key)
        if found is None:
            found = make_filter(snap.schedule, topics, departments)
            with self._lock:
                if len(self._filters) >= 4 * self.max_entries:
                    self._filters.clear()
                self._filters[key] = found
        return found

    def peek(
        self, snap: Snapshot, task_filter: TaskFilter, alarm_days: int | None
    ) -> RenderedFeed | None:
        """The cached feed, or None when it would have to be rendered (never renders)."""
        key = (task_filter, alarm_days)
        with self._lock:
            if snap.version != self._version:
                return None
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def get(
        self,
        snap: Snapshot,
        task_filter: TaskFilter,
        alarm_days: int | None,
        base_url: str,
    ) -> RenderedFeed:
        key = (task_filter, alarm_days)
        with self._lock:
            if snap.version != self._version:
                self._entries.clear()
                self._version = snap.version
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        versions = self._versions_for(snap)
        entry = _render(snap, task_filter, alarm_days, base_url, versions)
        log.debug("rendered %s (schedule version %s)", entry.filename, snap.version)
        with self._lock:
            if snap.version == self._version:
                self._entries[key] = entry
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return entry

    def _versions_for(self, snap: Snapshot) -> FeedVersions:
        with self._versions_lock:  # one look-up per schedule version, not one per feed
            cached = self._versions
            if cached is not None and cached[0] == snap.version:
                return cached[1]
            versions = self._versions_of(snap)
            self._versions = (snap.version, versions)
            return versions


def _render(
    snap: Snapshot,
    task_filter: TaskFilter,
    alarm_days: int | None,
    base_url: str,
    versions: FeedVersions,
) -> RenderedFeed:
    body = render_calendar(
        snap.schedule,
        task_filter,
        base_url=base_url,
        alarm_days=alarm_days,
        versions=versions.events,
    )
    digest = hashlib.sha256(body).hexdigest()[:24]
    last_modified = versions.last_modified
    # mtime=0: the gzip bytes depend on the feed only, so their ETag is stable too.
    return RenderedFeed(
        identity=Variant(body, f'"{digest}"'),
        gzip=Variant(gzip.compress(body, compresslevel=6, mtime=0), f'"{digest}-gzip"'),
        last_modified=last_modified,
        last_modified_header=http_date(last_modified),
        filename=feed_filename(snap.schedule, task_filter),
    )
