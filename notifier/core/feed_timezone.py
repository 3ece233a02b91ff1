"""The one VTIMEZONE every calendar carries: Europe/Warsaw (RFC 5545 section 3.6.5)."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard


def _warsaw_vtimezone() -> Timezone:
    """VTIMEZONE for Europe/Warsaw (CET/CEST, EU rules since 1996; RFC 5545 section 3.6.5).

    The one component of a calendar with no dated announcement (a topic whose tasks are all
    undated): valid, shown by no client, and true to X-WR-TIMEZONE.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/Warsaw")
    # DTSTART of a VTIMEZONE part is local time: naive on purpose.
    for kind, name, start, month, offsets in (
        (TimezoneStandard, "CET", datetime(1970, 10, 25, 3), 10, (2, 1)),  # noqa: DTZ001
        (TimezoneDaylight, "CEST", datetime(1970, 3, 29, 2), 3, (1, 2)),  # noqa: DTZ001
    ):
        part = kind()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        part.add("tzname", name)
        zone.add_component(part)
    return zone


WARSAW_VTIMEZONE = _warsaw_vtimezone()
WARSAW_VTIMEZONE_BYTES = WARSAW_VTIMEZONE.to_ical()  # written once, as every calendar holds it
