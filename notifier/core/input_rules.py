"""What any value entering the service must be, one rule per kind, whichever door it comes
through (a harmonogram file, `announce`, a form, a query, the importer):

- text holds no control characters: C0 but tab, line feed and carriage return, DEL, C1, and
  U+FFFE/U+FFFF — XML (Atom) refuses them, RFC 5545 forbids them in calendars (strict clients
  drop the whole feed), and an ESC sequence would reach the operator's terminal;
- nor the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
  one left open in a title reverses whatever a page, an email subject, a calendar or a
  terminal prints after it (Unicode TR #9; "Trojan Source", CVE-2021-42574). Refused at
  entry, like the C0 controls, so one rule covers every output; the marks LRM, RLM and ALM
  (U+200E, U+200F, U+061C) stay allowed: they reorder nothing after them, and right-to-left
  text needs them;
- a whole number is ASCII digits only, and not many: `str.isdigit()` accepts "²" and "①",
  which `int()` refuses, and `int()` of 5,000 digits is slow or refused;
- a day lies in MIN_YEAR–MAX_YEAR, so that every feed, page and email can render it (a day
  at the end of year 9999 has no next day, and calendars and Atom feeds compute some).
"""

from __future__ import annotations

import re
from datetime import date

MIN_YEAR = 1900
MAX_YEAR = 2199

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN_RE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff{_BIDI_CONTROLS}]")
_BIDI_RE = re.compile(f"[{_BIDI_CONTROLS}]")
_WHOLE_NUMBER_RE = re.compile(r"[0-9]+")


def forbidden_char_problem(text: str) -> str | None:
    """Why `text` is refused (Polish, naming the first forbidden character and where it is),
    or None if it may be taken."""
    found = _FORBIDDEN_RE.search(text)
    if found is None:
        return None
    kind = "znak sterujący kierunkiem pisma" if _BIDI_RE.match(found[0]) else "znak sterujący"
    return (
        f"zawiera niedozwolony {kind} U+{ord(found[0]):04X} (na pozycji "
        f"{found.start() + 1}) – proszę go usunąć"
    )


def without_forbidden_chars(text: str) -> tuple[str, int]:
    """`text` with every forbidden character removed, and how many were."""
    return _FORBIDDEN_RE.subn("", text)


def escaped_forbidden_chars(text: str) -> str:
    """`text` with every forbidden character written as its escape ("\\x07", "\\u202e"):
    for what is shown but not taken, such as a file's name."""
    return _FORBIDDEN_RE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def whole_number(text: str, max_digits: int = 9) -> int | None:
    """The whole number `text` spells in ASCII digits (surrounding spaces allowed), at most
    `max_digits` of them; None for anything else ("", "-1", "²", "①", "1e3", 5,000 digits)."""
    text = text.strip()
    if len(text) > max_digits or not _WHOLE_NUMBER_RE.fullmatch(text):
        return None
    return int(text)


def day_problem(day: date) -> str | None:
    """Why `day` is refused (Polish), or None if it lies in MIN_YEAR–MAX_YEAR."""
    if MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    return f"data {day.isoformat()} spoza zakresu lat {MIN_YEAR}–{MAX_YEAR}"
