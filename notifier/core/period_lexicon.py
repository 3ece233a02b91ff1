"""Framing words of printed periods that change nothing, rewritten before the grammar reads.

Clerks frame a plain window in words that carry no date: "w terminie od … do …", "b.r.",
"(poniedziałek)", "godz. 15:30", "od: 2025-02-01 do: 2025-02-21". `frame(text)` rewrites
such a text into the grammar's own forms and returns what it set aside (the hour of a
deadline, the event a window starts at) for the period's note, so nothing printed is lost.

Only words whose meaning is certain are rewritten; words that change the meaning ("po",
"przed", "około", "na początku") are left alone, so the grammar reads them exactly or refuses.
The entries were collected from real harmonogramy and calls; `LEXICON_SOURCES` names a public
document for each (tests/core/period_corpus.toml holds the whole wordings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WEEKDAYS = "poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela"
_MONTH_WORD = r"(?:stycz|lut|mar|kwie|maj|czerw|lip|sierp|wrze|paźdz|pazdz|listop|grud)[^\W\d_]*"
_DATE = r"(?:\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}\s+" + _MONTH_WORD + r")"
_I = re.IGNORECASE


@dataclass(frozen=True)
class Framed:
    """A period text with its framing rewritten; `kept` holds what was set aside for the note
    ("godz. 15:30", "od dnia ogłoszenia")."""

    text: str
    kept: tuple[str, ...] = ()


# (pattern, replacement): each rewrites one framing to the grammar's own words.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # ISO dates "2025-03-14" become "14.03.2025"
    (re.compile(r"(?<![\d.])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d.])"), r"\3.\2.\1"),
    # form labels "od: … do: …"
    (re.compile(r"\b(od|do)\s*:", _I), r"\1 "),
    # a weekday in brackets "(poniedziałek)"
    (re.compile(rf"\(\s*(?:{_WEEKDAYS})\s*\)", _I), " "),
    # "b.r.", "br.", "r.b.", "rb.", "tego roku": the current year
    (re.compile(r"(?<=\d{4})\s*(?:r\.\s*)?(?:b\.\s*r\.|br\.?|r\.\s*b\.|rb\.)", _I), " r. "),
    (re.compile(r"(?<![^\W\d_])(?:b\.\s*r\.|br\.|r\.\s*b\.|rb\.)", _I), " bieżącego roku "),
    (re.compile(r"\b(?:br|rb)\s*$", _I), " bieżącego roku"),
    (re.compile(r"\btego\s+roku\b", _I), "bieżącego roku"),
    # "w ciągu 21 dni od dnia ogłoszenia, tj. do 10 marca 2025 r.": the date after "tj." counts
    (re.compile(r"^.*?,?\s*\btj\.?\s+(?=(?:do|od|w|dnia|\d))", _I | re.DOTALL), ""),
    # bounds "nie wcześniej niż X i nie później niż Y" are the window X–Y
    (
        re.compile(
            r"nie\s+wcze[sś]niej\s+ni[zż]\s+(.+?)\s*(?:,|i|oraz|a)\s+nie\s+p[oó][zź]niej\s+ni[zż]\s+",
            _I,
        ),
        r"od \1 do ",
    ),
    (re.compile(r"^\s*nie\s+wcze[sś]niej\s+ni[zż]\s+", _I), "od "),
    # whole-year phrasings
    (re.compile(r"\b(rok|roku)\s+(?:budżetow|kalendarzow)[^\W\d_]*", _I), r"\1"),
    (re.compile(r"\bcałego\s+roku?\b", _I), "cały rok"),
    # framing nouns before a date or a month
    (re.compile(r"\bw\s+(?:terminie|okresie|dniach|dniu)\b:?", _I), " "),
    (re.compile(r"\bw\s+miesi[aą]c(?:u|ach)\b", _I), " w "),
    # two dates side by side whose dash a PDF lost: "3 marca 24 marca 2025 r."
    (re.compile(rf"^(\s*(?:od\s+)?{_DATE}(?:\s+\d{{4}})?(?:\s*r\.)?)\s+(?={_DATE})", _I), r"\1 - "),
)
_HOUR = re.compile(
    r",?\s*(?:do\s+)?(?:godz\.?|godziny|godzinie|g\.)?\s*(?<![\d.:/])(\d{1,2})[:.](\d{2})(?![\d.:/])"
    r"(?:\s*(?:godz\.?|h))?",
    _I,
)
_HOUR_AFTER_DATE = re.compile(r"(?:\d{4}|r\.|roku|[^\W\d_]{3,})\s*,?\s*$", _I)
_EVENT_START = re.compile(
    r"^\s*od\s+(?:dnia\s+)?((?:ogłoszenia|zawarcia|podpisania|rozstrzygnięcia|przekazania)"
    r"[^\d]*?)\s+(?=do\b)",
    _I,
)


def frame(text: str) -> Framed:
    """Rewrite the framing words of one period (dashes already "-"); see the module doc.

    An hour ("godz. 15:30", "16:00") is set aside only where it follows a date, so it never
    widens or shifts a day window; a start tied to an event ("od dnia ogłoszenia do 15 maja
    2025 r.") becomes a deadline whose end is the printed date, the event kept for the note.
    """
    kept: list[str] = []
    out = text
    for pattern, replacement in _REWRITES[:3]:
        out = pattern.sub(replacement, out)
    out = _strip_hours(out, kept)
    for pattern, replacement in _REWRITES[3:]:
        out = pattern.sub(replacement, out)
    event = _EVENT_START.match(out)
    if event:
        kept.append(f"od {event.group(1).strip()}")
        out = out[event.end() :]
    return Framed(re.sub(r"\s+", " ", out).strip(), tuple(kept))


def _strip_hours(text: str, kept: list[str]) -> str:
    out: list[str] = []
    pos = 0
    for match in _HOUR.finditer(text):
        hour, minute = int(match.group(1)), int(match.group(2))
        before = text[pos : match.start()]
        has_word = "godz" in match.group(0).lower() or ":" in match.group(0)
        if not (hour <= 23 and minute <= 59 and has_word):
            continue
        if not _HOUR_AFTER_DATE.search(text[: match.start()]):
            continue
        out.append(before)
        kept.append(f"godz. {hour}:{minute:02d}")
        pos = match.end()
    out.append(text[pos:])
    return " ".join(out)


# Where each framing was found in print (one public document per entry; more in the corpus).
_NGO = "https://fundusze.ngo.pl/399638-ogloszenie-w-sprawie-otwartego-konkursu-ofert-na-"
_OLSZTYN = "https://powiat-olsztynski.pl/otwarty-konkurs-ofert-na-wykonanie-zadan-publicznych-"
_SZCZYTNO = "https://powiatszczycienski.pl/2502,Przedluzenie-terminu-rozstrzygniecia-otwartego-"
LEXICON_SOURCES: dict[str, tuple[str, str]] = {
    "hour": ("od 25.11.2022 do 18.12.2022 23:59", _NGO + "realizacje-zadania-publicznego-…"),
    "w terminie": ("w terminie do 27 września 2024 r.", _OLSZTYN + "zwiazany-ii.html"),
    "do dnia": ("do dnia 29 stycznia 2016 r.", _SZCZYTNO + "konkursu-ofert-na-2016-r.html"),
}
