"""A TOML date or time that is well formed but names no moment ("2025-02-29", month 13, day 32,
hour 25): the parser refuses it as a syntax error, and its advice (quotes, brackets, "=")
would send a clerk looking for the wrong thing. This says what is impossible, in Polish."""

from __future__ import annotations

import calendar
import re

# A date, a date-time or a time as TOML writes them (RFC 3339, the "T" or a space between).
_LITERAL_RE = re.compile(
    r"(?:(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2}))?"
    r"(?:(?(year)[Tt ])(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.[0-9]+)?)?"
    r"(?:[Zz]|[+-](?P<off_hour>[0-9]{2}):(?P<off_minute>[0-9]{2}))?)?"
)
_MONTHS = [
    "styczeń",
    "luty",
    "marzec",
    "kwiecień",
    "maj",
    "czerwiec",
    "lipiec",
    "sierpień",
    "wrzesień",
    "październik",
    "listopad",
    "grudzień",
]


def impossible_date_problem(line_text: str, column: int) -> str | None:
    """Why the date or time literal at 1-based `column` of `line_text` names no moment
    (Polish: "2025-02-29: w 2025 roku luty ma 28 dni – nie ma takiego dnia"), or None when
    there is no such literal there or each of its parts is possible."""
    for found in _LITERAL_RE.finditer(line_text):
        if found[0] and found.start() < column <= found.end() + 1:
            why = _why(found)
            return None if why is None else f"{found[0]}: {why}"
    return None


def _why(found: re.Match[str]) -> str | None:
    part = {k: int(v) for k, v in found.groupdict().items() if v is not None}
    if "year" in part:
        year, month, day = part["year"], part["month"], part["day"]
        if not 1 <= month <= 12:
            return f"miesiąca {month} nie ma – miesiące mają numery od 01 do 12"
        days = calendar.monthrange(max(year, 1), month)[1]
        if not 1 <= day <= days:
            named = _MONTHS[month - 1]
            where = f"w {year} roku {named}" if month == 2 else named
            return f"{where} ma {days} dni – nie ma dnia {day:02d}"
    if part.get("hour", 0) > 23:
        return f"godziny {part['hour']} nie ma – godziny mają numery od 00 do 23"
    if part.get("minute", 0) > 59 or part.get("off_minute", 0) > 59:
        return "minut jest od 00 do 59"
    if part.get("second", 0) > 59:
        return "sekund jest od 00 do 59"
    if part.get("off_hour", 0) > 23:
        return "przesunięcie strefy czasowej ma od 00 do 23 godzin"
    return None
