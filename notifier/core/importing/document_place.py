"""Whose harmonogram a document is: the city it names and the place-and-date line it is signed
with, and whether these agree with the city and year it is imported as.

Cities print their name in the document around the table: "Prezydent Miasta Konina",
"Urząd Miejski w Koninie", "Uchwała Rady Miejskiej Leszna", "GMINA MIEJSKA KALISZ", "Miasto
Kalisz", "Burmistrz Gniezna", and sign it "Kalisz, 30.11.2026 r." or "Leszno, dnia 30 listopada
2026 r." (that date is the document's `as_of` when no "stan na dzień" is printed). The name is
declined ("Konina", "Koninie"), so two names are one city when they share their first letters
(notifier.core.importing.document_place.same_city) — "Konin"/"Koninie", "Leszno"/"Lesznie",
"Łódź"/"Łodzi" — never "Konin"/"Kalisz". Pure: text in, values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from notifier.core.importing.document_dates import DATE_RE, fold
from notifier.core.importing.document_dates import date_of as _date_of
from notifier.core.periods import DatedPeriod, PeriodError, PeriodKind, parse_period

_UP = "A-ZĄĆĘŁŃÓŚŹŻ"
_LOW = "a-ząćęłńóśźż"
_WORD = rf"[{_UP}][{_UP}{_LOW}]+"
_NAME = rf"{_WORD}(?:(?:-| ){_WORD})?"
# a lead naming the city's office or council, then the name (nominative: True when the lead
# is followed by the name's first case: "Miasto Kalisz", "Gmina Miejska Kalisz")
_LEADS = (
    (r"gmin[aą]\s+miejsk[aą]|gmin[aą]\s+miasto|miasto|urząd\s+miasta\s+i\s+gminy", True),
    (
        (
            r"(?:prezydent(?:a|em)?|burmistrz(?:a|em)?|rad(?:a|y|zie)|urz(?:ąd|ędu|ędzie)"
            r"|sekretarz(?:a)?|skarbnik(?:a)?)\s+(?:stołecznego\s+)?miasta(?:\s+stołecznego)?"
            r"|urz(?:ąd|ędu|ędzie)\s+miejsk(?:i|iego|im)\s+w|rad(?:a|y|zie)\s+miejsk(?:a|iej)(?:\s+w)?"
            r"|urz(?:ąd|ędu)\s+gminy(?:\s+w)?|wójt(?:a)?\s+gminy|burmistrz(?:a)?|prezydent(?:a)?"
            r"|miasta"
        ),
        False,
    ),
)
# between the lead and the name: spaces and at most one line break; a blank line ends the
# phrase ("Sesje Rady Miasta", a page's heading, then "Organizacje pozarządowe" below it)
_GAP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"
_NAMED_RES = tuple(
    (re.compile(rf"(?<![{_LOW}{_UP}])(?i:{lead}){_GAP}(?P<name>{_NAME})"), nominative)
    for lead, nominative in _LEADS
)
_NOT_NAMES = {"stołecznego", "na", "w", "i", "ds", "do"}
# a signature line: "Kalisz, 30.11.2026 r.", "Leszno, dnia 30 listopada 2026 r."
_PLACE_DATE_RE = re.compile(
    rf"^\s*(?P<place>{_NAME}),\s*(?:(?i:dnia|dn\.)\s*)?(?P<date>\d.{{5,25}}?)\s*(?:r\.?|roku)?\s*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Named:
    """A city the document names: `name` as printed (declined or not), the `phrase` it was
    printed in, and whether `name` is its first case (a signature, "Miasto Kalisz")."""

    name: str
    phrase: str
    nominative: bool


def place_and_date(text: str) -> tuple[str, date, str] | None:
    """The first signature line of `text` ("Kalisz, 30.11.2026 r.") as (place, day, the line
    as printed), or None."""
    for found in _PLACE_DATE_RE.finditer(text):
        day_text = fold(found.group("date"))
        day = DATE_RE.match(day_text)
        if day is None or day.end() < len(day_text.rstrip(" .r")) - 1:
            continue
        value = _date_of(day)
        if value is not None:
            return found.group("place"), value, " ".join(found.group(0).split())
    return None


def cities_named(text: str) -> list[Named]:
    """The cities `text` names, in order, each name once (its first phrase)."""
    found: list[tuple[int, Named]] = []
    signed = place_and_date(text)
    if signed is not None:
        found.append((text.find(signed[2].split(",")[0]), Named(signed[0], signed[2], True)))
    for pattern, nominative in _NAMED_RES:
        for match in pattern.finditer(text):
            name = match.group("name")
            if name.split()[0].lower() in _NOT_NAMES:
                continue
            found.append((match.start(), Named(name, " ".join(match.group(0).split()), nominative)))
    out: dict[str, Named] = {}
    for _, named in sorted(found, key=lambda x: x[0]):
        out.setdefault(_key(named.name), named)
    return list(out.values())


def city_in(named: list[Named]) -> Named | None:
    """The city a document is of, from the cities it names (cities_named), by its first case
    ("Miasto Kalisz", "Kalisz, 30.11.2026") when every city it names is that one; None
    otherwise (no name in its first case, or two cities)."""
    first = next((n for n in named if n.nominative), None)
    if first is None or any(not same_city(first.name, n.name) for n in named):
        return None
    name = first.name.title() if first.name.isupper() else first.name  # "GMINA MIEJSKA KALISZ"
    return Named(name, first.phrase, True)


def _key(name: str) -> str:
    return fold(name).lower()


def same_city(a: str, b: str) -> bool:
    """Are `a` and `b` one city's name, declined or not ("Konin", "Koninie"; "Gniezno",
    "Gnieźnie"; "Łódź", "Łodzi")? Their first letters (diacritics aside) must agree: four,
    or all but the last of a shorter name."""
    x, y = _key(a), _key(b)
    common = 0
    for p, q in zip(x, y, strict=False):
        if p != q:
            break
        common += 1
    return common >= min(4, min(len(x), len(y)) - 1)


def other_cities(city: str, named: list[Named]) -> list[Named]:
    """The cities named that are not `city` (an office uploading another city's page)."""
    return [n for n in named if not same_city(city, n.name)]


def periods_outside(periods: list[str], year: int) -> list[str]:
    """The periods (as printed) that fall outside the harmonogram's `year` by their own printed
    year: starting before October of the year before or after its end (the rule of `notifier
    check`'s warning); undated ones and periods without a year are never outside."""
    earliest, after = date(year - 1, 10, 1), date(year + 1, 1, 1)
    out = []
    for text in periods:
        if not re.search(r"\b(19|20)\d\d\b", text):
            continue
        try:
            period = parse_period(text, year)
        except PeriodError:
            continue
        if not isinstance(period, DatedPeriod):
            continue
        first = period.windows[0].last_day if period.kind == PeriodKind.DEADLINE else period.start
        if first < earliest or first >= after:
            out.append(text)
    return out


def place_problems(
    city: str,
    year: int,
    named: list[Named],
    printed_year: tuple[int, str] | None,
    periods: list[str],
) -> list[str]:
    """What says the document is not `city`'s harmonogram for `year` (Polish, one line each):
    another city it names, the year its title or text names (`printed_year`: the year and
    where it was read), periods printed with a year outside `year`. [] when nothing does."""
    out = []
    others = other_cities(city, named)
    if others:
        shown = ", ".join(f"„{n.phrase}”" for n in others[:3])
        out.append(f"dokument wymienia inne miasto niż {city}: {shown}")
    if printed_year is not None and printed_year[0] != year:
        out.append(
            f"dokument jest harmonogramem na rok {printed_year[0]} ({printed_year[1]}), "
            f"a ma być zapisany jako harmonogram na rok {year}"
        )
    outside = periods_outside(periods, year)
    if outside:
        shown = ", ".join(f"„{p}”" for p in list(dict.fromkeys(outside))[:3])
        out.append(
            f"{len(outside)} z {len(periods)} terminów wypada poza rokiem {year}, np. {shown}"
        )
    return out


def printed_year(text: str) -> tuple[int, str] | None:
    """The year and where it was read from a draft's hidden field "2027|tytuł „…”" (the
    document's own year, carried by the office's draft form), or None."""
    year, _, where = text.partition("|")
    return (int(year), where or "tekst dokumentu") if year.isdigit() and len(year) == 4 else None
