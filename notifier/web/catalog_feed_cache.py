"""Rendered catalog feeds, kept so that one file's edit re-renders only what depends on it.

Two levels: each harmonogram's events per (city, year, file version, filter, alarm, what
has dropped out), and each feed's assembled bytes (plain and gzipped, with ETags) with the
list of harmonogram versions they were assembled from. After an edit of one file, a feed
that does not include it is served as it was; one that does is assembled again from the
other files' kept events and the edited file's new ones.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from typing import Any

from notifier.core.catalog import Catalog, Entry, year_path
from notifier.core.catalog_feed import (
    FeedSpec,
    ended_by,
    spec_description,
    spec_entries,
    spec_filename,
    spec_name,
)
from notifier.core.feed import EventVersion, assemble_calendar, schedule_events
from notifier.files.source import CatalogSnapshot
from notifier.store.event_versions import FeedVersions
from notifier.web.conditional import http_date
from notifier.web.feed_cache import RenderedFeed, Variant, VersionsOf

log = logging.getLogger(__name__)

MAX_FEEDS = 256
MAX_CHUNKS = 50_000  # one harmonogram's events for one filter: small

FeedKey = tuple[FeedSpec, int | None, date]
Fingerprint = tuple[tuple[Any, ...], ...]


def _dropped_key(entry: Entry, today: date) -> date | None:
    """What of `entry` has dropped out by `today`, as a cache key: None for none; the cutoff
    while it drops events; a constant once everything has."""
    cutoff = ended_by(entry, today)
    if cutoff is None:
        return None
    ends = [w.end for t in entry.schedule.tasks() for w in t.windows]
    last = max(ends, default=cutoff)
    return min(cutoff, last)


class CatalogFeedCache:
    """Bounded LRUs of harmonograms' events and of assembled feeds (see the module)."""

    def __init__(
        self,
        max_feeds: int = MAX_FEEDS,
        max_chunks: int = MAX_CHUNKS,
        versions: VersionsOf | None = None,
    ) -> None:
        self.max_feeds, self.max_chunks = max_feeds, max_chunks
        self._versions_of = versions
        self._versions: tuple[str, FeedVersions] | None = None
        self._feeds: OrderedDict[FeedKey, tuple[Fingerprint, RenderedFeed]] = OrderedDict()
        self._chunks: OrderedDict[tuple[Any, ...], tuple[list[bytes], bool]] = OrderedDict()
        self._fingerprints: dict[FeedKey, Fingerprint] = {}
        self._dropped: dict[tuple[str, int, str, date], date | None] = {}
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()
        self.renders = 0  # harmonograms' events rendered (a figure for the benchmarks)

    def _fingerprint(self, catalog: Catalog, key: FeedKey) -> Fingerprint:
        """The harmonograms (and their versions, and what dropped out) a feed is made of;
        worked out once per catalog."""
        with self._lock:
            if catalog is not self._catalog:
                self._fingerprints.clear()
                self._catalog = catalog
            found = self._fingerprints.get(key)
        if found is None:
            spec, _alarm, today = key
            found = tuple(
                (*e.key, e.version, self._dropped_for(e, today))
                for e in spec_entries(catalog, spec)
            )
            with self._lock:
                if catalog is self._catalog:
                    self._fingerprints[key] = found
        return found

    def _dropped_for(self, entry: Entry, today: date) -> date | None:
        key = (*entry.key, entry.version, today)
        if key not in self._dropped:
            if len(self._dropped) > 4 * self.max_chunks:
                self._dropped.clear()
            self._dropped[key] = _dropped_key(entry, today)
        return self._dropped[key]

    def peek(
        self, snap: CatalogSnapshot, spec: FeedSpec, alarm_days: int | None, today: date
    ) -> RenderedFeed | None:
        """The cached feed if it is still what the catalog would give, else None."""
        key = (spec, alarm_days, today)
        fingerprint = self._fingerprint(snap.catalog, key)
        with self._lock:
            found = self._feeds.get(key)
            if found is None or (found[0] is not fingerprint and found[0] != fingerprint):
                return None
            self._feeds.move_to_end(key)
            return found[1]

    def get(
        self,
        snap: CatalogSnapshot,
        spec: FeedSpec,
        alarm_days: int | None,
        today: date,
        base_url: str,
    ) -> RenderedFeed:
        """The feed, assembled (and its harmonograms' events rendered) where needed."""
        found = self.peek(snap, spec, alarm_days, today)
        if found is not None:
            return found
        key = (spec, alarm_days, today)
        catalog = snap.catalog
        fingerprint = self._fingerprint(catalog, key)
        entries = spec_entries(catalog, spec)
        events: list[bytes] = []
        timed = False
        versions = self._single_versions(snap)
        for entry, part in zip(entries, fingerprint, strict=True):
            made, has_time = self._events(entry, part, spec, alarm_days, today, base_url, versions)
            events += made
            timed = timed or has_time
        name, description = spec_name(catalog, spec), spec_description(catalog, spec)
        body = assemble_calendar(name, description, events, timed=timed)
        feed = _rendered(body, snap, spec_filename(spec))
        with self._lock:
            self._feeds[key] = (fingerprint, feed)
            self._feeds.move_to_end(key)
            while len(self._feeds) > self.max_feeds:
                self._feeds.popitem(last=False)
        return feed

    def _events(
        self,
        entry: Entry,
        part: tuple[Any, ...],
        spec: FeedSpec,
        alarm_days: int | None,
        today: date,
        base_url: str,
        versions: Mapping[str, EventVersion] | None,
    ) -> tuple[list[bytes], bool]:
        key = (part, spec.topics, spec.departments, alarm_days, versions is not None)
        with self._lock:
            found = self._chunks.get(key)
            if found is not None:
                self._chunks.move_to_end(key)
                return found
        schedule = entry.schedule
        made = schedule_events(
            schedule,
            spec.task_filter,
            base_url=base_url,
            alarm_days=alarm_days,
            versions=versions,
            page_path=year_path(schedule),
            ended_by=ended_by(entry, today),
        )
        with self._lock:
            self.renders += 1
            self._chunks[key] = made
            while len(self._chunks) > self.max_chunks:
                self._chunks.popitem(last=False)
        return made

    def _single_versions(self, snap: CatalogSnapshot) -> Mapping[str, EventVersion] | None:
        """The stored event versions (SEQUENCE, LAST-MODIFIED) when one harmonogram is served,
        looked up once per its version; None with several (events at their first version)."""
        if self._versions_of is None or snap.single is None:
            return None
        with self._lock:
            cached = self._versions
        if cached is not None and cached[0] == snap.single.version:
            return cached[1].events
        found = self._versions_of(snap.single)
        with self._lock:
            self._versions = (snap.single.version, found)
        return found.events


def _rendered(body: bytes, snap: CatalogSnapshot, filename: str) -> RenderedFeed:
    digest = hashlib.sha256(body).hexdigest()[:24]
    last_modified = snap.modified.replace(microsecond=0)
    return RenderedFeed(
        identity=Variant(body, f'"{digest}"'),
        gzip=Variant(gzip.compress(body, compresslevel=6, mtime=0), f'"{digest}-gzip"'),
        last_modified=last_modified,
        last_modified_header=http_date(last_modified),
        filename=filename,
    )
