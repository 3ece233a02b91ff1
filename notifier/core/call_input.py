"""A call's fields as people type them — at the command line (`notifier announce`) and in
the office's form (/biuro/) alike: one reading, one Polish message per field.

Each function raises CallInputError (a ValueError) whose text says what was expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from notifier.core.echo import echoed
from notifier.core.input_rules import AMOUNTS, MAX_YEAR, MIN_YEAR, amount_from_text, shown_number
from notifier.core.time import wall_clock_problem


class CallInputError(ValueError):
    """A typed field that is not what it should be; the message (Polish) quotes it."""


# One rule for every day typed (the command line's dates and the office's form alike): spaces
# around it ignored, as around a number (input_rules.whole_number); the year in four digits,
# the month and the day in one or two ("2025-01-01", "2025-1-1"); a year outside the service's
# range said as such, before the calendar ("0000-01-01" as "1899-12-31"). Python's
# fromisoformat also reads 20261207, 2026-W49-1 and an hour alone (T12), none of which the
# help offers (blind round 8a): never used here.
# The hour follows the day's rule, one or two digits ("2027-1-5T9:05", as "godz. 9:05" is
# written and as the period reader takes it); minutes and seconds always two: "9:5" may be
# 9:05 or 9:50, so it is refused naming both (blind11 M15: "2027-1-5" was taken and
# "2027-1-5T9:05" refused).
_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_MOMENT = re.compile(rf"{_DAY.pattern}(?:[T ]([0-9]{{1,2}}):([0-9]{{1,2}})(?::([0-9]{{1,2}}))?)?")
DEADLINE_SHAPES = (
    "RRRR-MM-DD albo RRRR-MM-DDTGG:MM (czas warszawski; miesiąc, dzień i godzina jedną lub "
    "dwiema cyframi, minuty dwiema, np. 2027-1-5 albo 2027-1-5T9:05)"
)


def _day(found: re.Match[str]) -> date:
    """The day of a matched RRRR-MM-DD; CallInputError for a year outside the range or a day
    no calendar has (2026-02-30, 2026-13-01)."""
    year, month, day = int(found[1]), int(found[2]), int(found[3])
    shown = f"{year:04d}-{month:02d}-{day:02d}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CallInputError(f"data {shown} spoza zakresu lat {MIN_YEAR}–{MAX_YEAR}")
    try:
        return date(year, month, day)
    except ValueError:
        raise CallInputError(f"nie ma takiego dnia w kalendarzu: {echoed(shown)}") from None


def read_day(text: str) -> date:
    """RRRR-MM-DD, in the years the service can render (notifier.core.input_rules)."""
    found = _DAY.fullmatch(text.strip())
    if found is None:
        raise CallInputError(f"to nie jest data w postaci RRRR-MM-DD: {echoed(text)}")
    return _day(found)


def read_deadline(text: str) -> date | datetime:
    """RRRR-MM-DD (the whole day) or RRRR-MM-DDTGG:MM / RRRR-MM-DD GG:MM (that hour,
    Europe/Warsaw; a naive datetime, seconds dropped), the day by read_day's rule. Midnight
    follows the period reader's rule (blind 10b, M26): T24:00 is the end of that day, so
    the whole day; T00:00 is the end of the day before, so the whole day before. An hour
    the clocks skip in spring is refused, the autumn hour that happens twice is the first
    (core.time.wall_clock_problem), which check's warnings of the call then say
    (core.time.ambiguous_hour_note)."""
    found = _MOMENT.fullmatch(text.strip())
    if found is None:
        raise CallInputError(f"to nie jest termin w postaci {DEADLINE_SHAPES}: {echoed(text)}")
    _two_digit_minutes(found, text)
    if found[6] is not None:  # seconds: refused, never dropped unsaid (blind10a M4)
        _no_seconds(found, text)
    day = _day(found)
    if found[4] is None:
        return day
    hour, minute, second = int(found[4]), int(found[5]), int(found[6] or 0)
    if (hour, minute, second) == (24, 0, 0):
        return day  # until the day's end: the whole day, as the reader takes "godz. 24:00"
    if (hour, minute, second) == (0, 0, 0):  # "do 15.03 godz. 0:00" ends when 14 March does
        before = day - timedelta(days=1)
        if before.year < MIN_YEAR:
            raise CallInputError(f"data {before} spoza zakresu lat {MIN_YEAR}–{MAX_YEAR}")
        return before
    if hour > 23 or minute > 59 or second > 59:
        raise CallInputError(f"nie ma takiej godziny: {echoed(text.strip())}")
    moment = datetime.combine(day, time(hour, minute))  # naive: the Warsaw wall clock
    gap = wall_clock_problem(moment.date(), moment.time())
    if gap is not None:
        raise CallInputError(gap)
    return moment


def _two_digit_minutes(found: re.Match[str], text: str) -> None:
    """CallInputError for minutes in one digit: "9:5" is 9:05 or 9:50 (seconds, in any
    number of digits, are _no_seconds')."""
    part = found[5]
    if part is not None and len(part) == 1:
        hour = int(found[4])
        raise CallInputError(
            f"minuty podaje się dwiema cyframi: {echoed(text.strip())} – chodzi o "
            f"{hour}:0{part} czy {hour}:{part}0? ({DEADLINE_SHAPES})"
        )


def _no_seconds(found: re.Match[str], text: str) -> None:
    """CallInputError for a deadline written with seconds: the help and the office's form
    (16 characters) offer minutes only, and ":59" was cut without a word."""
    if int(found[4]) > 23 or int(found[5]) > 59 or int(found[6]) > 59:
        raise CallInputError(f"nie ma takiej godziny: {echoed(text.strip())}")
    minute = f"{_day(found).isoformat()}T{int(found[4]):02d}:{found[5]}"
    raise CallInputError(
        "termin podaje się co do minuty, bez sekund (RRRR-MM-DDTGG:MM, czas warszawski): "
        f"{echoed(text.strip())} – prosimy wpisać {minute}"
    )


def read_amount_text(text: str) -> Decimal:
    """A sum in złoty: "250000", "250 000", "12500,50" (no "zł"), within
    notifier.core.input_rules.AMOUNTS (amount_from_text)."""
    amount = amount_from_text(text)
    if amount is None:
        raise CallInputError(
            "to nie jest kwota w złotych (np. 250000 albo 12500,50; najwyżej "
            f"{shown_number(AMOUNTS.high)} zł): {echoed(text)}"
        )
    return amount
