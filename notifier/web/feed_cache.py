"""Rendered feeds, kept so that one file's edit re-renders only what depends on it.

Two levels: each harmonogram's events per (city, year, file version, page, filter, alarm,
what has dropped out), and each feed's assembled bytes (plain and gzipped, with ETags) with
the list of harmonogram versions they were assembled from. After an edit of one file, a feed
that does not include it is served as it was; one that does is assembled again from the
other files' kept events and the edited file's new ones.

Each harmonogram's event versions (SEQUENCE, LAST-MODIFIED) and its feed's last change come
from `versions` (the store in the app), asked once per harmonogram version for all the
harmonograms a feed needs at once; a feed's HTTP Last-Modified is the latest of its
harmonograms' when first seen, then its own (notifier.core.feed_dates, recorded by `dates`
for the calendars a path names: it moves only when the calendar's bytes do). Without
`versions`, every event is at its first version and a feed is as old as the newest file.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from notifier.core.catalog import Catalog, Entry
from notifier.core.feed import assemble_calendar, schedule_events
from notifier.core.feed_calls import event_ends
from notifier.core.feed_cancelled import cancelled_events
from notifier.core.feed_spec import FeedSpec, spec_entries
from notifier.core.language import POLISH, current_language
from notifier.core.placement import page_path, placement
from notifier.files.source import CatalogSnapshot
from notifier.store.event_versions import FeedVersions
from notifier.store.feed_dates import calendar_date_key
from notifier.web.feed_variants import RenderedFeed, rendered

log = logging.getLogger(__name__)

MAX_FEEDS = 256
MAX_CHUNKS = 50_000  # one harmonogram's events for one filter: small
MAX_VERSIONS = 50_000  # harmonograms whose event versions are kept
MEMOS = 64  # harmonograms whose serialised events are kept for their other feeds

FeedKey = tuple[FeedSpec, int | None, date, str]  # spec, alarm days, day, language
Fingerprint = tuple[tuple[Any, ...], ...]
# A harmonogram as its versions are kept: (city_id, year, file version, page path).
VersionKey = tuple[str, int, str, str]
VersionsOf = Callable[[Catalog, Sequence[Entry]], Mapping[VersionKey, FeedVersions]]
# A calendar's date by its key, its bytes' SHA-256 and its content's date (AppState's).
DatesOf = Callable[[str, str, datetime], datetime]


def version_key(catalog: Catalog, entry: Entry) -> VersionKey:
    """What a harmonogram's event versions depend on: its file version and where its events
    link (the page moves when a second harmonogram arrives)."""
    return (*entry.key, entry.version, page_path(catalog, entry.schedule))


def dropped_key(catalog: Catalog, entry: Entry, today: date) -> date | None:
    """What of `entry` has dropped out by `today`, as a cache key: None for none; the cutoff
    while it drops events; a constant once everything has."""
    cutoff = placement(catalog).ended_by(entry, today)
    if cutoff is None:
        return None
    last = max(event_ends(entry.schedule), default=cutoff)
    return min(cutoff, last)


class FeedCache:
    """Bounded LRUs of harmonograms' events and of assembled feeds (see the module).

    `versions(catalog, entries)` gives the event versions of each entry by version_key
    (called in the rendering thread; its errors reach the caller). `keep_events=False` keeps
    no harmonogram's events (a publisher renders a city's feeds once per change of the city,
    and keeps each harmonogram's share of the cross-city feeds on disk: notifier.publish.parts)."""

    def __init__(
        self,
        max_feeds: int = MAX_FEEDS,
        max_chunks: int = MAX_CHUNKS,
        versions: VersionsOf | None = None,
        *,
        keep_events: bool = True,
        dates: DatesOf | None = None,
    ) -> None:
        self.max_feeds, self.max_chunks = max_feeds, max_chunks
        self.keep_events = keep_events
        self._versions_of, self._dates_of = versions, dates
        self._versions: OrderedDict[VersionKey, FeedVersions] = OrderedDict()
        self._latest: dict[tuple[str, int, str], VersionKey] = {}  # see versions_for
        self._feeds: OrderedDict[FeedKey, tuple[Fingerprint, RenderedFeed]] = OrderedDict()
        self._chunks: OrderedDict[tuple[Any, ...], tuple[list[bytes], bool]] = OrderedDict()
        self._fingerprints: dict[FeedKey, Fingerprint] = {}
        self._dropped: dict[tuple[Any, ...], date | None] = {}
        self._memos: OrderedDict[tuple[Any, ...], dict[tuple[object, ...], bytes]] = OrderedDict()
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many assembled feeds are kept."""
        return len(self._feeds)

    def _fingerprint(self, catalog: Catalog, key: FeedKey) -> Fingerprint:
        """The harmonograms (their versions, pages, and what dropped out) a feed is made of;
        worked out once per catalog."""
        with self._lock:
            if catalog is not self._catalog:
                self._fingerprints.clear()
                self._catalog = catalog
            found = self._fingerprints.get(key)
        if found is None:
            spec, _alarm, today, _language = key
            found = tuple(
                (*version_key(catalog, e), self._dropped_for(catalog, e, today))
                for e in spec_entries(catalog, spec)
            )
            with self._lock:
                if catalog is self._catalog:
                    self._fingerprints[key] = found
        return found

    def _dropped_for(self, catalog: Catalog, entry: Entry, today: date) -> date | None:
        key = (*version_key(catalog, entry), today)
        if key not in self._dropped:
            if len(self._dropped) > 4 * self.max_chunks:
                self._dropped.clear()
            self._dropped[key] = dropped_key(catalog, entry, today)
        return self._dropped[key]

    def peek(
        self, snap: CatalogSnapshot, spec: FeedSpec, alarm_days: int | None, today: date
    ) -> RenderedFeed | None:
        """The cached feed if it is still what the catalog would give, else None (never
        renders)."""
        key = (spec, alarm_days, today, current_language())
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
        key = (spec, alarm_days, today, current_language())
        fingerprint = self._fingerprint(snap.catalog, key)
        body, last_modified, filename = self.assemble(snap, spec, alarm_days, today, base_url)
        feed = rendered(body, last_modified, filename, dated=self._dated(spec, alarm_days))
        log.debug("rendered %s", feed.filename)
        with self._lock:
            self._feeds[key] = (fingerprint, feed)
            self._feeds.move_to_end(key)
            while len(self._feeds) > self.max_feeds:
                self._feeds.popitem(last=False)
        return feed

    def assemble(
        self,
        snap: CatalogSnapshot,
        spec: FeedSpec,
        alarm_days: int | None,
        today: date,
        base_url: str,
    ) -> tuple[bytes, datetime, str]:
        """The feed's identity bytes, Last-Modified and file name, its harmonograms' events
        rendered where needed (not kept as an assembled feed, not compressed)."""
        catalog = snap.catalog
        entries = spec_entries(catalog, spec)
        versions = self.versions_for(catalog, entries)
        named = feed_names_cities(entries)
        events: list[bytes] = []
        timed = False
        for entry in entries:
            made, has_time = self.harmonogram_part(
                catalog, entry, spec, (alarm_days, named), today, base_url, versions
            )
            events += made
            timed = timed or has_time
        name, description, filename = feed_frame(catalog, spec)
        body = assemble_calendar(name, description, events, timed=timed)
        modified = feed_modified(versions.values(), snap)
        key = calendar_date_key(spec, current_language()) if alarm_days is None else None
        if key is not None and self._dates_of is not None:
            modified = self._dates_of(key, hashlib.sha256(body).hexdigest(), modified)
        return body, modified, filename

    def _dated(self, spec: FeedSpec, alarm_days: int | None) -> bool:
        """Whether the feed's ETag is its date's and size's, as its published file's
        (feed_variants.rendered): a calendar a path names, its date recorded for its bytes,
        in Polish (the language published; an English one's date may be the Polish one's)."""
        key = calendar_date_key(spec, current_language()) if alarm_days is None else None
        published = current_language() == POLISH
        return key is not None and self._dates_of is not None and published

    def harmonogram_part(
        self,
        catalog: Catalog,
        entry: Entry,
        spec: FeedSpec,
        shown: tuple[int | None, bool],
        today: date,
        base_url: str,
        versions: Mapping[VersionKey, FeedVersions],
    ) -> tuple[list[bytes], bool]:
        """One harmonogram's share of a feed's VEVENTs, in the feed's order, and whether one
        has a time of day: its events for `spec` (see _events) and the cancelled ones still
        kept. `shown`: (alarm days, the city named: feed_names_cities of the feed)."""
        part = (*version_key(catalog, entry), self._dropped_for(catalog, entry, today))
        made, timed = self._events(catalog, entry, part, spec, shown, today, base_url, versions)
        known = versions.get(version_key(catalog, entry))
        if known is not None and known.gone:
            cancelled = cancelled_events(
                entry.schedule, known.gone, known.events, spec.task_filter, today, named=shown[1]
            )
            made = [*made, *cancelled]
        return made, timed

    def _events(
        self,
        catalog: Catalog,
        entry: Entry,
        part: tuple[Any, ...],
        spec: FeedSpec,
        shown: tuple[int | None, bool],
        today: date,
        base_url: str,
        versions: Mapping[VersionKey, FeedVersions],
    ) -> tuple[list[bytes], bool]:
        """One harmonogram's events for `spec`, `shown` with (alarm days, the city named)."""
        alarm_days, named = shown
        known = versions.get(version_key(catalog, entry))
        key: tuple[Any, ...] = (part, _versions_token(known), spec.topics, spec.departments)
        key += (alarm_days, named, base_url, current_language())
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
            versions=known.events if known is not None else None,
            page_path=page_path(catalog, schedule),
            ended_by=placement(catalog).ended_by(entry, today),
            named=named,
            memo=self._memo((*key[:2], base_url, current_language())),
        )
        log.debug("events of %s/%s rendered", schedule.city_id, schedule.year)
        if not self.keep_events:
            return made
        with self._lock:
            self._chunks[key] = made
            while len(self._chunks) > self.max_chunks:
                self._chunks.popitem(last=False)
        return made

    def forget_versions(self) -> None:
        """Read the event versions from the store again (another process may have recorded
        some): assembled feeds go; each harmonogram's events stay, kept by their versions."""
        with self._lock:
            self._versions.clear()
            self._latest.clear()
            self._feeds.clear()

    def _memo(self, key: tuple[Any, ...]) -> dict[tuple[object, ...], bytes]:
        """The serialised events of one harmonogram version (with its recorded versions and
        base URL), shared by its feeds: an event in the whole calendar, a topic's and a
        department's is serialised once. Kept for the MEMOS harmonograms used last."""
        with self._lock:
            memo = self._memos.get(key)
            if memo is None:
                memo = self._memos[key] = {}
                while len(self._memos) > MEMOS:
                    self._memos.popitem(last=False)
            self._memos.move_to_end(key)
            return memo

    def versions_for(
        self, catalog: Catalog, entries: Sequence[Entry]
    ) -> dict[VersionKey, FeedVersions]:
        """The event versions of `entries` (by version_key), asked of `versions` once for
        those not kept (which records them: see AppState.feed_versions); {} without it. A
        harmonogram's newer version drops what was kept of its earlier one: a file put back
        as it was (an edit undone, a half-written file whole again) is asked again, since its
        events' SEQUENCE went up meanwhile."""
        if self._versions_of is None:
            return {}
        keys = [version_key(catalog, e) for e in entries]
        with self._lock:
            kept = {k: self._versions[k] for k in keys if k in self._versions}
        missing = [e for e, k in zip(entries, keys, strict=True) if k not in kept]
        if missing:
            found = self._versions_of(catalog, missing)
            with self._lock:
                self._versions.update(found)
                for key in found:
                    earlier = self._latest.get(base := (key[0], key[1], key[3]))
                    if earlier is not None and earlier != key:
                        self._versions.pop(earlier, None)
                    self._latest[base] = key
                while len(self._versions) > MAX_VERSIONS:
                    self._versions.popitem(last=False)
            kept.update(found)
        return kept


def feed_names_cities(entries: Sequence[Entry]) -> bool:
    """Whether a feed of `entries` mixes cities, so that each event says its city."""
    return len({e.schedule.city_id for e in entries}) > 1


def feed_frame(catalog: Catalog, spec: FeedSpec) -> tuple[str, str, str]:
    """A calendar's name, description (X-WR-CALDESC) and file name, by the placement."""
    place = placement(catalog)
    return place.feed_name(spec), place.feed_description(spec), place.feed_filename(spec)


def feed_modified(versions: Iterable[FeedVersions], snap: CatalogSnapshot) -> datetime:
    """A calendar's content date: the latest change of its harmonograms' recorded versions,
    the newest file's date without any (its Last-Modified when first seen, or when no path
    names it: FeedCache.assemble)."""
    return max([v.last_modified for v in versions] or [snap.modified])


def _versions_token(known: FeedVersions | None) -> tuple[Any, ...]:
    """A harmonogram's recorded versions in a few values that change whenever they do
    (sequences only grow, rows are only added)."""
    if known is None:
        return ()
    sequences = sum(v.sequence for v in known.events.values())
    return known.last_modified, len(known.events), sequences, len(known.gone)
