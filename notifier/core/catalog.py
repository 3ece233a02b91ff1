"""The catalog: every harmonogram the service holds, keyed by (city_id, year), plain data.

Years of one city share its `city_id`; cities may be grouped by `region`. The web, the passes
and the command line all look harmonograms up here; reading files is notifier.files.source's
job. A task is known across the catalog by its reference "city_id:department/task"
(notifier.core.due.task_ref), which the delivery log stores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from notifier.core.echo import bounded_problems, echoed
from notifier.core.errors import NotifierError
from notifier.core.harmonogram_years import current_year
from notifier.core.input_rules import PATH_PART_MAX, count_chars, id_length_problem
from notifier.core.language import LANGUAGES, tr_plural
from notifier.core.language import gettext as _
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import Span
from notifier.core.topic_vocabulary import SHARED_TOPICS

# First path segments the site itself uses: a city may not take them as its id, or its
# page would be unreachable (/uk/ is the Ukrainian site). The one list; a test holds it to
# every first segment the web app routes (tests/web/test_reserved_segments.py).
RESERVED_CITY_IDS = frozenset(
    {*LANGUAGES, "api", "topics", "departments", "confirm", "manage", "unsubscribe"}
    | {"subscribe", "static", "healthz", "readyz", "metrics", "calendar", "openapi", "feed"}
    | {"miasta", "regiony", "biuro"}
)


class CatalogError(NotifierError):
    """Harmonograms that cannot be held together; `problems` (Polish) name the files."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = bounded_problems(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Entry:
    """One harmonogram in the catalog: the schedule, its version and where it came from."""

    schedule: Schedule
    version: str
    source: str

    @property
    def key(self) -> tuple[str, int]:
        """(city_id, year): the entry's key in the catalog."""
        return self.schedule.city_id, self.schedule.year


@dataclass(frozen=True)
class City:
    """A city's harmonograms, years ascending; `name` and `region` from the latest year."""

    city_id: str
    entries: tuple[Entry, ...]

    @property
    def latest(self) -> Schedule:
        """The schedule of the city's latest year."""
        return self.entries[-1].schedule

    @property
    def name(self) -> str:
        """The city's name as its latest year prints it."""
        return self.latest.city

    @property
    def region(self) -> str | None:
        """The city's region as its latest year gives it; None if it has none."""
        return self.latest.region

    @property
    def years(self) -> tuple[int, ...]:
        """The years the city has harmonograms for, ascending."""
        return tuple(e.schedule.year for e in self.entries)

    def year(self, year: int) -> Entry | None:
        """The city's harmonogram of that year; None if it has none."""
        return next((e for e in self.entries if e.schedule.year == year), None)

    def current(self, today: date) -> Entry:
        """The harmonogram a reader means by "now" (core.harmonogram_years.current_year): the
        one of today's year, else the next one ahead, else the latest."""
        year = current_year(self.years, today)
        return next(e for e in self.entries if e.schedule.year == year)


def empty_city_id(city: str) -> str:
    """Why a harmonogram whose city name gives no id (ascii_slug("东京") == "") is refused:
    the city would be unreachable and its links would read "//"."""
    return (
        f"z nazwy miasta {echoed(city)} nie powstaje identyfikator do adresów (brak liter a–z "
        'i cyfr) – prosimy podać city_id w [harmonogram], np. city_id = "tokio"'
    )


def city_id_problem(city_id: str, city: str) -> str | None:
    """Why a city's id cannot be served (Polish), or None: empty (a name without letters a–z),
    taken by the site's own addresses, or too long for its links (core.input_rules.ID_MAX)."""
    if not city_id:
        return empty_city_id(city)
    if city_id in RESERVED_CITY_IDS:
        return (
            f"identyfikator miasta {echoed(city_id)} jest zajęty przez adresy serwisu – "
            "prosimy podać inny city_id w [harmonogram]"
        )
    if too_long := id_length_problem(city_id):
        return (
            f"identyfikator miasta {echoed(city_id)} {too_long} – prosimy podać krótszy "
            'city_id w [harmonogram], np. city_id = "zielona-gora"'
        )
    return None


