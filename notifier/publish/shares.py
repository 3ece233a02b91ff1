"""What each harmonogram contributes to the files of every city, and those files laid out
around the contributions (notifier.publish.parts keeps the contributions and streams).

Two kinds of parts, each with its own token, so that each is rendered again only when
what it is made of changes:
- "calendars": the harmonogram's VEVENTs for /calendar.ics and each /topics/{slug}.ics
  (FeedCache.harmonogram_part, the app's own), made of its inputs and of what the day
  decides of its calendars (notifier.publish.plan), and of whether each calendar names
  cities;
- "tasks": its item of the /api/tasks document's "harmonograms", its items of "tasks"
  (pydantic's bytes, as FastAPI answers with TasksOut) and its rows of /api/tasks.csv
  (notifier.web.export), made of its inputs and the day (the statuses).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pydantic import TypeAdapter

from notifier.core.announcements import EVERYTHING
from notifier.core.catalog import Catalog, Entry
from notifier.core.feed import EMPTY_CALENDAR_BODY, calendar_frame
from notifier.core.feed_spec import FeedSpec, spec_entries, validate_spec
from notifier.core.language import current_language
from notifier.files.source import CatalogSnapshot
from notifier.publish.parts import (
    Layout,
    Share,
    StreamedPair,
    layout_content,
    refresh_parts,
    stream_files,
)
from notifier.publish.plan import SitePlan
from notifier.publish.render import Published
from notifier.store.feed_dates import calendar_date_key
from notifier.web.api import HarmonogramOut, TaskOut, TasksOut
from notifier.web.export import csv_head, schedule_csv_rows
from notifier.web.feed_cache import feed_frame, feed_modified, feed_names_cities, version_key
from notifier.web.feed_fast import disposition, inline_disposition
from notifier.web.state import AppState
from notifier.web.task_lists import csv_name, entry_listing, listing_head

CALENDARS, TASKS = "calendars", "tasks"
TASKS_JSON, TASKS_CSV = "/api/tasks", "/api/tasks.csv"
KINDS = (CALENDARS, TASKS)
_TASK = TypeAdapter(TaskOut)
_HARMONOGRAM = TypeAdapter(HarmonogramOut)
_DOCUMENT = TypeAdapter(TasksOut)
Index = dict[tuple[str, int], dict[str, Share]]


@dataclass(frozen=True)
class CrossCity:
    """A calendar of every city: its published path, its spec and whether its events name
    their city."""

    published: Published
    spec: FeedSpec
    named: bool


@dataclass(frozen=True)
class Streamed:
    """A file to stream: its layout, Last-Modified (POSIX time; None: now), the
    Content-Disposition the app sends with it and, for a calendar, the key of its recorded
    date (notifier.store.feed_dates.calendar_date_key; `modified` is then its content date
    until the streamed bytes are dated: streamed_date)."""

    layout: Layout
    modified: float | None
    disposition: str | None
    date_key: str | None = None


def cross_city(catalog: Catalog, site: Iterable[Published]) -> list[CrossCity]:
    """The calendars of `site` streamed from shares (Published.assembled)."""
    found = []
    for published in site:
        if published.assembled and published.feed is not None:
            cities, topics, departments = published.feed
            spec = validate_spec(catalog, cities, (), topics, departments)
            found.append(CrossCity(published, spec, feed_names_cities(published.entries)))
    return found


def _digest(*lines: str) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]


def stream_cross_city(
    state: AppState,
    snap: CatalogSnapshot,
    out: Path,
    plan: SitePlan,
    stale: set[str],
    redone: list[str],
    kept: Callable[[str, str], bool],
) -> Iterator[tuple[Streamed, str, StreamedPair | None]]:
    """The `stale` files of every city, each harmonogram's parts rendered again first where
    their token changed (added to `redone` as "kind city/year"); each with what it is made
    of (parts.layout_content) and its finished pair (to commit or discard), or None where
    `kept(path, content)` says the file in place holds that already (not streamed).
    OSError."""
    catalog, entries = snap.catalog, snap.catalog.entries
    site = [item.published for item in plan.paths]
    calendars = cross_city(catalog, site)
    streamed: list[Streamed] = []
    indexes: dict[str, Index] = {}
    if any(c.published.path in stale for c in calendars):
        named = [f"{c.published.path} {int(c.named)}" for c in calendars]
        indexes[CALENDARS], rendered = refresh_parts(
            out,
            CALENDARS,
            entries,
            lambda e: _digest(plan.made[e.key], plan.shown[e.key], *named),
            lambda e: _calendar_shares(state, catalog, e, calendars, plan),
        )
        redone += [f"{CALENDARS} {e.schedule.city_id}/{e.schedule.year}" for e in rendered]
        chosen = [c for c in calendars if c.published.path in stale]
        streamed += [_calendar_layout(snap, c, indexes[CALENDARS], plan) for c in chosen]
    if stale & {TASKS_JSON, TASKS_CSV}:
        base_url, day = state.settings.base_url, plan.today
        indexes[TASKS], rendered = refresh_parts(
            out,
            TASKS,
            entries,
            lambda e: _digest(plan.made[e.key], day.isoformat()),
            lambda e: _task_shares(catalog, e, base_url, plan),
        )
        redone += [f"{TASKS} {e.schedule.city_id}/{e.schedule.year}" for e in rendered]
        streamed += [s for s in _task_layouts(snap, base_url, plan) if s.layout.path in stale]
    contents = {s.layout.path: layout_content(s.layout, entries, indexes[s.layout.kind]) for s in streamed}  # fmt: skip
    in_place = {path for path, made in contents.items() if kept(path, made)}
    for item in streamed:
        if item.layout.path in in_place:
            yield item, contents[item.layout.path], None
    to_stream = [s for s in streamed if s.layout.path not in in_place]
    layouts = {s.layout.path: s for s in to_stream}
    for layout, pair in stream_files(out, entries, [s.layout for s in to_stream], indexes):
        yield streamed_date(state, layouts[layout.path], pair), contents[layout.path], pair


def streamed_date(state: AppState, streamed: Streamed, pair: StreamedPair) -> Streamed:
    """`streamed` dated as the app dates the same calendar (FeedCache.assemble): by the
    date recorded for its key and the digest of the bytes streamed (notifier.core.feed_dates),
    first seen as its content date. The writer leaves a file whose bytes are unchanged (and
    its mtime) alone; its date recorded is unchanged too."""
    if streamed.date_key is None or streamed.modified is None:
        return streamed
    content = datetime.fromtimestamp(streamed.modified, UTC)
    moment = state.calendar_date(streamed.date_key, pair.digest(), content)
    return replace(streamed, modified=moment.timestamp())


def kinds_kept(site: Iterable[Published]) -> list[str]:
    """The kinds of parts `site` is streamed from (the others are deleted)."""
    kinds = set()
    for published in site:
        if published.assembled:
            kinds.add(CALENDARS if published.feed is not None else TASKS)
    return sorted(kinds)


def _calendar_shares(
    state: AppState, catalog: Catalog, entry: Entry, calendars: Sequence[CrossCity], plan: SitePlan
) -> list[tuple[str, bytes, bool]]:
    cache, base_url = state.feed_cache, state.settings.base_url
    shares = []
    for calendar in calendars:
        events, timed = cache.harmonogram_part(
            catalog, entry, calendar.spec, (None, calendar.named), plan.today, base_url, plan.versions
        )  # fmt: skip
        shares.append((calendar.published.path, b"".join(events), timed))
    return shares


def _calendar_layout(
    snap: CatalogSnapshot, calendar: CrossCity, index: Index, plan: SitePlan
) -> Streamed:
    catalog, path = snap.catalog, calendar.published.path
    members = spec_entries(catalog, calendar.spec)
    timed = any(index[e.key][path].timed for e in members)
    name, description, filename = feed_frame(catalog, calendar.spec)
    head, tail = calendar_frame(name, description, timed=timed)
    keys = frozenset(e.key for e in members)
    layout = Layout(path, CALENDARS, (head, tail), (path,), keys, empty=EMPTY_CALENDAR_BODY)
    own = [plan.versions[k] for k in (version_key(catalog, e) for e in members) if k in plan.versions]  # fmt: skip
    modified = feed_modified(own, snap).replace(microsecond=0).timestamp()
    key = calendar_date_key(calendar.spec, current_language())
    return Streamed(layout, modified, inline_disposition(filename), key)


def _task_shares(
    catalog: Catalog, entry: Entry, base_url: str, plan: SitePlan
) -> list[tuple[str, bytes, bool]]:
    harmonogram, tasks = entry_listing(catalog, entry, EVERYTHING, base_url, plan.today)
    listed = _HARMONOGRAM.dump_json(_HARMONOGRAM.validate_python(harmonogram), exclude_unset=True)
    items = [_TASK.dump_json(_TASK.validate_python(t), exclude_unset=True) for t in tasks]
    rows = schedule_csv_rows(entry.schedule, plan.today, EVERYTHING, with_place=True)
    return [("harmonogram", listed, False), ("tasks", b",".join(items), False), ("csv", rows.encode(), False)]  # fmt: skip


def _task_layouts(snap: CatalogSnapshot, base_url: str, plan: SitePlan) -> list[Streamed]:
    """/api/tasks and its CSV around the shares: the document's bytes with both lists empty
    cut where the lists go."""
    head = listing_head(snap, (), EVERYTHING, base_url, plan.today)
    empty = {**head, "harmonograms": [], "tasks": []}
    body = _DOCUMENT.dump_json(_DOCUMENT.validate_python(empty), exclude_unset=True)
    first = body.index(b'"harmonograms":[]') + len(b'"harmonograms":[')
    last = body.rindex(b'"tasks":[]') + len(b'"tasks":[')
    keys = frozenset(e.key for e in snap.catalog.entries)
    pieces = (body[:first], body[first:last], body[last:])
    document = Layout(TASKS_JSON, TASKS, pieces, ("harmonogram", "tasks"), keys, b",")
    sheet = (csv_head(with_place=True).encode(), b"")
    table = Layout(TASKS_CSV, TASKS, sheet, ("csv",), keys)
    name = csv_name([e.schedule for e in snap.catalog.entries])
    attached = disposition("attachment", name)
    return [Streamed(document, None, None), Streamed(table, None, attached)]
