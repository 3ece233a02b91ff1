"""Where a catalog's harmonograms are served and how they are named: the one policy that
differs between one harmonogram and several.

One harmonogram is a catalog of one, and every adapter runs the same code for both; what a
user sees differ only here. With one harmonogram served (Lone) the service answers exactly
as before cities existed: its page is "/", its feeds are "Konkursy ofert Leszno 2024 – Sport"
("konkursy-leszno-2024-sport.ics"), its rows in the database carry no city prefix, and all of
its events stay in the feeds. With several (Several) each harmonogram's page is
/{city_id}/{year}/, a feed is named after the cities, regions and topics chosen, the
database keys start with "leszno/2025#", and a past year's events drop out twelve months
after they end. `placement(catalog)` is the only place that asks which one applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from notifier.core.catalog import (
    Catalog,
    Entry,
    cities_wording,
    dropout_cutoff,
    year_path,
)
from notifier.core.feed import calendar_name, harmonogram_description
from notifier.core.feed_spec import FeedSpec, spec_entries
from notifier.core.language import gettext as _
from notifier.core.preferences import parse_cities
from notifier.core.schedule import Schedule
from notifier.core.time import TIMEZONE
from notifier.core.topic_vocabulary import topic_label

SCOPE_END = "#"  # "leszno/2025#mopr/seniorzy": a harmonogram's scope before a task key
_SERVICE_START = datetime(2024, 1, 1, tzinfo=UTC)  # the <updated> of an empty Atom feed


@dataclass(frozen=True)
class AtomHeader:
    """An Atom feed's own id, subtitle, author and the <updated> it has without entries."""

    feed_id: str
    subtitle: str
    author: str
    oldest: datetime


@dataclass(frozen=True)
class Lone:
    """The service holds one harmonogram, `lone`: everything as before cities existed."""

    catalog: Catalog

    @property
    def lone(self) -> Schedule:
        """The one harmonogram served."""
        return self.catalog.first

    def page_path(self, schedule: Schedule) -> str:
        """Where the harmonogram's page is served: "/"."""
        return "/"

    def store_scope(self, schedule: Schedule) -> str:
        """The prefix of what the database keeps of the harmonogram: none (keys as they were
        before cities existed)."""
        return ""

    def audience(self, schedule: Schedule) -> str | None:
        """Whose subscribers hear of the harmonogram: every one (None; they signed up in its
        city, or before cities existed)."""
        return None

    def ended_by(self, entry: Entry, today: date) -> date | None:
        """Nothing drops out of the one harmonogram's feeds."""
        return None

    def feed_name(self, spec: FeedSpec) -> str:
        """'Konkursy ofert Leszno 2024 – Sport i kultura fizyczna'."""
        return calendar_name(self.lone, spec.task_filter)

    def feed_description(self, spec: FeedSpec) -> str:
        """The harmonogram's title, city and "stan na dzień"."""
        return harmonogram_description(self.lone)

    def feed_filename(self, spec: FeedSpec) -> str:
        """'konkursy-leszno-2024.ics', 'konkursy-leszno-2024-sport.ics'."""
        parts = ["konkursy", self.lone.city_id, str(self.lone.year)]
        parts += sorted(spec.topics) + sorted(spec.departments)
        return "-".join(parts) + ".ics"

    def atom_header(self, self_path: str) -> AtomHeader:
        """The harmonogram's own feed: its tag, title and office."""
        lone = self.lone
        return AtomHeader(
            feed_id=f"tag:harmonogram-konkursow,{lone.year}:{lone.city_id}/feed{self_path}",
            subtitle=_(
                "Ogłoszone otwarte konkursy ofert, ich wyniki i zmiany terminów w harmonogramie "
                "(%(title)s, %(city)s)."
            )
            % {"title": lone.title, "city": lone.city},
            author=lone.office.name,
            oldest=datetime.combine(lone.as_of, time(0), tzinfo=TIMEZONE).astimezone(UTC),
        )

    def view(self) -> Schedule:
        """What speaks of the whole service (sign-up and settings pages, their emails): the
        harmonogram itself."""
        return self.lone

    def default_cities(self) -> frozenset[str] | None:
        """The cities of a subscriber who chose none: the one city (where they signed up)."""
        return frozenset({self.lone.city_id})


