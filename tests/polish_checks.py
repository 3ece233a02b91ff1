"""Checks of the Polish we show people: the formal "Państwo" form of address, no doubled dots."""

from __future__ import annotations

import re

# Informal (second person singular) words that must not reach an NGO: "Ty", imperatives, verbs.
_INFORMAL = re.compile(
    r"\b(Ty|Cię|Ciebie|Ci|Twój|Twoja|Twoje|Twojego|Twoich|Twoim|"
    r"kliknij|podaj|sprawdź|wróć|spróbuj|skopiuj|zajrzyj|zignoruj|potwierdź|zmień|wybierz|"
    r"wklej|otwórz|popraw|przejdź|zapisz się|wypisz się|zarządzaj|zobacz|pokaż|wpisz|zaznacz|"
    r"zatrzymaj|uruchom|użyj|"
    r"dostaniesz|zmienisz|chcesz|możesz|prosisz|masz|jesteś)\b",
    re.IGNORECASE,
)


def informal_words(text: str) -> list[str]:
    """Words of the informal "Ty" form found in `text` (empty when all is formal)."""
    return [m.group(0) for m in _INFORMAL.finditer(text)]
