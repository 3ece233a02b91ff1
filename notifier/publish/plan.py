"""What each published path is made of, as a token: equal tokens, equal bytes.

A path's token covers (notifier.publish.render.site_map gives its harmonograms):
- each of its harmonograms: key, file version, page, the event versions recorded for it
  (SEQUENCE, LAST-MODIFIED, the events gone and kept as cancelled) and its window changes;
- the day where the path shows it: pages and /api/tasks (statuses, the timeline) by the date
  itself; a calendar only by what of it the day decides (a past year's events dropping out
  after twelve months, a cancelled event kept 30 days), so midnight re-renders a calendar
  only when one of those moves; Atom feeds not at all;
- the base URL and the code that renders (a new release publishes everything again).

`plan_site` reads the versions first (recording those of edited files, as a render would),
so a token is computed before anything is rendered and stays true after.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import notifier
from notifier.core.catalog import Catalog, Entry
from notifier.core.feed_calls import event_ends, still_shown
from notifier.core.feed_cancelled import kept
from notifier.core.placement import page_path, placement, store_scope
from notifier.core.window_changes import WindowChange
from notifier.files.source import CatalogSnapshot
from notifier.publish.render import Published, site_map
from notifier.store.event_versions import FeedVersions
from notifier.store.window_changes import changes_by_scope
from notifier.templating import templates_dir
from notifier.web.feed_cache import VersionKey, version_key
from notifier.web.state import AppState

VERSIONS_BATCH = 100  # harmonograms whose event versions are read (or recorded) at once


@dataclass(frozen=True)
class Planned:
    """A publishable path and the token of what it is made of."""

    published: Published
    token: str

    @property
    def path(self) -> str:
        """The URL."""
        return self.published.path


@dataclass(frozen=True)
class SitePlan:
    """Every publishable path with its token; by entry key, the digests of each
    harmonogram's own inputs and of what the day decides of its calendars (what its shares
    of the cross-city files are made of: notifier.publish.shares); the event versions read
    and the day."""

    paths: list[Planned]
    made: dict[tuple[str, int], str]  # each harmonogram's own inputs (with `common`)
    shown: dict[tuple[str, int], str]  # what the day decides of its calendars
    versions: dict[VersionKey, FeedVersions]
    today: date
    changes: dict[str, list[WindowChange]]  # by store scope, read after recording windows


def plan_site(state: AppState, snap: CatalogSnapshot) -> SitePlan:
    """Every publishable path of `snap` with its token (reads and records event versions)."""
    catalog = snap.catalog
    today = state.today()
    # Asked (and recorded) a batch at a time: the first publication of thousands of
    # harmonograms hashes and stores every event, and the rows of all of them at once were
    # most of its peak memory.
    versions: dict[VersionKey, FeedVersions] = {}
    for first in range(0, len(catalog.entries), VERSIONS_BATCH):
        batch = catalog.entries[first : first + VERSIONS_BATCH]
        versions.update(state.feed_cache.versions_for(catalog, batch))
    with state.database().engine.connect() as connection:
        changes = changes_by_scope(connection)
    common = f"{state.settings.base_url}\n{code_version()}"
    made: dict[tuple[str, int], str] = {}
    shown: dict[tuple[str, int], str] = {}
    for entry in catalog.entries:
        known = versions.get(version_key(catalog, entry))
        scope_changes = changes.get(store_scope(catalog, entry.schedule), [])
        made[entry.key] = _digest(_entry_inputs(catalog, entry, known, scope_changes))
        shown[entry.key] = _digest(_calendar_day(catalog, entry, known, today))
    planned = []
    for published in site_map(catalog):
        parts = [common, published.path, *(made[e.key] for e in published.entries)]
        if published.path.endswith(".ics"):
            parts += [shown[e.key] for e in published.entries]
        elif not published.path.endswith(".atom"):
            parts.append(today.isoformat())  # pages and /api/tasks show the day
        planned.append(Planned(published, _digest("\n".join(parts))))
    own = {key: _digest(f"{common}\n{digest}") for key, digest in made.items()}
    return SitePlan(planned, own, shown, versions, today, changes)


def _entry_inputs(
    catalog: Catalog, entry: Entry, known: FeedVersions | None, changes: list[WindowChange]
) -> str:
    """What a harmonogram's part of any path is made of, as text."""
    lines = [*map(str, entry.key), entry.version, page_path(catalog, entry.schedule)]
    if known is not None:
        lines.append(known.last_modified.isoformat())
        lines += sorted(f"{uid} {v.sequence} {v.last_modified}" for uid, v in known.events.items())
    lines += [f"{c.id} {c.detected_at.isoformat()}" for c in changes]
    return "\n".join(lines)


def _calendar_day(catalog: Catalog, entry: Entry, known: FeedVersions | None, today: date) -> str:
    """What of a harmonogram's calendar events `today` decides: how many of a past year's
    events have dropped out (those ending on or before the cut-off, see
    notifier.core.feed.schedule_events), and which cancelled events are still kept."""
    cutoff = placement(catalog).ended_by(entry, today)
    ends = event_ends(entry.schedule)
    dropped = -1 if cutoff is None else sum(1 for end in ends if not still_shown(end, cutoff))
    gone = sorted(g.uid for g in (known.gone if known else ()) if kept(g, today))
    return f"{dropped}\n" + "\n".join(gone)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@cache
def code_version() -> str:
    """A digest of the package (code, templates, translations) that renders the site."""
    digest = hashlib.sha256()
    package = Path(notifier.__file__).parent
    for root in dict.fromkeys((package, templates_dir())):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
