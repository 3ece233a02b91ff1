"""The dates a harmonogram document prints about itself: its "stan na dzień" and its year.

"as of": a lead-in — "stan na dzień", "stan na:", "wg stanu na", "według stanu na dzień",
"stan z dnia", "aktualizacja:", "data aktualizacji", "zaktualizowano" — then a date as
printed: "30.11.2026", "30-11-2026", "2026-11-30", "30 listopada 2026 r.", "30 XI 2026",
"30 lis. 2026", in any case, a month name in any declension.

The year: a phrase naming it — "na rok 2027", "na 2027 rok", "w 2027 roku", "W 2027 ROKU",
"w roku 2027", "rok 2027", "na 2027", "2027 r." — never a date's year (a resolution "z dnia 30
listopada 2026 r." for the plan of 2027) nor a number's ("Nr XLII/123/2026"); else, as a last
resort, a year in the document's file name ("harmonogram_2027.xlsx",
"Zalacznik-nr-1-2027.pdf"). Pure: text in, values out.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from notifier.core.period_words import MONTH_NAMES, ROMAN

_PL = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
_FOLD = str.maketrans(_PL, "acelnoszzACELNOSZZ")  # one character for one: positions kept

_MONTHS = {
    **{w.translate(_FOLD): n for n, forms in enumerate(MONTH_NAMES, 1) for w in forms},
    **{forms[0].translate(_FOLD)[:3]: n for n, forms in enumerate(MONTH_NAMES, 1)},
    **{r.lower(): n for n, r in enumerate(ROMAN) if r},
}
_NUMERIC = r"(?P<d>\d{1,2})\s*(?P<s>[./-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>(?:19|20)\d\d)"
_ISO = r"(?P<iy>(?:19|20)\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
_WORDS = r"(?P<wd>\d{1,2})\.?\s*(?P<wm>[a-z]{1,12})\.?\s*(?P<wy>(?:19|20)\d\d)"
DATE_RE = re.compile(rf"(?<![\d.])(?:{_NUMERIC}|{_ISO}|{_WORDS})(?!\d)", re.IGNORECASE)
_LEAD = (
    r"(?:(?:wg\.?|wedlug)\s+stanu\s+na(?:\s+dzien)?|stan\s+(?:na|z)(?:\s+(?:dzien|dnia))?"
    r"|(?:data\s+)?(?:ostatniej\s+)?aktualizacj[ai]|(?:zaktualizowano|aktualizowano)(?:\s+dnia)?)"
)
AS_OF_RE = re.compile(rf"\b{_LEAD}\s*[:–-]?\s*(?:dnia\s+)?(?P<date>\S.{{0,30}})", re.IGNORECASE)

_STRONG = (
    r"\bna\s+rok\s+(?P<a>20\d\d)",
    r"\bna\s+(?P<b>20\d\d)\s*(?:r\.|rok\b|roku\b)",
    r"\bw\s+(?:roku\s+)?(?P<c>20\d\d)\s*(?:r\.|roku\b)",
    r"\bw\s+roku\s+(?P<d>20\d\d)",
    r"\brok(?:u|iem)?\s+(?P<e>20\d\d)\b",
    r"\bna\s+(?P<f>20\d\d)\b(?![./-]\d)",
)
_YEAR_PHRASE_RE = re.compile("|".join(_STRONG), re.IGNORECASE)
_YEAR_WEAK_RE = re.compile(r"(?<![\d/.-])(?P<y>20\d\d)\s*(?:r\.|rok\b|roku\b)", re.IGNORECASE)
_NAME_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def fold(text: str) -> str:
    """`text` with Polish letters as plain ones, the same length (positions kept)."""
    return text.translate(_FOLD)


def date_of(found: re.Match[str]) -> date | None:
    if found.group("d"):
        parts = found.group("y", "m", "d")
    elif found.group("iy"):
        parts = found.group("iy", "im", "id")
    else:
        month = _MONTHS.get(found.group("wm").lower())
        if month is None:
            return None
        parts = (found.group("wy"), str(month), found.group("wd"))
    try:
        return date(*(int(p) for p in parts))
    except ValueError:
        return None


def as_of_in(text: str) -> tuple[date, str] | None:
    """The first "stan na dzień …" (or "wg stanu na", "aktualizacja:", …) date of `text` and
    the words it was printed as, or None."""
    folded = fold(text)
    for lead in AS_OF_RE.finditer(folded):
        found = DATE_RE.match(folded, lead.start("date"))
        if found is None:
            continue
        day = date_of(found)
        if day is not None:
            return day, " ".join(text[lead.start() : found.end()].split())
    return None


# the lead-ins that name nothing but the document's own date ("aktualizacja" alone may be a
# task's word: "Aktualizacja programu …")
_FOOTER_LEAD_RE = re.compile(
    r"[^\w]*(?:(?:wg\.?|wedlug)\s+stanu\s+na|stan\s+(?:na|z)\s+(?:dzien|dniu|dnia)\b"
    r"|stan\s+na\s*:|data\s+(?:ostatniej\s+)?aktualizacji\b)",
    re.IGNORECASE,
)
FOOTER_CHARS = 60  # a "stan na dzień" line is short; a longer one is a sentence


def as_of_unread(text: str) -> str | None:
    """The first line of `text` that is a "stan na dzień …" footer whose date does not read
    ("stan na dzień 31.11.2026", "stan na dzień ……", "stan na: listopad 2026"), as printed
    (white space normalised), or None — also when the text has a readable one."""
    if as_of_in(text) is not None:
        return None
    for line in text.splitlines():
        shown = " ".join(line.split())
        if len(shown) <= FOOTER_CHARS and _FOOTER_LEAD_RE.match(fold(shown)):
            return shown
    return None


def as_of_footer(text: str) -> bool:
    """Is `text` a "stan na dzień" footer, its date readable (as_of_in) or not (as_of_unread)?
    The one rule every reader ends a table at: an unread footer is no task's words."""
    return as_of_in(text) is not None or as_of_unread(text) is not None


def year_phrase(text: str) -> tuple[int, str] | None:
    """The year a text names as its harmonogram's ("na rok 2027", "W 2027 ROKU", "2027 r.")
    and the phrase as printed; dates and numbers such as "123/2026" are not years; None."""
    folded = DATE_RE.sub(lambda m: " " * len(m.group(0)), fold(text))
    for pattern in (_YEAR_PHRASE_RE, _YEAR_WEAK_RE):
        found = pattern.search(folded)
        if found:
            year = next(g for g in found.groups() if g)
            return int(year), " ".join(text[found.start() : found.end()].split())
    return None


def year_in_name(filename: str) -> int | None:
    """The one year in a document's file name ("harmonogram_2027.xlsx" -> 2027), or None
    (none, or two different)."""
    years = set(_NAME_YEAR_RE.findall(PurePath(filename).stem))
    return int(years.pop()) if len(years) == 1 else None
