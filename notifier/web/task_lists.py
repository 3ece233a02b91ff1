"""The /api/tasks document and CSV of the harmonograms a query chooses: ?city= and ?year=
(repeatable) choose; one chosen gives its own document, several give their tasks together."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

from notifier.core.announcements import UNKNOWN_YEAR, FilterError, TaskFilter, unknown_ids
from notifier.core.catalog import Catalog, Entry
from notifier.core.feed_spec import validate_spec
from notifier.core.input_rules import address_number
from notifier.core.language import gettext as _
from notifier.core.placement import page_path, placement
from notifier.core.schedule import Schedule
from notifier.files.source import CatalogSnapshot
from notifier.web.export import schedules_csv, tasks_document, tasks_out


def select_entries(
    catalog: Catalog, cities: Sequence[str], years: Sequence[str]
) -> tuple[Entry, ...]:
    """The harmonograms of ?city= and ?year= (each repeatable, any of); FilterError (Polish)
    for an unknown city, a year that is not a number, or one no harmonogram of the chosen
    cities is for (as an unknown topic is, naming the years there are)."""
    validate_spec(catalog, cities)
    chosen = catalog.select(cities)
    held = sorted({str(e.schedule.year) for e in chosen})
    if "" in years:  # ?year= without a value: said so, naming the years there are
        raise FilterError("\n".join(unknown_ids(UNKNOWN_YEAR, [""], held)))
    bad_years = [y for y in years if address_number(y, 4) is None]
    if bad_years:
        raise FilterError(
            _("rok musi być liczbą, np. ?year=2025 (podano: %(years)s)")
            % {"years": ", ".join(bad_years)}
        )
    wanted = {str(address_number(y, 4)) for y in years}
    unknown = unknown_ids(UNKNOWN_YEAR, wanted, held)  # m1: the rule of every other filter
    if unknown:
        raise FilterError("\n".join(unknown))
    return tuple(e for e in chosen if not wanted or str(e.schedule.year) in wanted)


def select_tasks(
    catalog: Catalog,
    cities: Sequence[str],
    years: Sequence[str],
    topics: Sequence[str],
    departments: Sequence[str],
) -> tuple[tuple[Entry, ...], TaskFilter]:
    """The harmonograms and the task filter of one /api/tasks query (JSON or CSV): ?topic=
    across the cities, ?department= only with one ?city=; FilterError (Polish) for unknown
    ids."""
    entries = select_entries(catalog, cities, years)
    spec = validate_spec(catalog, cities, (), topics, departments)
    return entries, spec.task_filter


def catalog_csv(
    snap: CatalogSnapshot,
    cities: Sequence[str],
    years: Sequence[str],
    topics: Sequence[str],
    departments: Sequence[str],
    today: date,
) -> tuple[str, str]:
    """/api/tasks.csv of the chosen harmonograms: (CSV text, file name), the same tasks as
    catalog_document gives for the query, a row per task window; with several harmonograms
    served, each row names its city and year. FilterError for unknown ids."""
    catalog = snap.catalog
    entries, task_filter = select_tasks(catalog, cities, years, topics, departments)
    schedules = [e.schedule for e in entries]
    lone = placement(catalog).lone is not None
    text = schedules_csv(schedules, today, task_filter, with_place=not lone)
    return text, csv_name(schedules, single=lone)


def csv_name(schedules: Sequence[Schedule], *, single: bool = False) -> str:
    """The download's name: "konkursy-2025.csv" for the one harmonogram served (`single`),
    "konkursy-leszno-2025.csv" for a city's year among several, "konkursy-leszno.csv" for a
    city's years, "konkursy.csv" for several cities."""
    cities = sorted({s.city_id for s in schedules})
    if single or len(cities) != 1:
        return f"konkursy-{schedules[0].year}.csv" if single and schedules else "konkursy.csv"
    years = sorted({s.year for s in schedules})
    return (
        f"konkursy-{cities[0]}-{years[0]}.csv" if len(years) == 1 else f"konkursy-{cities[0]}.csv"
    )


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
    entries, task_filter = select_tasks(catalog, cities, years, topics, departments)
    if len(entries) == 1:
        (entry,) = entries
        place = _place(catalog, entry)
        return tasks_document(entry.schedule, task_filter, base_url, entry.version, today, place)
    listed = [entry_listing(catalog, e, task_filter, base_url, today) for e in entries]
    return {
        **listing_head(snap, cities, task_filter, base_url, today),
        "harmonograms": [harmonogram for harmonogram, _ in listed],
        "tasks": [task for _, tasks in listed for task in tasks],
    }


def listing_head(
    snap: CatalogSnapshot,
    cities: Sequence[str],
    task_filter: TaskFilter,
    base_url: str,
    today: date,
) -> dict[str, Any]:
    """The /api/tasks document of several harmonograms without its two lists (in the
    document's order, before "harmonograms")."""
    query = [("city", c) for c in sorted(set(cities))]
    query += [("topic", t) for t in sorted(task_filter.topics)]
    return {
        "title": "Harmonogramy ogłaszania otwartych konkursów ofert",
        "city": None,
        "year": None,
        "as_of": None,
        "version": snap.version,
        "topics": snap.catalog.topics(),
        "feed_url": base_url + "/calendar.ics" + _query(query),
        "announcements_url": None,
        "planned_amount": None,
        "today": today.isoformat(),
    }


def entry_listing(
    catalog: Catalog, entry: Entry, task_filter: TaskFilter, base_url: str, today: date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One harmonogram's part of the /api/tasks document of several: its item of
    "harmonograms" and its items of "tasks" (static publishing streams them from disk)."""
    schedule = entry.schedule
    place = _place(catalog, entry)
    tasks = tasks_out(schedule, task_filter, base_url, today, place)
    harmonogram = {
        "city_id": schedule.city_id,
        "city": schedule.city,
        "region": schedule.region,
        "year": schedule.year,
        "title": schedule.title,
        "as_of": schedule.as_of.isoformat(),
        "version": entry.version,
    }
    return harmonogram, tasks


def _place(catalog: Catalog, entry: Entry) -> tuple[str, str]:
    """Where a task's links point: (the prefix of its feeds' paths, its page's path) — ("",
    "/") for the one harmonogram served, ("/leszno", "/leszno/2024/") among several."""
    page = page_path(catalog, entry.schedule)
    return ("", page) if page == "/" else (f"/{entry.schedule.city_id}", page)


def _query(pairs: list[tuple[str, str]]) -> str:
    return f"?{urlencode(pairs)}" if pairs else ""
