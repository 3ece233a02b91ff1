"""How a schedule problem names its place: a TOML syntax error in Polish, an entry by title.

Used by notifier.core.schedule_toml so every message says where, as city staff find it.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from notifier.core.schedule import shorten

_TOML_AT_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def toml_syntax_problem(exc: tomllib.TOMLDecodeError) -> str:
    """Tell in Polish where the TOML syntax breaks; tomllib's own words follow as a detail."""
    detail = str(exc)
    at = _TOML_AT_RE.search(detail)
    if at:
        where = f"w wierszu {at[1]}, kolumna {at[2]}"
        detail = detail[: at.start()]
    else:
        where = "na końcu pliku"
        detail = detail.removesuffix(" (at end of document)")
    return (
        f"błąd składni TOML {where}: prosimy sprawdzić cudzysłowy, nawiasy i znak „=” w tym miejscu "
        f"i wierszu wyżej (komunikat parsera: {detail})"
    )


# --- validation ----------------------------------------------------------------------------


def quoted_title(title: Any) -> str:
    """' („title…”)' for a readable title, else nothing: identifies an entry in a message."""
    if not isinstance(title, str) or not title.strip():
        return ""
    return f" („{shorten(title)}”)"


def printed_as(table: dict[str, Any]) -> str:
    """How staff find a task in the print: its printed number and the start of its title."""
    number = table.get("number")
    title = table.get("title")
    ok = isinstance(number, (str, int)) and not isinstance(number, bool)
    number = str(number).strip() if ok else ""
    short = f"„{shorten(title)}”" if isinstance(title, str) and title.strip() else ""
    if number and short:
        return f" (nr w druku {number}: {short})"
    if number:
        return f" (nr w druku {number})"
    return f" ({short})" if short else ""