def region_problem(region: str | None) -> str | None:
    """Why a region name cannot be served (Polish), or None: it is the value of ?region= in
    the links of its feeds, so it is no longer than a query value the routes take (blind
    round 8a: a 10,000-character region passed check and could never be chosen)."""
    if region is None or len(region) <= PATH_PART_MAX:
        return None
    return (
        f"region {echoed(region)} ma {count_chars(len(region))} – najwyżej {PATH_PART_MAX} "
        "(nazwa regionu jest częścią adresów kalendarzy regionu, ?region=…)"
    )


def entry_problems(entries: Iterable[Entry]) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """The entries that can be held together, and each refused one with why (Polish): the
    same city and year twice (the first source in order wins), a reserved or empty city id,
    a region too long for its links (region_problem)."""
    kept: dict[tuple[str, int], Entry] = {}
    refused = []
    for entry in entries:
        city_id, year = entry.key
        if problem := city_id_problem(city_id, entry.schedule.city) or region_problem(
            entry.schedule.region
        ):
            refused.append((entry, problem))
        elif entry.key in kept:
            why = (
                f"miasto {echoed(city_id)} i rok {year} są już w pliku {kept[entry.key].source} "
                "– ten sam rok miasta może być tylko w jednym pliku"
            )
            refused.append((entry, why))
        else:
            kept[entry.key] = entry
    return list(kept.values()), refused


