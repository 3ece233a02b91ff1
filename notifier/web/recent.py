"""The pages' "Ostatnie zmiany": the newest entries of the Atom feed a page advertises
(calls, results, moved windows, with dates), from the same core list as the feed
(notifier.core.atom.catalog_entries), and that feed's address for autodiscovery."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request

from notifier.core.announcements import TaskFilter
from notifier.core.atom import catalog_entries
from notifier.core.polish import format_date
from notifier.core.time import TIMEZONE
from notifier.web.links import language_query
from notifier.web.state import app_state, catalog_snapshot

RECENT_SHOWN = 5  # entries a page lists; the feed has the rest


@dataclass(frozen=True)
class RecentChange:
    """One line of "Ostatnie zmiany": what happened, where to read it, the day (Polish and
    ISO 8601) and, for a moved window, its old and new period."""

    title: str
    link: str
    day: str
    iso_day: str
    detail: str


@dataclass(frozen=True)
class RecentView:
    """The page's Atom feed (`atom_url`, relative to the site) and its newest entries."""

    atom_url: str
    changes: tuple[RecentChange, ...]


def atom_path(feeds: str, task_filter: TaskFilter) -> str:
    """The Atom feed beside a page's calendar: "/feed.atom" or "/leszno/feed.atom", with the
    page's topics and departments as ?topic= and ?department= (sorted, as the feed's own
    rel="self" gives them)."""
    query = sorted(
        [("department", d) for d in task_filter.departments]
        + [("topic", t) for t in task_filter.topics]
    )
    query += language_query()
    return f"{feeds}/feed.atom" + (f"?{urlencode(query)}" if query else "")


def recent_view(request: Request, feeds: str, task_filter: TaskFilter) -> RecentView:
    """The newest RECENT_SHOWN news of the page whose calendars are under `feeds` ("" for
    the whole site, "/leszno" for a city's every year), as its Atom feed has them: a window
    moved in a file is recorded first (AppState.window_changes)."""
    state = app_state(request.app)
    catalog = catalog_snapshot(request).catalog
    city = feeds.strip("/")
    parts = state.window_changes(catalog, catalog.select([city] if city else [], []))
    found = catalog_entries(catalog, parts, task_filter)[:RECENT_SHOWN]
    changes = tuple(
        RecentChange(
            e.title,
            e.link,
            format_date(e.updated.astimezone(TIMEZONE).date()),
            e.updated.astimezone(TIMEZONE).date().isoformat(),
            e.detail,
        )
        for e in found
    )
    return RecentView(atom_path(feeds, task_filter), changes)
