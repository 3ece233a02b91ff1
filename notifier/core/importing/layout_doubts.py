"""Refusals of the layout-text reader (notifier.core.importing.layout_text) where a text of
columns side by side (`pdftotext -layout`) cannot be read without guessing: a period printed
once beside rows of one line each (at the top of its merged cell it covers the rows below, in
its middle the rows above too), and a department's line right under another's with no blank
line between rows (the next row's cell or the one above going on). Pure: texts in, Polish out.
"""

from __future__ import annotations

import re

from notifier.core.importing.model import Where

__all__ = ["begins_unit", "merged_period", "touching_cells"]

# A line beginning with the name of an office's unit begins a department's cell, never goes on
# with the one above ("Wydział Kultury" right above "Wydział Sportu").
_UNIT_RE = re.compile(
    r"(wydział|biuro|referat|departament|zespół|dział|urząd|centrum|ośrodek|pełnomocnik|"
    r"straż|kancelaria|sekretariat|gabinet|zarząd|komenda|stanowisko)\b",
    re.IGNORECASE,
)


def begins_unit(text: str) -> bool:
    return bool(_UNIT_RE.match(text))


def merged_period(period: str, holder: Where, row: Where) -> str:
    """The refusal of a period printed once beside rows of one line each."""
    return (
        f"W tekście z kolumnami obok siebie termin „{period}” ({holder}) wydrukowano raz, a "
        f"{row} nie ma własnego terminu. Wiersze mają po jednej linii, więc z tekstu nie "
        "wynika, czy termin stoi u góry scalonej komórki (i dotyczy wierszy pod nim), czy na "
        "jej środku (i dotyczy też wierszy nad nim). Import nie zgaduje. Proszę zaimportować "
        "sam plik PDF albo oryginał (DOCX, XLSX)."
    )


def touching_cells(above: str, text: str, where: Where) -> str:
    """The refusal of a department's (remarks') line right under another's cell."""
    return (
        f"W tekście z kolumnami obok siebie {where} zaczyna się od „{text[:40]}” tuż pod "
        f"„{above[:40]}”, bez pustej linii między wierszami: nie wiadomo, czy to nowa "
        "komórka, czy dalszy ciąg komórki powyżej. Import nie zgaduje. Proszę zaimportować sam "
        "plik PDF albo oryginał (DOCX, XLSX)."
    )
