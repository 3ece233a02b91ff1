"""Which cross-city department addresses answer, and which a new harmonogram would silence
(blind round 11, M17).

`/departments/{id}.ics` and `.atom` name a department across the cities: they answer while
one city has that department (with one city served, every department of it); a department
id two cities share makes them a 404 ("jest w kilku miastach", notifier.web.feeds
.department_owner), so the calendar apps subscribed to a working address lose every event
once a second city's file reuses its id. `notifier check` of a directory names each such
address, and the office's import draft the ones its year would silence, before it is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from notifier.core.catalog import Entry
from notifier.core.polish import plural
from notifier.core.schedule import Schedule


def department_cities(entries: Iterable[Entry]) -> dict[str, list[str]]:
    """Each department id of `entries` with the ids of the cities that have it, in order."""
    found: dict[str, list[str]] = {}
    for entry in entries:
        for department in entry.schedule.departments:
            cities = found.setdefault(department.id, [])
            if entry.schedule.city_id not in cities:
                cities.append(entry.schedule.city_id)
    return found


def answering_departments(entries: Sequence[Entry]) -> set[str]:
    """The department ids whose cross-city addresses answer for `entries`: those of one city
    (every one, with one city served)."""
    owners = department_cities(entries)
    if len({e.schedule.city_id for e in entries}) == 1:
        return set(owners)
    return {department for department, cities in owners.items() if len(cities) == 1}


SHOWN = 10  # departments named in check's warning; the rest are counted
SHOWN_CITIES = 3  # cities named per department


def _cities(cities: Sequence[str]) -> str:
    shown = ", ".join(cities[:SHOWN_CITIES])
    more = len(cities) - SHOWN_CITIES
    return f"{shown} i {more} {plural(more, 'inne', 'inne', 'innych')}" if more > 0 else shown


def shared_department_notes(entries: Sequence[Entry]) -> list[str]:
    """`notifier check`'s warning (Polish, one or none): the cross-city department addresses
    of `entries` that answer 404 because several cities have a department of that id."""
    shared = [(d, c) for d, c in sorted(department_cities(entries).items()) if len(c) > 1]
    if not shared:
        return []
    named = "; ".join(
        f"/departments/{department}.ics i .atom ({_cities(cities)})"
        for department, cities in shared[:SHOWN]
    )
    more = len(shared) - SHOWN
    if more > 0:
        named += f" i {more} {plural(more, 'inny wydział', 'inne wydziały', 'innych wydziałów')}"
    return [
        (
            "adresy wydziałów wspólne dla miast nie odpowiadają (404), bo wydział o tym "
            f"identyfikatorze jest w kilku miastach: {named}. Kto je subskrybował, traci wszystkie "
            "wydarzenia (np. od dodania drugiego miasta z takim wydziałem); kalendarz wydziału "
            "jednego miasta to /{miasto}/departments/{id}.ics. Jeśli to różne wydziały, prosimy "
            "nadać im różne identyfikatory (id)."
        )
    ]


def silenced_departments(entries: Sequence[Entry], added: Schedule) -> list[str]:
    """One warning (Polish) per cross-city department address that answers for `entries`
    and would not once `added` (a city's harmonogram for a year) is served beside them."""
    kept = [e for e in entries if e.key != (added.city_id, added.year)]
    after = [*kept, Entry(added, "", "")]
    silenced = sorted(answering_departments(entries) - answering_departments(after))
    owners = department_cities(after)
    return [
        f"po zapisaniu przestaną odpowiadać adresy /departments/{department}.ics i "
        f"/departments/{department}.atom (404: wydział „{department}” będzie w kilku "
        f"miastach: {_cities(owners[department])}); kto je subskrybował, straci wszystkie "
        "wydarzenia. Jeśli to inny wydział niż w tamtym mieście, administrator serwera może "
        "nadać mu w pliku harmonogramu inny identyfikator (id)."
        for department in silenced
    ]
