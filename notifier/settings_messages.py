"""pydantic's validation errors of the settings as Polish sentences (notifier.settings)."""

from __future__ import annotations

from typing import Any

# pydantic's own checks, in Polish (the validators above raise Polish messages already).
_MESSAGES = {
    "bool_parsing": "wymagana wartość tak/nie: true albo false (także 1/0, yes/no, on/off)",
    "bool_type": "wymagana wartość tak/nie: true albo false",
    "int_parsing": "wymagana liczba całkowita",
    "int_from_float": "wymagana liczba całkowita",
    "float_parsing": "wymagana liczba, np. 30 albo 2.5",
    "finite_number": "wymagana liczba, np. 30 albo 2.5 (nan i inf nie są liczbami)",
    "time_parsing": "wymagana godzina, np. 08:00",
    "time_type": "wymagana godzina, np. 08:00",
    "path_type": "wymagana ścieżka pliku albo katalogu",
    "missing": "brak wartości",
    "greater_than": "musi być większe niż {gt}",
    "greater_than_equal": "musi być co najmniej {ge}",
    "less_than": "musi być mniejsze niż {lt}",
    "less_than_equal": "może być co najwyżej {le}",
    "string_type": "wymagany tekst",
}


def polish_error(error: Any) -> str:
    """One pydantic validation error as a Polish sentence: our validators' own (Polish)
    text, a known pydantic check in _MESSAGES, else a plain "niepoprawna wartość" (pydantic's
    text is English)."""
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is not None:
        ctx = {  # a bound of a float setting in its own words: 600, not 600.0
            k: int(v) if isinstance(v, float) and v.is_integer() else v
            for k, v in error.get("ctx", {}).items()
        }
        return template.format(**ctx)
    if error.get("type") == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return "niepoprawna wartość"
