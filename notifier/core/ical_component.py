"""The calendar's components (VCALENDAR, VEVENT, VALARM) as plain data, written straight to
iCalendar bytes.

The feed builds each event once and serialises it at once; building it as an icalendar
object and asking it for `to_ical()` cost about half a millisecond an event (a parameter
object, a typed value and a content line per property), most of a feed's rendering.
`Component.to_ical()` gives exactly the bytes icalendar's `to_ical()` gives for the same
properties (a property test holds it to it): properties in icalendar's canonical order for
the component (its listed names first, the rest alphabetically), TEXT escaped as icalendar
escapes it (RFC 5545 §3.3.11, with its line-ending normalisation; but a written backslash-N
stays text, where icalendar makes it a line break), lines folded by
notifier.core.ical_fold.

Values by type: str is TEXT (URL: a URI, written as it is), a list of str is CATEGORIES
(each escaped, joined by commas), int an INTEGER, date a DATE (VALUE=DATE), datetime a
DATE-TIME (UTC with "Z", another zone with its TZID; DTSTAMP, LAST-MODIFIED and CREATED in
UTC), timedelta a DURATION.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from notifier.core.ical_fold import fold_line

# icalendar's canonical_order of each component (icalendar.cal.event.Event and so on).
CANONICAL_ORDER: Mapping[str, tuple[str, ...]] = {
    "VEVENT": (
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "DTSTAMP",
        "UID",
        "RECURRENCE-ID",
        "SEQUENCE",
        "RRULE",
        "RDATE",
        "EXDATE",
    ),
    "VCALENDAR": (
        "VERSION",
        "PRODID",
        "CALSCALE",
        "METHOD",
        "DESCRIPTION",
        "X-WR-CALDESC",
        "NAME",
        "X-WR-CALNAME",
    ),
    "VALARM": (),
}
URI_PROPERTIES = frozenset({"URL"})
UTC_PROPERTIES = frozenset({"DTSTAMP", "LAST-MODIFIED", "CREATED"})  # icalendar's, RFC 5545
Value = str | list[str] | int | date | datetime | timedelta
_SAFE_PARAMETER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/+.")


class Component:
    """One component: its properties (each once, by upper-case name; values as in the
    module's docstring, parameters a name -> value mapping of plain tokens) and its
    subcomponents (Components, or bytes already serialised), in the order added."""

    __slots__ = ("components", "name", "properties")

    def __init__(self, name: str) -> None:
        if name not in CANONICAL_ORDER:
            raise ValueError(f"unknown component {name!r}")
        self.name = name
        self.properties: dict[str, tuple[Value, Mapping[str, str]]] = {}
        self.components: list[Component | bytes] = []

    def add(self, name: str, value: Value, parameters: Mapping[str, str] | None = None) -> None:
        """Set property `name`; ValueError if it is there already (a component here holds
        each property once) or a parameter needs quoting."""
        key = name.upper()
        if key in self.properties:
            raise ValueError(f"{key} is set already")
        for item in (parameters or {}).values():
            if not item or not set(item) <= _SAFE_PARAMETER:
                raise ValueError(f"parameter value needs quoting: {item!r}")
        self.properties[key] = (value, dict(parameters or {}))

    def __getitem__(self, name: str) -> Value:
        return self.properties[name.upper()][0]

    def __contains__(self, name: str) -> bool:
        return name.upper() in self.properties

    def pop(self, name: str) -> Value:
        """Remove property `name` and give its value (KeyError if it is not set)."""
        return self.properties.pop(name.upper())[0]

    def add_component(self, component: Component | bytes) -> None:
        """Append a subcomponent (bytes: already serialised, e.g. a constant VTIMEZONE)."""
        self.components.append(component)

    def to_ical(self) -> bytes:
        """The component's iCalendar bytes (CRLF, folded), as icalendar's to_ical()."""
        return b"".join(self.lines())

    def lines(self) -> list[bytes]:
        """to_ical() as its pieces: folded lines each ending in CRLF, serialised
        subcomponents as they are."""
        order = CANONICAL_ORDER[self.name]
        rank = {name: index for index, name in enumerate(order)}
        names = sorted(self.properties, key=lambda n: (0, rank[n], "") if n in rank else (1, 0, n))
        out = [f"BEGIN:{self.name}\r\n".encode()]
        for name in names:
            value, parameters = self.properties[name]
            out.append(fold_line(content_line(name, value, parameters)) + b"\r\n")
        for component in self.components:
            out += [component] if isinstance(component, bytes) else component.lines()
        out.append(f"END:{self.name}\r\n".encode())
        return out


def content_line(name: str, value: Value, parameters: Mapping[str, str] | None = None) -> str:
    """One unfolded content line 'NAME;PARAM=value:VALUE' as icalendar writes it."""
    params = dict(parameters or {})
    if isinstance(value, str):
        text = value if name in URI_PROPERTIES else escape_text(value)
    elif isinstance(value, list):
        text = ",".join(escape_text(item) for item in value)
    elif isinstance(value, bool):
        raise TypeError(f"{name}: a boolean is not a calendar value")
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, datetime):
        text, zone = _date_time(value.astimezone(UTC) if name in UTC_PROPERTIES else value)
        if zone is not None:
            params.setdefault("TZID", zone)
    elif isinstance(value, date):
        params.setdefault("VALUE", "DATE")
        text = value.strftime("%Y%m%d")
    elif isinstance(value, timedelta):
        text = duration(value)
    else:
        raise TypeError(f"{name}: {type(value).__name__} is not a calendar value")
    head = name + "".join(f";{key}={params[key]}" for key in sorted(params))
    return f"{head}:{text}"


def escape_text(text: str) -> str:
    """TEXT escaped per RFC 5545 §3.3.11: a backslash, ";" and "," escaped, and CRLF, LF and
    a lone CR each written as '\\n'. Unlike icalendar (whose escape first turns a written
    backslash-N into a line break), a backslash before "N" is escaped as every backslash
    is: a title printing "A\\N B" stays one line in every calendar (blind round six, F5)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _date_time(value: datetime) -> tuple[str, str | None]:
    """The DATE-TIME text and the TZID to name (None: UTC or floating)."""
    text = f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}"  # fmt: skip
    zone = value.tzinfo
    if zone is None:
        return text, None
    if zone is UTC or (isinstance(zone, ZoneInfo) and zone.key in ("UTC", "Etc/UTC")):
        return text + "Z", None
    if isinstance(zone, ZoneInfo):
        return text, zone.key
    raise ValueError(f"no TZID for the zone of {value.isoformat()}")


def duration(value: timedelta) -> str:
    """A DURATION as icalendar writes it: '-P7D', 'PT12H', 'P1DT2H30M', 'P0D'."""
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    timepart = ""
    if value.seconds:
        hours, minutes, seconds = value.seconds // 3600, value.seconds % 3600 // 60, value.seconds % 60  # fmt: skip
        timepart = "T" + (f"{hours}H" if hours else "")
        timepart += f"{minutes}M" if minutes or (hours and seconds) else ""
        timepart += f"{seconds}S" if seconds else ""
    if value.days == 0 and timepart:
        return f"{sign}P{timepart}"
    return f"{sign}P{value.days}D{timepart}"
