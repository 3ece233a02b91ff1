"""What a feed holds: any cities, regions, topics and departments of the catalog, one
harmonogram's feed being the catalog-of-one case.

A FeedSpec says what a feed holds; validate_spec checks it against the catalog (FilterError,
Polish, naming what there is). The events themselves are notifier.core.feed's, per harmonogram,
so that a cache can keep them per file (notifier.web.feed_cache); what a feed is called is
notifier.core.placement's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from notifier.core.announcements import (
    UNKNOWN_CITY,
    UNKNOWN_DEPARTMENT,
    UNKNOWN_REGION,
    UNKNOWN_TOPIC,
    FilterError,
    TaskFilter,
    unknown_ids,
)
from notifier.core.catalog import Catalog, Entry, topics_of
from notifier.core.language import gettext as _
from notifier.core.topic_vocabulary import canonical_topics


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

    A topic is known when any harmonogram uses it (the error lists the chosen cities' own);
    departments need exactly one city (their ids are the city's own), which a catalog of
    one city implies.
    """
    spec = FeedSpec(
        frozenset(cities), frozenset(regions), canonical_topics(topics), frozenset(departments)
    )
    problems = []
    if unknown := catalog.unknown_cities(spec.cities):  # a set's look; the list only then
        problems += unknown_ids(UNKNOWN_CITY, unknown, (), [c.city_id for c in catalog.cities()])
    if spec.regions:
        regions = catalog.regions()
        problems += unknown_ids(UNKNOWN_REGION, spec.regions, regions, regions or [_("brak")])
    known_topics = catalog.topics() if spec.topics else {}
    if not spec.topics <= known_topics.keys():
        # A topic any harmonogram uses is known everywhere; the chosen ones' are listed
        # (worked out only for the message: it walks every chosen harmonogram).
        offered = topics_of(catalog.select(spec.cities, spec.regions))
        problems += unknown_ids(UNKNOWN_TOPIC, spec.topics, known_topics, list(offered))
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
        return [_("wydział można wybrać tylko razem z jednym miastem (?city=…)")]
    city = catalog.city(next(iter(cities)))
    if city is None:
        return []
    known = {d.id: None for e in city.entries for d in e.schedule.departments}
    return unknown_ids(UNKNOWN_DEPARTMENT, spec.departments, known)


def spec_entries(catalog: Catalog, spec: FeedSpec) -> tuple[Entry, ...]:
    """The harmonograms the feed holds, in the catalog's order."""
    return catalog.select(spec.cities, spec.regions)
