"""The Atom feed over several harmonograms: each one's entries (notifier.core.atom), named
with their city when there are several cities, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from notifier.core.announcements import TaskFilter
from notifier.core.atom import MAX_ENTRIES, Entry, atom_document, entries
from notifier.core.catalog import year_path
from notifier.core.schedule import Schedule
from notifier.core.window_changes import WindowChange


def catalog_atom(
    parts: Sequence[tuple[Schedule, Sequence[WindowChange]]],
    task_filter: TaskFilter,
    *,
    title: str,
    base_url: str,
    self_path: str,
) -> bytes:
    """The Atom document (UTF-8) of the harmonograms in `parts`, each with its recorded
    window changes; links to a department point to its city's year page."""
    site = base_url.rstrip("/")
    several = len({schedule.city_id for schedule, _ in parts}) > 1
    found: list[Entry] = []
    for schedule, changes in parts:
        for entry in entries(schedule, changes, task_filter):
            link = entry.link
            if link.startswith("#"):
                link = f"{site}{year_path(schedule)}{link}"
            named = f"{schedule.city}: {entry.title}" if several else entry.title
            found.append(replace(entry, link=link, title=named))
    found.sort(key=lambda e: (e.updated, e.id), reverse=True)
    return atom_document(
        found[:MAX_ENTRIES],
        feed_id=f"tag:harmonogram-konkursow,2024:wszystkie{self_path}",
        title=title,
        subtitle="Ogłoszone otwarte konkursy ofert, ich wyniki i zmiany terminów w "
        "harmonogramach miast.",
        author="Harmonogramy konkursów ofert",
        oldest=datetime(2024, 1, 1, tzinfo=UTC),
        base_url=base_url,
        self_path=self_path,
    )
