"""How a schedule problem names its place: a TOML syntax error in Polish, an entry by title.

Used by notifier.core.schedule_toml so every message says where, as city staff find it.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from notifier.core.echo import ECHO_CHARS, cut, echoed
from notifier.core.input_rules import MAX_YEAR, MIN_YEAR
from notifier.core.schedule import shorten
from notifier.core.toml_dates import impossible_date_problem

_TOML_AT_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")

# tomllib's messages (Python 3.11–3.13, Lib/tomllib/_parser.py) in Polish; "{0}" is what the
# message quotes (a key, a character). A message not here is left out, never shown in English.
_TOML_MESSAGES = (
    (r"Cannot declare (.+) twice", "klucz „{0}” podany drugi raz"),
    (r"Cannot overwrite a value", "wartość podana drugi raz"),
    (
        r"Cannot mutate immutable namespace (.+)",
        "„{0}” jest już zapisane w całości, nie można dopisać",
    ),
    (r"Cannot redefine namespace (.+)", "sekcja [{0}] podana drugi raz"),
    (r"Duplicate inline table key (.+)", "klucz {0} powtórzony w nawiasach {{ }}"),
    (r"Escaped character is not a Unicode scalar value", "niepoprawny kod znaku po \\u"),
    (r"Expected '=' after a key in a key/value pair", "brak znaku „=” po kluczu"),
    (r"Expected '\]' at the end of a table declaration", "brak „]” na końcu nagłówka sekcji"),
    (r"Expected '\]\]' at the end of an array declaration", "brak „]]” na końcu nagłówka [[…]]"),
    (
        r"Expected newline or end of document after a statement",
        "po wartości dalszy tekst w tym samym wierszu – w wierszu może być jedna wartość",
    ),
    (r"Expected ('.+')", "oczekiwano {0}"),
    (r"(?:Found invalid|Illegal) character (.+)", "niedozwolony znak {0}"),
    (r"Invalid date or datetime", "niepoprawna data lub godzina (RRRR-MM-DD)"),
    (r"Invalid hex value", "niepoprawny kod szesnastkowy"),
    (r"Invalid initial character for a key part", "niedozwolony pierwszy znak klucza"),
    (r"Invalid statement", "oczekiwano klucz = wartość albo nagłówek [sekcji]"),
    (
        r"Invalid value",
        "niepoprawna wartość: tekst w cudzysłowie, liczba, data, [lista] albo {{ tabela }}",
    ),
    (r"Unclosed array", "niezamknięta lista [ ]"),
    (r"Unclosed inline table", "niezamknięta tabela {{ }}"),
    (r"Unescaped '\\' in a string", "pojedynczy „\\” w tekście (proszę napisać \\\\)"),
    (r"Unterminated string", "niezamknięty cudzysłów"),
)


def _dotted(quoted: str) -> str:
    """A key as tomllib quotes it, "('a', 'b')", as the file writes it: "a.b"."""
    if quoted.startswith("(") and quoted.endswith(")"):
        return ".".join(re.findall(r"'([^']*)'", quoted)) or quoted
    return quoted


def _polish_toml_message(detail: str) -> str | None:
    """tomllib's `detail` in Polish (what it quotes cut short), or None if unknown."""
    for pattern, polish in _TOML_MESSAGES:
        found = re.fullmatch(pattern, detail)
        if found is not None:
            return polish.format(*(cut(_dotted(g), ECHO_CHARS) for g in found.groups()))
    return None


def toml_syntax_problem(exc: tomllib.TOMLDecodeError, text: str = "") -> str:
    """Tell in Polish where the TOML syntax breaks and, when known, what the parser found; a
    date or time that is well formed but impossible in `text` ("2025-02-29", month 13, hour
    25) is named as such, with its line and no syntax advice (core.toml_dates)."""
    detail = str(exc)
    at = _TOML_AT_RE.search(detail)
    if at:  # the parser stops inside such a literal, or after its year (month 13, day 32)
        lines = text.split("\n")
        line = int(at[1])
        impossible = (
            impossible_date_problem(lines[line - 1], int(at[2])) if line <= len(lines) else None
        )
        if impossible is not None:
            return f"{line}: {impossible}"
    if at:
        where = f"w wierszu {at[1]}, kolumna {at[2]}"
        detail = detail[: at.start()]
    else:
        where = "na końcu pliku"
        detail = detail.removesuffix(" (at end of document)")
    said = _polish_toml_message(detail)
    return (
        f"błąd składni TOML {where}: prosimy sprawdzić cudzysłowy, nawiasy i znak „=” w tym miejscu "
        f"i wierszu wyżej" + (f" ({said})" if said else "")
    )


# --- validation ----------------------------------------------------------------------------


def year_problem(year: object) -> str | None:
    """Why a harmonogram's `year` is refused, by what it is (a text, another kind of value,
    a number out of range), or None for a year the service can render."""
    if isinstance(year, str):
        return f"year musi być rokiem bez cudzysłowu, np. year = 2024 (jest {echoed(year)})"
    if isinstance(year, bool) or not isinstance(year, int):
        return f"year musi być rokiem, np. year = 2024 (jest {echoed(year)})"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {echoed(year)} spoza zakresu lat {MIN_YEAR}–{MAX_YEAR}, np. year = 2024"
    return None


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
