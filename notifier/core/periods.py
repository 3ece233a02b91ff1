"""Parse periods as the city prints them ("Marzec/Kwiecień 2024", "II, III kwartał roku 2024").

`parse_period(text, default_year)` turns one printed period into a half-open span of whole
days [start, end). The grammar, case-insensitive, dashes (-, –, —) all alike, with the filler
words "w", "od", "przez", "cały", "w ciągu", "przełom", … and "r." / "rok" / "roku" ignored:

    month run     MONTH [YEAR] (SEP MONTH [YEAR])*     "Marzec/Kwiecień 2024", "od marca do maja"
    quarter run   NUM (SEP NUM)* kwartał [YEAR]        "II, III kwartał roku 2024", "II–IV kw."
    half          NUM połowa|półrocze [YEAR]           "II połowa 2024 r.", "I półrocze"
    year          [YEAR]                               "2024", "cały rok", "w ciągu roku"

MONTH is a month name in the nominative, genitive or locative (diacritics optional) or a
numeric "MM.YYYY" / "M/YYYY". NUM is Roman (I–XII) or Arabic. SEP is "-" or "do" (a range)
or ",", "/", "i", "oraz" (a list, whose items must follow one another). A month without a year
takes the next year printed after it, else `default_year`. A dash or an empty text is undated;
so is a phrase with no date words ("Tryb ustawy o zatrudnieniu socjalnym"), kept as the note,
unless it is one two-letter word close to a month name ("Mj"): that is taken for a typo.
Anything else raises PeriodError with a message in Polish naming the text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from itertools import pairwise

from notifier.core.errors import NotifierError


class PeriodKind(StrEnum):
    MONTH = "month"
    MONTHS = "months"
    QUARTER = "quarter"
    QUARTERS = "quarters"
    HALF_YEAR = "half-year"
    YEAR = "year"
    UNDATED = "undated"


class PeriodError(NotifierError):
    """The printed text is not a period we understand; the message names the text."""


@dataclass(frozen=True)
class Period:
    """A half-open span [start, end) of whole days, or no span at all (undated).

    `text` is the period exactly as printed. For an undated period, `note` keeps a phrase
    that carries meaning ("Tryb ustawy o zatrudnieniu socjalnym"); a bare dash gives None.
    """

    text: str
    kind: PeriodKind
    start: date | None = None
    end: date | None = None
    note: str | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None


MIN_YEAR = 1900
MAX_YEAR = 2199

# Nominative, genitive, locative; the nominative comes first and is used in messages.
MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("styczeń", "stycznia", "styczniu"),
    ("luty", "lutego", "lutym"),
    ("marzec", "marca", "marcu"),
    ("kwiecień", "kwietnia", "kwietniu"),
    ("maj", "maja", "maju"),
    ("czerwiec", "czerwca", "czerwcu"),
    ("lipiec", "lipca", "lipcu"),
    ("sierpień", "sierpnia", "sierpniu"),
    ("wrzesień", "września", "wrześniu"),
    ("październik", "października", "październiku"),
    ("listopad", "listopada", "listopadzie"),
    ("grudzień", "grudnia", "grudniu"),
)
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

_QUARTER_WORDS = ("kwartał", "kwartały", "kwartale", "kwartału", "kwartałach", "kwartałów", "kw")
_HALF_WORDS = ("połowa", "połowie", "połowy", "połowę", "półrocze", "półroczu", "półrocza")
_FILLERS = ("w", "we", "od", "przez", "cały", "całym", "ciągu", "przełom", "przełomie", "na")
_FOLD = str.maketrans("ąćęłńóśźż", "acelnoszz")


def _fold(word: str) -> str:
    """Lower-case and drop Polish diacritics, so "PAŹDZIERNIK" and "pazdziernik" look alike."""
    return word.lower().translate(_FOLD)


# folded word -> (token kind, value)
_VOCAB: dict[str, tuple[str, int]] = {
    **{_fold(w): ("month", n) for n, forms in enumerate(MONTH_NAMES, 1) for w in forms},
    **{_fold(w): ("quarter", 0) for w in _QUARTER_WORDS},
    **{_fold(w): ("half", 0) for w in _HALF_WORDS},
    **{_fold(w): ("filler", 0) for w in _FILLERS},
    **dict.fromkeys(("rok", "roku", "r"), ("yearword", 0)),
    **{r.lower(): ("num", n) for n, r in enumerate(ROMAN) if r},
    "i": ("and", 0),  # Roman one or the conjunction; decided by what precedes it
    "oraz": ("list", 0),
    "do": ("range", 0),
}
# Words worth suggesting for a misspelling, folded -> as printed.
_HINTS: dict[str, str] = {
    _fold(w): w for w in (*(f for fs in MONTH_NAMES for f in fs), "kwartał", "połowa", "półrocze")
}
_MONTH_LIKE = [w for w, (kind, _) in _VOCAB.items() if kind in ("month", "quarter", "half")]

_TOKEN_RE = re.compile(
    r"""
      (?P<nummonth>(?<![0-9])[0-9]{1,2}[./-][0-9]{4}(?![0-9]))
    | (?P<number>[0-9]+)
    | (?P<word>[^\W\d_]+)\.?
    | (?P<sep>[-/,])
    | (?P<skip>[\s.]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_DASHES_RE = re.compile("[\u2010-\u2015\u2212]")


@dataclass(frozen=True)
class _Tok:
    kind: str  # month, num, year, quarter, half, yearword, filler, and, list, range, unknown
    raw: str
    value: int = 0
    year: int | None = None


class _Invalid(Exception):
    """Internal: why the text is not a period; parse_period wraps it into PeriodError."""


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    for match in _TOKEN_RE.finditer(text):
        group = match.lastgroup or "other"
        raw = match.group(group)
        if group == "skip":
            continue
        if group == "nummonth":
            month, year = re.split("[./-]", raw)
            tokens.append(_Tok("month", raw, int(month), int(year)))
        elif group == "number" and len(raw) <= 2:
            tokens.append(_Tok("num", raw, int(raw)))
        elif group == "number" and len(raw) == 4:
            tokens.append(_Tok("year", raw, int(raw)))
        elif group == "word":
            kind, value = _VOCAB.get(_fold(raw), ("unknown", 0))
            tokens.append(_Tok(kind, raw, value))
        elif group == "sep":
            tokens.append(_Tok("range" if raw == "-" else "list", raw))
        else:
            tokens.append(_Tok("unknown", raw))
    return tokens


def _is_date_word(tok: _Tok) -> bool:
    """A month (or a near miss of one), a quarter/half word, "rok"/"roku" or a 4-digit year."""
    if tok.kind == "unknown":
        near = len(tok.raw) >= 3 and difflib.get_close_matches(_fold(tok.raw), _MONTH_LIKE, 1, 0.8)
        return bool(near)
    return tok.kind in ("month", "year", "quarter", "half") or tok.raw.lower() in ("rok", "roku")


_MONTH_FORMS = {_fold(w): w for forms in MONTH_NAMES for w in forms}


def _lone_month_typo(tokens: list[_Tok]) -> str | None:
    """The month a period of one two-letter word ("Mj", "Lu") was most likely meant to be.

    Longer near misses are caught as date words anyway; a two-letter word is only suspect
    when it stands alone, since inside a phrase it is far more likely an ordinary word.
    """
    if len(tokens) != 1 or tokens[0].kind != "unknown" or len(tokens[0].raw) != 2:
        return None
    close = difflib.get_close_matches(_fold(tokens[0].raw), _MONTH_FORMS, n=1, cutoff=0.65)
    return _MONTH_FORMS[close[0]] if close else None


def _unknown(raw: str) -> _Invalid:
    close = difflib.get_close_matches(_fold(raw), _HINTS, n=1, cutoff=0.6)
    hint = f' — czy chodziło o "{_HINTS[close[0]]}"?' if close else ""
    what = "nieznane słowo" if raw.isalpha() else "nieznany znak"
    return _Invalid(f'{what} "{raw}"{hint}')


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Invalid(f"rok {year} spoza zakresu {MIN_YEAR}–{MAX_YEAR}")


def _significant(tokens: list[_Tok]) -> list[_Tok]:
    """Validate words and numbers, drop fillers, and resolve "i" (Roman one or "and")."""
    out: list[_Tok] = []
    for tok in tokens:
        if tok.kind == "unknown":
            raise _unknown(tok.raw)
        if tok.kind == "year":
            _check_year(tok.value)
        if tok.kind == "month" and tok.year is not None:
            if not 1 <= tok.value <= 12:
                raise _Invalid(f'miesiąc {tok.value} w "{tok.raw}" nie istnieje (są 1–12)')
            _check_year(tok.year)
        if tok.kind in ("filler", "yearword"):
            continue
        if tok.kind == "and":
            after_item = bool(out) and out[-1].kind in ("month", "num", "year")
            tok = _Tok("list", tok.raw) if after_item else _Tok("num", tok.raw, 1)
        out.append(tok)
    return out


def _chain(values: list[int], seps: list[str], name: Callable[[int], str]) -> tuple[int, int]:
    """First and last of a run; a range ("-", "do") must ascend, a list must go one by one."""
    for (a, b), sep in zip(pairwise(values), seps, strict=True):
        if b == a:
            raise _Invalid(f"{name(a)} podano dwa razy")
        if b < a:
            raise _Invalid(f"{name(a)} i {name(b)} są w odwrotnej kolejności")
        if sep == "list" and b != a + 1:
            raise _Invalid(
                f"{name(a)} i {name(b)} nie następują po sobie, więc nie tworzą jednego okresu"
            )
    return values[0], values[-1]


def _month_name(index: int) -> str:
    return f"{MONTH_NAMES[index % 12][0]} {index // 12}"


def _month_run(
    items: list[_Tok], seps: list[str], default_year: int
) -> tuple[int, int, PeriodKind]:
    years: list[int] = []
    next_year = default_year
    for tok in reversed(items):  # a month without a year takes the next year printed after it
        next_year = tok.year if tok.year is not None else next_year
        years.insert(0, next_year)
    indices = [year * 12 + tok.value - 1 for tok, year in zip(items, years, strict=True)]
    for a, b in pairwise(indices):
        if a % 12 == 11 and b == a - 11:
            raise _Invalid(
                f"{_month_name(a)} – {_month_name(b)}: na przełomie roku prosimy podać rok przy każdym "
                'miesiącu, np. "grudzień 2024 – styczeń 2025"'
            )
    first, last = _chain(indices, seps, _month_name)
    return first, last + 1, PeriodKind.MONTH if first == last else PeriodKind.MONTHS


def _numbered(
    items: list[_Tok], seps: list[str], unit: _Tok, year: int
) -> tuple[int, int, PeriodKind]:
    limit = 4 if unit.kind == "quarter" else 2
    for tok in items:
        if not 1 <= tok.value <= limit:
            what = "kwartału" if unit.kind == "quarter" else "połowy roku"
            raise _Invalid(f"nie ma {what} {tok.raw} (są {'I–IV' if limit == 4 else 'I i II'})")
    if unit.kind == "half":
        if len(items) > 1:
            raise _Invalid('prosimy podać jedną połowę roku (cały rok to "cały rok")')
        half = items[0].value
        return year * 12 + 6 * (half - 1), year * 12 + 6 * half, PeriodKind.HALF_YEAR
    first, last = _chain([t.value for t in items], seps, lambda q: f"{ROMAN[q]} kwartał")
    kind = PeriodKind.QUARTER if first == last else PeriodKind.QUARTERS
    return year * 12 + 3 * (first - 1), year * 12 + 3 * last, kind


def _parse(tokens: list[_Tok], default_year: int) -> tuple[int, int, PeriodKind]:
    """Month indices (year * 12 + month - 1) [start, end) and the kind."""
    if not MIN_YEAR <= default_year <= MAX_YEAR:
        raise _Invalid(f"rok domyślny {default_year} spoza zakresu {MIN_YEAR}–{MAX_YEAR}")
    sig = _significant(tokens)

    def kind_at(pos: int) -> str:
        return sig[pos].kind if pos < len(sig) else ""

    items: list[_Tok] = []
    seps: list[str] = []
    pos = 0
    while kind_at(pos) in ("month", "num"):
        item = sig[pos]
        pos += 1
        if item.kind == "month" and item.year is None and kind_at(pos) == "year":
            item = replace(item, year=sig[pos].value)
            pos += 1
        items.append(item)
        if kind_at(pos) not in ("list", "range") or kind_at(pos + 1) not in ("month", "num"):
            break
        seps.append(sig[pos].kind)
        pos += 1
    unit = sig[pos] if kind_at(pos) in ("quarter", "half") else None
    pos += unit is not None
    year = sig[pos].value if kind_at(pos) == "year" else None
    pos += year is not None
    if pos < len(sig):
        after = f' po "{sig[pos - 1].raw}"' if pos else ""
        raise _Invalid(f'niezrozumiały fragment "{sig[pos].raw}"{after}')

    if not items:
        if unit is not None:
            example = "II kwartał 2024" if unit.kind == "quarter" else "II połowa 2024"
            raise _Invalid(f'brak numeru przed "{unit.raw}", np. "{example}"')
        year = default_year if year is None else year
        return year * 12, year * 12 + 12, PeriodKind.YEAR
    if all(t.kind == "month" for t in items):
        if unit is not None:
            raise _Invalid(f'po nazwie miesiąca nie może stać "{unit.raw}"')
        if year is not None:
            raise _Invalid(f"rok {year} podano po roku już przypisanym do miesiąca")
        return _month_run(items, seps, default_year)
    if all(t.kind == "num" for t in items):
        if unit is None:
            raise _Invalid('po numerze brakuje słowa "kwartał" albo "połowa"')
        return _numbered(items, seps, unit, default_year if year is None else year)
    raise _Invalid("pomieszano miesiące z numerami kwartałów")


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def parse_period(text: str, default_year: int) -> Period:
    """Parse one printed period; a period without a year falls in `default_year`.

    Raises PeriodError (message in Polish, naming the text) when the text has date words in
    it but is not a period: an unknown month, a quarter V, a backwards or gapped run, ….
    """
    stripped = text.strip()
    normalized = _DASHES_RE.sub("-", stripped)
    if not normalized.replace("-", "").strip():
        return Period(text=stripped, kind=PeriodKind.UNDATED)
    tokens = _tokenize(normalized)
    if not any(_is_date_word(tok) for tok in tokens):
        month = _lone_month_typo(tokens)
        if month is not None:
            raise PeriodError(
                f'nie rozpoznano okresu "{stripped}": nieznane słowo "{tokens[0].raw}" '
                f'— czy chodziło o "{month}"? (zadanie bez terminu oznacz "-")'
            )
        return Period(text=stripped, kind=PeriodKind.UNDATED, note=stripped)
    try:
        start, end, kind = _parse(tokens, default_year)
    except _Invalid as exc:
        raise PeriodError(f'nie rozpoznano okresu "{stripped}": {exc}') from None
    return Period(text=stripped, kind=kind, start=_month_start(start), end=_month_start(end))
