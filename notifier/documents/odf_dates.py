"""A spreadsheet's date cell as the date it holds (blind12 m3).

An ODS date cell (`office:value-type="date"`) carries its date (`office:date-value`) beside
the text its format shows. A format without the full year ("maj 27", "05.27") gives a text
the period reader cannot place, while the cell itself says May 2027: such a cell is read as
an XLSX date cell with the same format is (notifier.documents.xlsx): "maj 2027" when the
format shows no day, "01.05.2027" when it does. A shown text with the full year is read as
shown."""

from __future__ import annotations

import re
from datetime import date

from notifier.core.polish import MONTHS_NOMINATIVE

_DATE_VALUE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMBERS_RE = re.compile(r"\d+")
_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def date_cell_text(shown: str, value: str | None) -> str:
    """The text of a date cell whose format shows `shown` and whose date is `value` (ISO,
    "2027-05-01" or "2027-05-01T10:30:00"): `shown` when it has the date's full year or the
    value does not read."""
    found = _DATE_VALUE_RE.match(value or "")
    if found is None:
        return shown
    try:
        day = date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return shown
    numbers = _NUMBERS_RE.findall(shown)
    if str(day.year) in numbers or not shown.strip():
        return shown
    named_month = _WORD_RE.search(shown) is not None
    if len(numbers) >= 3 or (len(numbers) >= 2 and named_month):  # a day is shown
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    if named_month or len(numbers) == 2:  # "maj 27", "05.27"
        return f"{MONTHS_NOMINATIVE[day.month - 1]} {day.year}"
    if numbers == [f"{day.year % 100:02d}"]:  # "27": a year shown by its last two digits
        return str(day.year)
    return shown
