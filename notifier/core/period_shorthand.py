"""Shorthands of a period cell read before the grammar: Excel's own month abbreviations, and
a count of calls ("2 x w roku") that must never read as a day of October.

Excel's "mmm" format prints a month as three letters without a dot ("sty", "kwi", "paź"):
a cell holding only such months (a range of two, a year after them) reads as those months
("sty-lut 2027" is January–February 2027); elsewhere a bare "sie" stays a word ("się").

A lower-case "x" after a number is a count ("2 x w roku": twice a year), not the Roman month X:
"N x w roku", "N x w 2027 r." are refused asking for the months, and "5 x 2027" — the fifth of
October or five times in 2027? — is refused naming both readings.
"""

from __future__ import annotations

import re

from notifier.core.period_words import MONTH_NAMES

_EXCEL_MONTHS = ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru")
_EXCEL = "|".join(_EXCEL_MONTHS)
_EXCEL_CELL_RE = re.compile(
    rf"^({_EXCEL})(?:\s*[-–—]\s*({_EXCEL}))?(\s+(?:19|20)\d\d(?:\s*r\.?)?)?$", re.IGNORECASE
)
# "2 x w roku", "2x w 2027 r.", "nabór 2 x w roku": a count of calls in the year
_TIMES_A_YEAR_RE = re.compile(
    r"(?<![\d.])(\d{1,2})\s*[x×]\s+w\s+(roku|(?:19|20)\d\d)\b", re.IGNORECASE
)
# "5 x 2027" with a lower-case x: a count, or the fifth of October?
_TIMES_OR_DAY_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*[x×]\s+((?:19|20)\d\d)\b")


def excel_months(text: str) -> str:
    """`text` with Excel's abbreviated months written out when the cell holds only them
    ("sty-lut 2027" → "styczeń-luty 2027"); any other text as it is."""
    found = _EXCEL_CELL_RE.match(text.strip())
    if not found:
        return text
    first, second, year = found.groups()
    named = [MONTH_NAMES[_EXCEL_MONTHS.index(m.lower())][0] for m in (first, second) if m]
    return "-".join(named) + (year or "")


def count_of_calls(text: str) -> str | None:
    """The refusal (Polish) of a count printed as a period ("2 x w roku", "5 x 2027"), else
    None."""
    found = _TIMES_A_YEAR_RE.search(text)
    if found:
        return (
            f"„{found.group(0)}” to liczba naborów ({found.group(1)} razy), a nie ich termin — "
            "proszę podać miesiące naborów (np. „I nabór: marzec; II nabór: wrzesień”) albo "
            "wpisać „-” dla zadania bez terminu"
        )
    found = _TIMES_OR_DAY_RE.search(text)
    if found:
        number, year = found.groups()
        return (
            f"„{found.group(0)}” — {number} października {year} (X jako miesiąc) czy "
            f"{number} razy w {year} roku? Proszę napisać datę słowami („{number} października "
            f"{year}”) albo podać miesiące naborów"
        )
    return None