@dataclass(frozen=True)
class Catalog:
    """Harmonograms by (city_id, year); CatalogError if two share a key or a city id is
    reserved (see entry_problems). Ordered by region, city name, then year; a city's region
    is its latest year's."""

    entries: tuple[Entry, ...]
    _by_key: dict[tuple[str, int], Entry] = field(default_factory=dict, repr=False, compare=False)
    _cities: dict[str, City] = field(default_factory=dict, repr=False, compare=False)
    _topics: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _regions: list[str] = field(default_factory=list, repr=False, compare=False)
    _position: dict[tuple[str, int], int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        kept, refused = entry_problems(self.entries)
        if refused:
            raise CatalogError([f"{e.source}: {why}" for e, why in refused])
        ordered = tuple(
            sorted(kept, key=lambda e: (e.schedule.region or "", e.schedule.city, e.key))
        )
        object.__setattr__(self, "entries", ordered)
        self._by_key.update((e.key, e) for e in ordered)
        self._position.update((e.key, i) for i, e in enumerate(ordered))
        per: dict[str, list[Entry]] = {}
        for e in ordered:
            per.setdefault(e.schedule.city_id, []).append(e)
        for city_id, found in per.items():
            found.sort(key=lambda e: e.schedule.year)
            self._cities[city_id] = City(city_id, tuple(found))

    @classmethod
    def single(cls, schedule: Schedule, version: str = "", source: str = "") -> Catalog:
        """A catalog of one harmonogram (`source` defaults to "schedule.toml")."""
        return cls((Entry(schedule, version, source or "schedule.toml"),))

    @property
    def first(self) -> Schedule:
        """The schedule of the first entry in catalog order (region, city, year): the only one
        when the catalog holds one; its office is the service's."""
        return self.entries[0].schedule

    def cities(self) -> list[City]:
        """Every city, by region then name."""
        return list(self._cities.values())

    def city(self, city_id: str) -> City | None:
        """The city with this id; None if the catalog has none."""
        return self._cities.get(city_id)

    def entry(self, city_id: str, year: int) -> Entry | None:
        """The harmonogram of this city and year; None if the catalog has none."""
        return self._by_key.get((city_id, year))

    def regions(self) -> list[str]:
        """Every city's region, sorted (worked out once)."""
        if not self._regions:
            self._regions.extend(sorted({c.region for c in self._cities.values() if c.region}))
        return list(self._regions)

    def select(self, cities: Iterable[str] = (), regions: Iterable[str] = ()) -> tuple[Entry, ...]:
        """The harmonograms of any of `cities` or of any of `regions`; every one when both
        are empty. Unknown ids select nothing (validate with unknown_cities first)."""
        cities, regions = frozenset(cities), frozenset(regions)
        if not cities and not regions:
            return self.entries
        if not regions:  # a city's feeds: its own entries, not a pass over every city
            found = [e for c in cities if (city := self._cities.get(c)) for e in city.entries]
            return tuple(sorted(found, key=lambda e: self._position[e.key]))
        in_regions = {c.city_id for c in self._cities.values() if c.region in regions}
        return tuple(e for e in self.entries if e.schedule.city_id in cities | in_regions)

    def unknown_cities(self, cities: Iterable[str]) -> list[str]:
        """The ids of `cities` that the catalog does not have, sorted (empty: all known)."""
        return sorted({c for c in cities if c not in self._cities})

    def topics(self) -> dict[str, str]:
        """Every topic any harmonogram uses (slug -> label: the shared label where there is
        one), shared ones in vocabulary order, then local ones by city. Worked out once."""
        if self._topics:
            return dict(self._topics)
        out = topics_of(self.entries)
        self._topics.update(out)
        return out

    def fingerprint(self, entries: Sequence[Entry]) -> tuple[tuple[str, int, str], ...]:
        """What a view over `entries` depends on: their keys and versions."""
        return tuple((*e.key, e.version) for e in entries)

    def resolve(self, ref: str, start: str) -> tuple[Schedule, Task, Span] | None:
        """The harmonogram, task and window a delivery log row names: `ref` as task_ref
        gives it, `start` the window's first day (ISO). None if no year of the city has that
        task with a window starting then (removed or moved)."""
        city_id, _, key = ref.partition(":")
        city = self.city(city_id)
        if city is None or not key:
            return None
        for entry in reversed(city.entries):
            task = entry.schedule.task(key)
            if task is None:
                continue
            for window in task.windows:
                if window.start.isoformat() == start:
                    return entry.schedule, task, window
        return None


def topics_of(entries: Iterable[Entry]) -> dict[str, str]:
    """Every topic the harmonograms of `entries` use (slug -> label: the shared label where
    there is one), shared ones in vocabulary order, then local ones in the entries' order."""
    entries = list(entries)
    used = {slug for e in entries for slug in e.schedule.topics}
    out = {slug: label for slug, label in SHARED_TOPICS.items() if slug in used}
    for e in entries:
        for slug, label in e.schedule.topics.items():
            out.setdefault(slug, label)
    return out


def year_path(schedule: Schedule) -> str:
    """The path of one harmonogram's page among several: "/{city_id}/{year}/"
    (notifier.web.cities; see notifier.core.placement)."""
    return f"/{schedule.city_id}/{schedule.year}/"


def dropout_cutoff(today: date) -> date:
    """Events of past years' harmonograms ending on or before this day (twelve months before
    `today`; 28 February for 29 February) have dropped out of the feeds."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def cities_wording(catalog: Catalog, chosen: frozenset[str] | None = None) -> str:
    """The cities of a subscriber's choice (Subscriber.city_ids) as emails name them, in the
    catalog's order: "Zielona Góra", "Leszno, Zielona Góra"; every city (`chosen` None, or
    all of them): their names when three or fewer, else "12 miast"."""
    cities = catalog.cities()
    names = [c.name for c in cities if chosen is None or c.city_id in chosen]
    if names and len(names) < len(cities):
        return ", ".join(names)
    count = len(cities)
    if count <= 3:
        return ", ".join(c.name for c in cities)
    return tr_plural(count, "%(n)s miasto", "%(n)s miasta", "%(n)s miast") % {"n": count}


def cities_choice_text(cities: Sequence[tuple[str, str]], chosen: frozenset[str] | None) -> str:
    """A subscriber's choice of cities in a settings summary: "miasto: Leszno", "miasta:
    Leszno, Zielona Góra", "wszystkie miasta" (none chosen means every city, see
    chosen_cities); "" when one city is served (there is nothing to choose). `cities`: the
    (city_id, name) pairs served, in the catalog's order."""
    if len(cities) <= 1:
        return ""
    served = {city_id for city_id, _name in cities}
    if not chosen or chosen == served:
        return _("wszystkie miasta")
    # A chosen city not served now (its file away for a moment) is still theirs: named by id.
    names = [name for city_id, name in cities if city_id in chosen]
    names += sorted(chosen - served)
    label = _("miasto: %(names)s") if len(names) == 1 else _("miasta: %(names)s")
    return label % {"names": ", ".join(names)}
