"""Who may sign in to a city's office area (/biuro/): the one rule, over plain data.

A city's office is named by the `[office]` table of its latest harmonogram: `email` and the
optional `staff = ["…", …]` list. The latest year decides, so an address taken off that list
(or a new year's file that no longer names it) loses access at once, whatever older years'
files say. Addresses compare as their normalised form, letters case-folded.
"""

from __future__ import annotations

from notifier.core.addresses import AddressError, normalised_address
from notifier.core.catalog import Catalog, City


def address_key(text: str) -> str | None:
    """The comparable form of a typed address (normalised, case-folded); None if it is not an
    address at all."""
    try:
        return normalised_address(text.strip()).casefold()
    except AddressError:
        return None


def may_sign_in(city: City, address: str) -> bool:
    """Whether `address` is named by the city's latest `[office]` (email or staff)."""
    key = address_key(address)
    return key is not None and key in {a.casefold() for a in city.latest.office.people}


def office_cities(catalog: Catalog, address: str) -> list[City]:
    """The cities whose office names `address`, in the catalog's order ([] for anyone else)."""
    return [city for city in catalog.cities() if may_sign_in(city, address)]


def office_city(catalog: Catalog, city_id: str, address: str) -> City | None:
    """The city `city_id` if `address` may act for it; None when the city is unknown or does
    not name the address (both answered alike: nobody learns which cities exist that way)."""
    city = catalog.city(city_id)
    return city if city is not None and may_sign_in(city, address) else None
