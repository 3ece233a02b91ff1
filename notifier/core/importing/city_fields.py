"""The city-level fields of next year's imported file, carried over from the city's earlier
harmonogram: who may sign in ([office]), the city's id, region and where its calls are
published. Used by build_import for the CLI and the office alike (one code path)."""

from __future__ import annotations

import tomlkit

from notifier.core.importing.toml_writer import office_table
from notifier.core.schedule import CITY_KEYS, Schedule


def with_city_office(text: str, latest: Schedule) -> str:
    """The imported file's text with every city-level field of the city's `latest`
    harmonogram carried over: its [office] (name, email, staff) instead of the importer's
    placeholder, and in [harmonogram] the city's id, `region` and `announcements_url` —
    next year's file keeps who may sign in, the city's address in links, its region's feed
    (/calendar.ics?region=…) and where its calls are published. Title, year, "stan na dzień"
    and source are the new document's own."""
    document = tomlkit.parse(text)
    head = document["harmonogram"]
    for key in CITY_KEYS:
        value = getattr(latest, key)
        if value is not None and key not in head:
            head.add(key, value)
    office = latest.office
    document["office"] = office_table(office.name, office.email, office.staff)
    return tomlkit.dumps(document)
