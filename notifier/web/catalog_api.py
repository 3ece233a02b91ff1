"""/api/tasks over the catalog: ?city= and ?year= (repeatable) choose harmonograms; one
chosen gives its document as before, several give their tasks together."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from notifier.core.announcements import FilterError, TaskFilter
from notifier.core.catalog import Catalog, Entry, year_path
from notifier.core.catalog_feed import validate_spec
from notifier.core.task_status import task_status
from notifier.export import task_out, tasks_document
from notifier.schedule_dir import CatalogSnapshot


def select_entries(
    catalog: Catalog, cities: Sequence[str], years: Sequence[str]
) -> tuple[Entry, ...]:
    """The harmonograms of ?city= and ?year= (each repeatable, any of); FilterError (Polish)
    for an unknown city or a year that is not a number."""
    bad_years = [y for y in years if not y.strip().isdigit()]
    if bad_years:
        raise FilterError(f"rok musi być liczbą, np. ?year=2025 (podano: {', '.join(bad_years)})")
    validate_spec(catalog, cities)
    wanted = {int(y) for y in years}
    return tuple(e for e in catalog.select(cities) if not wanted or e.schedule.year in wanted)


def catalog_document(
    snap: CatalogSnapshot,
    cities: Sequence[str],
    years: Sequence[str],
    topics: Sequence[str],
    departments: Sequence[str],
    base_url: str,
    today: date,
) -> dict[str, Any]:
    """The /api/tasks document of the chosen harmonograms, statuses as on `today` (Warsaw);
    FilterError for unknown ids."""
    catalog = snap.catalog
    entries = select_entries(catalog, cities, years)
    spec = validate_spec(catalog, cities, (), topics, departments if len(cities) == 1 else ())
    if departments and len(cities) != 1:
        validate_spec(catalog, cities, (), (), departments)  # raises: needs one city
    task_filter = TaskFilter(spec.topics, spec.departments)
    if len(entries) == 1 and not catalog.is_single:
        (entry,) = entries
        s = entry.schedule
        place = (f"/{s.city_id}", year_path(s))
        return tasks_document(s, task_filter, base_url, entry.version, today, place)
    if catalog.is_single and len(entries) == 1:
        (entry,) = entries
        return tasks_document(entry.schedule, task_filter, base_url, entry.version, today)
    tasks = [
        task_out(
            task,
            department,
            base_url,
            task_status(e.schedule, task, today),
            schedule=e.schedule,
            place=_place(e),
        )
        for e in entries
        for department in e.schedule.departments
        for task in department.tasks
        if task_filter.matches(task)
    ]
    query = [("city", c) for c in sorted(set(cities))] + [("topic", t) for t in sorted(spec.topics)]
    return {
        "title": "Harmonogramy ogłaszania otwartych konkursów ofert",
        "city": None,
        "year": None,
        "as_of": None,
        "version": snap.version,
        "topics": catalog.topics(),
        "feed_url": base_url + "/calendar.ics" + _query(query),
        "announcements_url": None,
        "planned_amount": None,
        "today": today.isoformat(),
        "harmonograms": [
            {
                "city_id": e.schedule.city_id,
                "city": e.schedule.city,
                "region": e.schedule.region,
                "year": e.schedule.year,
                "title": e.schedule.title,
                "as_of": e.schedule.as_of.isoformat(),
                "version": e.version,
            }
            for e in entries
        ],
        "tasks": tasks,
    }


def _place(entry: Entry) -> tuple[str, str]:
    s = entry.schedule
    return f"/{s.city_id}", year_path(s)


def _query(pairs: list[tuple[str, str]]) -> str:
    from urllib.parse import urlencode

    return f"?{urlencode(pairs)}" if pairs else ""