@dataclass(frozen=True)
class Several:
    """The service holds several harmonograms (or none): each under its city and year."""

    catalog: Catalog
    lone = None

    def page_path(self, schedule: Schedule) -> str:
        """Where `schedule`'s page is served: "/{city_id}/{year}/"."""
        return year_path(schedule)

    def store_scope(self, schedule: Schedule) -> str:
        """The prefix of what the database keeps of `schedule`: "leszno/2025#"."""
        return f"{schedule.city_id}/{schedule.year}{SCOPE_END}"

    def audience(self, schedule: Schedule) -> str | None:
        """Whose subscribers hear of `schedule`: those who follow its city (its city_id)."""
        return schedule.city_id

    def ended_by(self, entry: Entry, today: date) -> date | None:
        """A past year's events end on or before this day drop out of the feeds (twelve
        months before `today`); None for this year's and later harmonograms."""
        return dropout_cutoff(today) if entry.schedule.year < today.year else None

    def feed_name(self, spec: FeedSpec) -> str:
        """'Konkursy ofert Leszno – Sport i kultura fizyczna', 'Konkursy ofert – wszystkie
        miasta – Sport i kultura fizyczna', 'Konkursy ofert – lubuskie'."""
        entries = spec_entries(self.catalog, spec)
        cities = list(dict.fromkeys(e.schedule.city for e in entries))
        if spec.cities and len(cities) <= 3:
            where = " ".join(cities) if len(cities) == 1 else ", ".join(cities)
            name = _("Konkursy ofert %(cities)s") % {"cities": where}
        elif spec.regions and not spec.cities:
            name = _("Konkursy ofert – %(regions)s") % {"regions": ", ".join(sorted(spec.regions))}
        else:
            name = (
                _("Konkursy ofert – wszystkie miasta") if not spec.cities else _("Konkursy ofert")
            )
        per_city = [e.schedule.topics for e in entries]
        labels = [topic_label(t, *per_city) for t in sorted(spec.topics)]
        for entry in entries:
            labels += [d.name for d in entry.schedule.departments if d.id in spec.departments]
        labels = list(dict.fromkeys(labels))
        return f"{name} – {', '.join(labels)}" if labels else name

    def feed_description(self, spec: FeedSpec) -> str:
        """The years and the number of cities the feed spans."""
        entries = spec_entries(self.catalog, spec)
        years = sorted({e.schedule.year for e in entries})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        cities = len({e.schedule.city_id for e in entries})
        return _(
            "Harmonogramy ogłaszania otwartych konkursów ofert (%(years)s, miast: %(cities)s). "
            "Spodziewane terminy ogłaszania otwartych konkursów ofert dla organizacji "
            "pozarządowych."
        ) % {"years": span, "cities": cities}

    def feed_filename(self, spec: FeedSpec) -> str:
        """'konkursy-leszno.ics', 'konkursy-sport.ics', 'konkursy-leszno-przykladowo-sport.ics'
        (at most 120 characters before ".ics")."""
        parts = ["konkursy", *sorted(spec.cities), *sorted(spec.regions)]
        parts += sorted(spec.topics) + sorted(spec.departments)
        if len(parts) == 1:
            parts.append("wszystkie")
        return "-".join(parts)[:120] + ".ics"

    def atom_header(self, self_path: str) -> AtomHeader:
        """The service's feed over every city."""
        return AtomHeader(
            feed_id=f"tag:harmonogram-konkursow,2024:wszystkie{self_path}",
            subtitle=_(
                "Ogłoszone otwarte konkursy ofert, ich wyniki i zmiany terminów w harmonogramach "
                "miast."
            ),
            author=_("Harmonogramy konkursów ofert"),
            oldest=_SERVICE_START,
        )

    def view(self) -> Schedule:
        """The whole catalog as one Schedule without departments, for what speaks of every
        city at once (sign-up and settings pages, their emails): every topic, the cities'
        names, the latest year; the office is the first harmonogram's."""
        catalog = self.catalog
        latest = max(catalog.entries, key=lambda e: (e.schedule.year, e.schedule.as_of)).schedule
        return Schedule(
            title=_("Harmonogramy ogłaszania otwartych konkursów ofert"),
            city=cities_wording(catalog),
            year=latest.year,
            as_of=latest.as_of,
            office=catalog.first.office,
            topics=catalog.topics(),
            departments=(),
            city_id="wszystkie",
        )

    def default_cities(self) -> frozenset[str] | None:
        """The cities of a subscriber who chose none: every city (None)."""
        return None


Placement = Lone | Several


def placement(catalog: Catalog) -> Placement:
    """The policy for `catalog`: Lone when it holds exactly one harmonogram, else Several."""
    return Lone(catalog) if len(catalog.entries) == 1 else Several(catalog)


def page_path(catalog: Catalog, schedule: Schedule) -> str:
    """Where `schedule`'s page is served ("/", "/leszno/2024/"); links in emails, calendar
    events and news entries point there."""
    return placement(catalog).page_path(schedule)


def store_scope(catalog: Catalog, schedule: Schedule) -> str:
    """The prefix of what the database keeps of `schedule` ("" or "leszno/2025#")."""
    return placement(catalog).store_scope(schedule)


def catalog_view(catalog: Catalog) -> Schedule:
    """The catalog as one Schedule for what speaks of the whole service (see Lone.view and
    Several.view)."""
    return placement(catalog).view()


def chosen_cities(catalog: Catalog, sent: Iterable[str]) -> frozenset[str] | None:
    """The cities a subscriber chose (the form's field `city`, `--city`, repeated); when
    they chose none, the placement's default (the one city, or every city: None).
    InvalidPreferences (field "city", Polish) for a city the service does not have."""
    sent = [c for c in sent if c.strip()]
    if not sent:
        return placement(catalog).default_cities()
    return parse_cities({c.city_id: c.name for c in catalog.cities()}, sent)


def kept_cities(
    catalog: Catalog, chosen: frozenset[str] | None, before: frozenset[str] | None
) -> frozenset[str] | None:
    """The cities a settings form saves: `chosen` (chosen_cities) and those of `before` that
    the catalog does not serve now (a file away for a moment, or not validating): the form
    could not offer them, and nobody chose to drop them."""
    away = (before or frozenset()) - {city.city_id for city in catalog.cities()}
    if not away:
        return chosen
    return (chosen or frozenset()) | away
