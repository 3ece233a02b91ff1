"""A call's fields as people type them — at the command line (`notifier announce`) and in
the office's form (/biuro/) alike: one reading, one Polish message per field.

Each function raises CallInputError (a ValueError) whose text says what was expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from notifier.core.echo import echoed
from notifier.core.input_rules import AMOUNTS, amount_from_text, day_problem, shown_number
from notifier.core.time import wall_clock_problem


class CallInputError(ValueError):
    """A typed field that is not what it should be; the message (Polish) quotes it."""


_DAY_SHAPE = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})([T ].*)?\s*")
# The only spellings taken: Python's fromisoformat also reads 20261207, 2026-W49-1 and an
# hour alone (T12), none of which the help offers (blind round 8a).
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


def _no_such_day(text: str) -> CallInputError | None:
    """The error for text in the form RRRR-MM-DD naming a day no calendar has (2026-02-30,
    2026-13-01), or None when the text is not in that form or the day exists."""
    shape = _DAY_SHAPE.fullmatch(text)
    if shape is None:
        return None
    try:
        date(int(shape[1]), int(shape[2]), int(shape[3]))
    except ValueError:
        return CallInputError(f"nie ma takiego dnia w kalendarzu: {echoed(text.strip())}")
    return None


def read_day(text: str) -> date:
    """RRRR-MM-DD, in the years the service can render (notifier.core.input_rules)."""
    try:
        if not _DAY.fullmatch(text.strip()):
            raise ValueError(text)
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise _no_such_day(text) or CallInputError(
            f"to nie jest data w postaci RRRR-MM-DD: {echoed(text)}"
        ) from None
    return _in_range(day)


def _in_range(day: date) -> date:
    """`day`, or CallInputError when the service could not render it (input_rules)."""
    problem = day_problem(day)
    if problem is not None:
        raise CallInputError(problem)
    return day


def read_deadline(text: str) -> date | datetime:
    """RRRR-MM-DD (the whole day) or RRRR-MM-DDTGG:MM / RRRR-MM-DD GG:MM (that hour,
    Europe/Warsaw; a naive datetime, seconds dropped). An hour the clocks skip in spring is
    refused, the autumn hour that happens twice is the first (core.time.wall_clock_problem),
    which check's warnings of the call then say (core.time.ambiguous_hour_note)."""
    value = text.strip()
    try:
        if not (_DAY.fullmatch(value) or _MOMENT.fullmatch(value)):
            raise ValueError(value)
        if "T" in value or " " in value:
            moment = datetime.fromisoformat(value.replace(" ", "T"))
            if moment.tzinfo is not None:
                raise ValueError(value)
            _in_range(moment.date())
            moment = moment.replace(second=0, microsecond=0)
            gap = wall_clock_problem(moment.date(), moment.time())
            if gap is not None:
                raise CallInputError(gap)
            return moment
        return _in_range(date.fromisoformat(value))
    except CallInputError:
        raise
    except ValueError:
        raise _no_such_day(text) or CallInputError(
            "to nie jest termin w postaci RRRR-MM-DD albo RRRR-MM-DDTGG:MM (czas warszawski): "
            f"{echoed(text)}"
        ) from None


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
