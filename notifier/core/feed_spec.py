"""What a feed holds and what it is called: any cities, regions, topics and departments of
the catalog, one harmonogram's feed being the catalog-of-one case.

A FeedSpec says what a feed holds; validate_spec checks it against the catalog (FilterError,
Polish, naming what there is). The events themselves are notifier.core.feed's, per harmonogram,
so that a cache can keep them per file (notifier.web.feed_cache). One naming rule: while the
service holds one harmonogram, its feeds are named as that harmonogram's ("Konkursy ofert
Leszno 2024 – Sport", "konkursy-leszno-2024-sport.ics"), exactly as before cities existed;
with several, after the cities and regions chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from notifier.core.announcements import FilterError, TaskFilter, unknown_ids
from notifier.core.catalog import Catalog, Entry, dropout_cutoff
from notifier.core.feed import calendar_name, harmonogram_description
from notifier.core.schedule import Schedule
from notifier.core.topic_vocabulary import SHARED_TOPICS, topic_label


@dataclass(frozen=True)
class FeedSpec:
    """Which harmonograms (any of `cities` or `regions`; all when both are empty) and which of
    their tasks (any of `topics`, any of `departments`; all when empty) a feed holds."""

    cities: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()

    @property
    def task_filter(self) -> TaskFilter:
        """The tasks the feed shows of each harmonogram it holds."""
        return TaskFilter(self.topics, self.departments)


def validate_spec(
    catalog: Catalog,
    cities: Iterable[str] = (),
    regions: Iterable[str] = (),
    topics: Iterable[str] = (),
    departments: Iterable[str] = (),
) -> FeedSpec:
    """The spec if every id is known; FilterError listing each unknown one and what there is.

    Topics are the shared vocabulary's and every harmonogram's own; departments need exactly
    one city (their ids are the city's own).
    """
    spec = FeedSpec(
        frozenset(cities), frozenset(regions), frozenset(topics), frozenset(departments)
    )
    problems = []
    unknown = catalog.unknown_cities(spec.cities)
    if unknown:
        known = ", ".join(c.city_id for c in catalog.cities())
        problems.append(f"nieznane miasto: {', '.join(unknown)}. Dostępne miasta: {known}")
    unknown_regions = sorted(spec.regions - set(catalog.regions())) if spec.regions else []
    if unknown_regions:
        known = ", ".join(catalog.regions()) or "brak"
        problems.append(f"nieznany region: {', '.join(unknown_regions)}. Dostępne regiony: {known}")
    if spec.topics:  # the shared vocabulary's topics are known even where no city uses them
        known_topics = catalog.topics()
        accepted = set(SHARED_TOPICS) | set(known_topics)
        problems += unknown_ids("temat", "tematy", spec.topics, accepted, list(known_topics))
    if spec.departments:
        problems += _department_problems(catalog, spec)
    if problems:
        raise FilterError("\n".join(problems))
    return spec


def _department_problems(catalog: Catalog, spec: FeedSpec) -> list[str]:
    """Departments are a city's own: the spec must name one city, unless the catalog has
    only one (then its departments are the only ones there are)."""
    cities = spec.cities or frozenset(c.city_id for c in catalog.cities())
    if len(cities) != 1 or spec.regions:
        return ["wydział można wybrać tylko razem z jednym miastem (?city=…)"]
    city = catalog.city(next(iter(cities)))
    if city is None:
        return []
    known = {d.id: None for e in city.entries for d in e.schedule.departments}
    return unknown_ids("wydział", "wydziały", spec.departments, known)


def spec_entries(catalog: Catalog, spec: FeedSpec) -> tuple[Entry, ...]:
    """The harmonograms the feed holds, in the catalog's order."""
    return catalog.select(spec.cities, spec.regions)


def lone_harmonogram(catalog: Catalog) -> Schedule | None:
    """The service's one harmonogram, whose feeds are named and linked as before cities
    existed; None with several (the one naming rule of this module)."""
    return catalog.first if catalog.is_single else None


def ended_by(catalog: Catalog, entry: Entry, today: date) -> date | None:
    """Events of this harmonogram ending on or before this day are left out of feeds: those
    of a past year's harmonogram twelve months after they end, once the service holds
    several (the one harmonogram served keeps all its events); None for this year's and
    later ones."""
    if lone_harmonogram(catalog) is not None or entry.schedule.year >= today.year:
        return None
    return dropout_cutoff(today)


def spec_name(catalog: Catalog, spec: FeedSpec) -> str:
    """'Konkursy ofert Leszno 2024 – Sport' (the one harmonogram), 'Konkursy ofert Leszno –
    Sport i kultura fizyczna', 'Konkursy ofert – wszystkie miasta – Sport i kultura fizyczna'."""
    lone = lone_harmonogram(catalog)
    if lone is not None:
        return calendar_name(lone, spec.task_filter)
    entries = spec_entries(catalog, spec)
    cities = list(dict.fromkeys(e.schedule.city for e in entries))
    if spec.cities and len(cities) <= 3:
        where = " ".join(cities) if len(cities) == 1 else ", ".join(cities)
        name = f"Konkursy ofert {where}"
    elif spec.regions and not spec.cities:
        name = f"Konkursy ofert – {', '.join(sorted(spec.regions))}"
    else:
        name = "Konkursy ofert – wszystkie miasta" if not spec.cities else "Konkursy ofert"
    per_city = [e.schedule.topics for e in entries]
    labels = [topic_label(t, *per_city) for t in sorted(spec.topics)]
    for entry in entries:
        labels += [d.name for d in entry.schedule.departments if d.id in spec.departments]
    labels = list(dict.fromkeys(labels))
    return f"{name} – {', '.join(labels)}" if labels else name


def spec_description(catalog: Catalog, spec: FeedSpec) -> str:
    """The feed's X-WR-CALDESC: the harmonogram's title and date for the one served, else the
    years and the number of cities it spans."""
    lone = lone_harmonogram(catalog)
    if lone is not None:
        return harmonogram_description(lone)
    entries = spec_entries(catalog, spec)
    years = sorted({e.schedule.year for e in entries})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    cities = len({e.schedule.city_id for e in entries})
    return (
        f"Harmonogramy ogłaszania otwartych konkursów ofert ({span}, miast: {cities}). "
        "Spodziewane terminy ogłaszania otwartych konkursów ofert dla organizacji pozarządowych."
    )


def spec_filename(catalog: Catalog, spec: FeedSpec) -> str:
    """'konkursy-leszno-2024-sport.ics' (the one harmonogram), 'konkursy-leszno.ics',
    'konkursy-sport.ics', 'konkursy-leszno-przykladowo-sport.ics'."""
    lone = lone_harmonogram(catalog)
    if lone is not None:
        parts = ["konkursy", lone.city_id, str(lone.year)]
        parts += sorted(spec.topics) + sorted(spec.departments)
        return "-".join(parts) + ".ics"
    parts = ["konkursy", *sorted(spec.cities), *sorted(spec.regions)]
    parts += sorted(spec.topics) + sorted(spec.departments)
    if len(parts) == 1:
        parts.append("wszystkie")
    return "-".join(parts)[:120] + ".ics"
