"""A cheap look at a harmonogram's TOML text before it is parsed: shapes no harmonogram has
and that make the parser (tomllib) exhaust the process are refused first.

- Bracket nesting (`[[[[…` or `{a = {b = {…`) deeper than MAX_NESTING: tomllib recurses once
  per level, and 1,000 levels (2 kB) raise RecursionError.
- Dotted keys (`a.a.a… = 1`, `[a.a.a…]`) of more than MAX_KEY_PARTS parts: tomllib keeps every
  prefix of such a key, so memory grows with the square of its length (40 kB took 1.5 GB).
- Numbers of more than MAX_DIGITS digits: Python refuses to convert an integer of over 4,300
  digits (ValueError), and no amount or year needs more than a dozen.

After parsing, forbidden_text_problems finds control characters and line breaks in every key
and text of what was parsed, and visible_strings removes invisible format characters from every
text, saying where: one walk over the whole file, so no field, old or new, can skip either.

Pure and linear in the text: strings and comments are set aside by one regular expression, the
rest is looked at with the `re` engine and str methods, nothing per character in Python except
the brackets.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from notifier.core.echo import echoed
from notifier.core.input_rules import forbidden_char_problem, visible_text
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_messages import toml_syntax_problem

MAX_NESTING = 20
MAX_KEY_PARTS = 20
MAX_DIGITS = 40

# Strings (multi-line first) and comments; whichever starts first wins, as in TOML itself.
_STRING_OR_COMMENT_RE = re.compile(
    r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]++|\\.)*+"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
)
_BRACKET_RE = re.compile(r"[\[\]{}]")
_SEPARATORS = r"\n=,{}\[\]"
# A run between separators with more than MAX_KEY_PARTS - 1 dots; anchored at a run's start so
# that each run is looked at once.
_DOTTED_RE = re.compile(
    rf"(?:^|(?<=[{_SEPARATORS}]))[^{_SEPARATORS}.]*(?:\.[^{_SEPARATORS}.]*){{{MAX_KEY_PARTS}}}"
)
_LONG_NUMBER_RE = re.compile(
    rf"(?<![0-9A-Za-z_])(?:0[xob](?:[0-9A-Fa-f]_?){{{MAX_DIGITS + 1}}}|(?:[0-9]_?){{{MAX_DIGITS + 1}}})"
)


def _blanked(match: re.Match[str]) -> str:
    """A string becomes one letter (its lines kept, so line numbers stay); a comment nothing."""
    text = match[0]
    return "" if text.startswith("#") else "S" + "\n" * text.count("\n")


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def toml_shape_problems(text: str) -> list[str]:
    """Why the TOML `text` is refused before parsing (Polish; empty if it may be parsed):
    nesting deeper than MAX_NESTING, a key of more than MAX_KEY_PARTS parts, a number of more
    than MAX_DIGITS digits. Each kind is named once, at its first line."""
    bare = _STRING_OR_COMMENT_RE.sub(_blanked, text)
    problems = []
    depth = 0
    for bracket in _BRACKET_RE.finditer(bare):
        depth += 1 if bracket[0] in "[{" else -1
        if depth > MAX_NESTING:
            problems.append(
                f"zbyt głębokie zagnieżdżenie w wierszu {_line(bare, bracket.start())}: więcej "
                f"niż {MAX_NESTING} poziomów nawiasów [ ] lub {{ }} – plik harmonogramu ma "
                "najwyżej kilka"
            )
            break
    dotted = _DOTTED_RE.search(bare)
    if dotted is not None:
        problems.append(
            f"zbyt głębokie zagnieżdżenie w wierszu {_line(bare, dotted.start())}: klucz z "
            f"ponad {MAX_KEY_PARTS} członami rozdzielonymi kropkami (a.b.c…)"
        )
    number = _LONG_NUMBER_RE.search(bare)
    if number is not None:
        problems.append(
            f"liczba za długa w wierszu {_line(bare, number.start())}: co najmniej "
            f"{MAX_DIGITS + 1} cyfr – kwoty i lata mają po kilka"
        )
    return problems


_LINE_BREAK_RE = re.compile("[\n\r\u2028\u2029]")


def line_break_problem(text: str) -> str | None:
    """Why a harmonogram's text holding a line break is refused (Polish), or None: every text
    of the file is one line (a name, a title, a period, an address…), and a "\\r\\n" would
    start a new header line in an email."""
    found = _LINE_BREAK_RE.search(text)
    if found is None:
        return None
    return (
        f"zawiera znak końca wiersza U+{ord(found[0]):04X} (na pozycji {found.start() + 1}) – "
        "każdy tekst pliku harmonogramu zapisuje się w jednym wierszu"
    )


def forbidden_text_problems(raw: object, where: str = "") -> list[str]:
    """Every key and text of parsed TOML holding a control character or a line break
    (Polish, one per value, named by its place, e.g. "departments[2].tasks[1].title"): a TOML
    escape such as "\\u0007" or "\\r\\n" lets one in where the raw character would be a
    syntax error."""
    problems = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            place = f"{where}.{key}" if where else key
            problem = forbidden_char_problem(key) or line_break_problem(key)
            if problem is not None:
                problems.append(f"klucz {echoed(key)} {problem}")
            problems += forbidden_text_problems(value, place)
    elif isinstance(raw, list):
        for index, value in enumerate(raw, start=1):
            problems += forbidden_text_problems(value, f"{where}[{index}]")
    elif isinstance(raw, str):
        problem = forbidden_char_problem(raw) or line_break_problem(raw)
        if problem is not None:
            problems.append(f"{where}: tekst {problem}")
    return problems


def visible_strings(raw: Any, where: str = "") -> tuple[Any, list[str]]:
    """Parsed TOML with the invisible format characters removed from every text
    (input_rules.visible_text), and a note (Polish) per text that had some, named by its
    place as in forbidden_text_problems."""
    notes: list[str] = []
    if isinstance(raw, dict):
        out = {}
        for key, value in raw.items():
            out[key], found = visible_strings(value, f"{where}.{key}" if where else key)
            notes += found
        return out, notes
    if isinstance(raw, list):
        items = []
        for index, value in enumerate(raw, start=1):
            item, found = visible_strings(value, f"{where}[{index}]")
            items.append(item)
            notes += found
        return items, notes
    if isinstance(raw, str):
        text, note = visible_text(raw)
        return text, [f"{where}: {note}"] if note else []
    return raw, notes


def read_toml(text: str, source: str) -> dict[str, Any]:
    """The parsed TOML `text`; ScheduleError (Polish) for a shape refused before parsing
    (toml_shape_problems), a syntax error, anything else the parser fails on, or a control
    character in what it gives (forbidden_text_problems)."""
    shape = toml_shape_problems(text)
    if shape:
        raise ScheduleError(source, shape)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(source, [toml_syntax_problem(exc, text)]) from None
    except RecursionError:
        raise ScheduleError(source, ["zbyt głębokie zagnieżdżenie nawiasów"]) from None
    except ValueError:  # an integer too long for int() (over 4,300 digits)
        raise ScheduleError(source, ["liczba za długa"]) from None
    controls = forbidden_text_problems(raw)
    if controls:
        raise ScheduleError(source, controls)
    return raw


def not_utf8_problem(data: bytes, start: int) -> str:
    """Why bytes that are not UTF-8 are refused (Polish): what they look like — UTF-16 by
    its byte order mark, else a one-byte code page such as Windows-1250 — and the line of
    the first byte that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "plik jest zapisany w UTF-16 – proszę zapisać go jako UTF-8"
    line = data.count(b"\n", 0, start) + 1
    return (
        f"plik nie jest zapisany w UTF-8: bajt 0x{data[start]:02X} w wierszu {line} (może to "
        "Windows-1250 albo ISO-8859-2) – proszę zapisać plik jako UTF-8"
    )
