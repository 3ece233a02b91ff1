"""Who may sign in to a city's office area (/biuro/): the one rule, over plain data.

A city's office is named by the `[office]` table of the harmonogram in force: `email` and
the optional `staff = ["…", …]` list of the latest year not after today's (the earliest file
for a city with only later years; core.harmonogram_years.deciding_year). An address taken off
that list loses access at once, whatever other years' files say, and a file of a later year
(one the office area will not even save beyond next year) cannot keep it. Addresses compare as
their normalised form, letters case-folded.
"""

from __future__ import annotations

from datetime import date

from notifier.core.addresses import AddressError, normalised_address
from notifier.core.catalog import Catalog, City
from notifier.core.harmonogram_years import deciding_year
from notifier.core.schedule import Office


def address_key(text: str) -> str | None:
    """The comparable form of a typed address (normalised, case-folded); None if it is not an
    address at all."""
    try:
        return normalised_address(text.strip()).casefold()
    except AddressError:
        return None


def deciding_office(city: City, today: date) -> Office:
    """The `[office]` that says who may sign in for `city` on `today` (Warsaw day)."""
    year = deciding_year(city.years, today)
    return next(e.schedule for e in city.entries if e.schedule.year == year).office


def office_address(city: City, address: str, today: date) -> str | None:
    """The address as the deciding `[office]` writes it, if it names `address`; else None."""
    key = address_key(address)
    people = deciding_office(city, today).people
    return next((a for a in people if key is not None and a.casefold() == key), None)


def may_sign_in(city: City, address: str, today: date) -> bool:
    """Whether `address` is named by the city's deciding `[office]` (email or staff)."""
    return office_address(city, address, today) is not None


def office_cities(catalog: Catalog, address: str, today: date) -> list[City]:
    """The cities whose office names `address`, in the catalog's order ([] for anyone else)."""
    return [city for city in catalog.cities() if may_sign_in(city, address, today)]


def office_city(catalog: Catalog, city_id: str, address: str, today: date) -> City | None:
    """The city `city_id` if `address` may act for it; None when the city is unknown or does
    not name the address (both answered alike: nobody learns which cities exist that way)."""
    city = catalog.city(city_id)
    return city if city is not None and may_sign_in(city, address, today) else None
