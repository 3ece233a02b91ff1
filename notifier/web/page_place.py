"""Where a harmonogram page sits on the site: "/" for the one harmonogram, "/leszno/2024/" for
a city's year; its links to feeds, other years and the API follow from it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from notifier.core.catalog import City, year_path
from notifier.core.harmonogram_status import NewerHarmonogram


@dataclass(frozen=True)
class YearLink:
    """A year in the page's list of the city's years; `current`: the year this page shows."""

    year: int
    href: str
    current: bool


@dataclass(frozen=True)
class PagePlace:
    """`page`: the path before "/?topic=…" ("" or "/leszno/2024"); `feeds`: before
    "/calendar.ics" ("" or "/leszno"); `years`: the city's years; `others`: its other years
    for the "a newer harmonogram" notice; `signup_cities`: (id, name) the form offers, ticked;
    `api_query`: the API's ?city=&year= for this page."""

    page: str = ""
    feeds: str = ""
    years: tuple[YearLink, ...] = ()
    others: tuple[NewerHarmonogram, ...] = ()
    signup_cities: tuple[tuple[str, str], ...] = ()
    api_query: str = ""
    api: str = "/api/tasks"

    @classmethod
    def city_year(cls, city: City, year: int, base_url: str, *, current: bool) -> PagePlace:
        """A year of a city: "/leszno/" (`current`, the year a reader means now) or
        "/leszno/2024/"."""
        page = f"/{city.city_id}" if current else f"/{city.city_id}/{year}"
        years = tuple(YearLink(y, f"/{city.city_id}/{y}/", y == year) for y in city.years)
        others = tuple(
            NewerHarmonogram(
                title=e.schedule.title,
                year=e.schedule.year,
                url=f"{base_url}{year_path(e.schedule)}",
            )
            for e in city.entries
            if e.schedule.year != year
        )
        query = "?" + urlencode({"city": city.city_id, "year": year})
        return cls(
            page=page,
            feeds=f"/{city.city_id}",
            years=years if len(years) > 1 else (),
            others=others,
            signup_cities=((city.city_id, city.name),),
            api_query=query,
            api="/api/tasks" + query,
        )
