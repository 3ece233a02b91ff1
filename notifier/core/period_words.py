"""The words and tokens of printed periods: month names, numerals, fillers, typo hints.

notifier.core.periods builds the grammar on these tokens; this module only says what each
word is ("marca" is March, "kw." is a quarter, "najpóźniej" opens a deadline).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# The range of every day the service takes, and the names of invisible characters: one rule,
# notifier.core.input_rules.
from notifier.core.input_rules import INVISIBLE_NAMES, MAX_YEAR, MIN_YEAR

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
# Instrumental ("między marcem a kwietniem"), read but never used in messages.
MONTH_INSTRUMENTAL = (
    "styczniem", "lutym", "marcem", "kwietniem", "majem", "czerwcem",
    "lipcem", "sierpniem", "wrześniem", "październikiem", "listopadem", "grudniem",
)  # fmt: skip
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ORDINALS = (
    ("pierwszy", "pierwsza", "pierwsze", "pierwszym", "pierwszej", "pierwszego"),
    ("drugi", "druga", "drugie", "drugim", "drugiej", "drugiego"),
    ("trzeci", "trzecia", "trzecie", "trzecim", "trzeciej", "trzeciego"),
    ("czwarty", "czwarta", "czwarte", "czwartym", "czwartej", "czwartego"),
)
MULTI_YEAR_WORDS = {
    stem: f"konkurs {stem}"
    for stem in ("wieloletni", "dwuletni", "trzyletni", "czteroletni", "pięcioletni")
}

# and the instrumental "między III kwartałem 2022 a II kwartałem 2023", "przed półroczem" (refused)
_QUARTER_WORDS = (
    "kwartał", "kwartały", "kwartale", "kwartału", "kwartałach", "kwartałów", "kwartałem", "kw",
)  # fmt: skip
_HALF_WORDS = (
    "połowa", "połowie", "połowy", "połowę", "połową", "poł", "półrocze", "półroczu", "półrocza",
    "półroczem", "półr",
)  # fmt: skip
# "I dekada kwietnia", "w III dekadzie maja", "3-cia dekada marca": days 1–10, 11–20, 21–end.
_DECADE_WORDS = ("dekada", "dekadzie", "dekady", "dekadę", "dekadą", "dekad", "dek")
_FILLERS = (
    "w", "we", "przez", "cały", "całym", "ciągu", "trakcie", "przełom", "przełomie", "na", "dnia", "dn",
    "latach", "lata", "tryb", "trybie", "konkurs", "konkursu", "pod", "włącznie",
)  # fmt: skip
_FOLD = str.maketrans("ąćęłńóśźż", "acelnoszz")


def fold(word: str) -> str:
    """Lower-case and drop Polish diacritics, so "PAŹDZIERNIK" and "pazdziernik" look alike."""
    return word.lower().translate(_FOLD)


def _multi_year_forms() -> dict[str, tuple[str, int]]:
    out = {}
    for index, stem in enumerate(MULTI_YEAR_WORDS):
        for ending in ("", "ego", "a", "e", "m"):
            out[fold(stem + ending)] = ("multiyear", index)
    return out


# Words that change the window (before/after, an alternative end, an estimate): never skipped.
_APPROXIMATE = (
    "okolo", "ok", "orientacyjnie", "orientacyjny", "orientacyjna", "orientacyjne", "szacowany",
    "szacowana", "szacowane", "szacunkowo", "szacunkowy", "przyblizeniu", "przyblizony",
    "przyblizona", "mniej", "wiecej",
)  # fmt: skip
_MEANING_WORDS = ("po", "przed", "lub", "albo", "badz", "ewentualnie", *_APPROXIMATE)
# folded word -> (token kind, value)
VOCAB: dict[str, tuple[str, int]] = {
    **{fold(w): ("month", n) for n, forms in enumerate(MONTH_NAMES, 1) for w in forms},
    **{fold(w): ("month", n) for n, w in enumerate(MONTH_INSTRUMENTAL, 1)},
    **{fold(w): ("quarter", 0) for w in _QUARTER_WORDS},
    **{fold(w): ("half", 0) for w in _HALF_WORDS},
    **{fold(w): ("decade", 0) for w in _DECADE_WORDS},
    **{fold(w): ("filler", 0) for w in _FILLERS},
    **{fold(w): ("num", n) for n, forms in enumerate(ORDINALS, 1) for w in forms},
    **_multi_year_forms(),
    **dict.fromkeys(("rok", "roku", "r"), ("yearword", 0)),
    **dict.fromkeys(("nowego", "biezacego"), ("relyear", 0)),
    # "przyszłego roku", "w roku ubiegłym" as period_clauses writes them: the year after, before
    "rokpozniej": ("relyear", 1),
    "rokwczesniej": ("relyear", -1),
    **dict.fromkeys(
        ("ostatni", "ostatnia", "ostatnie", "ostatnim", "ostatniej", "ostatniego", "ostatnią"),
        ("last", 0),
    ),
    **dict.fromkeys(("ciagly", "ciaglym", "biezaco", "calorocznie"), ("continuous", 0)),
    **dict.fromkeys(("najpozniej", "nie", "pozniej", "niz"), ("by", 0)),
    **dict.fromkeys(("konca", "koniec", "koncem", "koncu"), ("end", 0)),
    **dict.fromkeys(("poczatku", "poczatek", "poczatkiem"), ("vague", 0)),
    **dict.fromkeys(("nabor", "naboru", "nabory", "tura", "tury", "turze"), ("round", 0)),
    **dict.fromkeys(("pomiedzy", "miedzy"), ("between", 0)),
    **{r.lower(): ("num", n) for n, r in enumerate(ROMAN) if r},
    "i": ("and", 0),  # Roman one or the conjunction; decided by what precedes it
    "oraz": ("list", 0),
    "do": ("to", 0),
    "od": ("from", 0),
    "a": ("and_a", 0),  # "pomiędzy 1.04 a 30.04"
    **dict.fromkeys(_MEANING_WORDS, ("meaning", 0)),
}
# Words worth suggesting for a misspelling, folded -> as printed.
HINTS: dict[str, str] = {
    fold(w): w
    for w in (
        *(f for fs in MONTH_NAMES for f in fs),
        "kwartał",
        "połowa",
        "półrocze",
        "dekada",
        "najpóźniej",
        "ciągłym",
        "nabór",
        "terminie",
        "okresie",
        "włącznie",
        "bieżącego",
    )
}
UNITS = ("quarter", "half", "decade")  # the words a number before them counts
_MONTH_LIKE = [w for w, (kind, _) in VOCAB.items() if kind in ("month", *UNITS)]
_MONTH_FORMS = {fold(w): w for forms in MONTH_NAMES for w in forms}

TOKEN_RE = re.compile(
    r"""
      (?P<date>(?<![0-9])[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{4}(?![0-9]))
    | (?P<nummonth>(?<![0-9])[0-9]{1,2}[./-][0-9]{4}(?![0-9]))
    | (?P<number>[0-9]+)
    | (?P<word>[^\W\d_]+)\.?
    | (?P<sep>[-/,;:])
    | (?P<skip>[\s.()]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
DASHES_RE = re.compile("[\u2010-\u2015\u2212]")
FOOTNOTE_RE = re.compile(r"\*+|[\u00b9\u00b2\u00b3\u2070-\u2079]+")


@dataclass(frozen=True)
class Tok:
    """One token. kind: month, num, year, day, quarter, half, yearword, relyear, filler, and,
    list, range, round, to, from, by, end, vague, between, and_a, continuous, multiyear, meaning,
    unknown.

    A "day" token carries its whole date in `day`; a month with a printed year, its `year`.
    """

    kind: str
    raw: str
    value: int = 0
    year: int | None = None
    day: date | None = None

    @property
    def roman(self) -> bool:
        """A number written as a Roman numeral ("II" in "II kwartał")."""
        return self.kind == "num" and self.raw.upper() in ROMAN


class Invalid(Exception):
    """Internal: why the text is not a period; parse_period wraps it into PeriodError."""


def tokenize(text: str) -> list[Tok]:
    """Tokens of a period with its dashes already made "-" (footnote marks removed)."""
    tokens: list[Tok] = []
    for match in TOKEN_RE.finditer(text):
        group = match.lastgroup or "other"
        raw = match.group(group)
        if group == "skip":
            continue
        if group == "date":
            day, month, year = (int(p) for p in re.split("[./]", raw))
            check_year(year)
            try:
                tokens.append(Tok("day", raw, day, year, date(year, month, day)))
            except ValueError:
                raise Invalid(f'nie ma dnia "{raw}" w kalendarzu') from None
        elif group == "nummonth":
            numbers = re.split("[./-]", raw)
            tokens.append(Tok("month", raw, int(numbers[0]), int(numbers[1])))
        elif group == "number" and len(raw) <= 2:
            tokens.append(Tok("num", raw, int(raw)))
        elif group == "number" and len(raw) == 4:
            tokens.append(Tok("year", raw, int(raw)))
        elif group == "word":
            kind, value = VOCAB.get(fold(raw), ("unknown", 0))
            tokens.append(Tok(kind, raw, value))
        elif group == "sep":
            kind = {"-": "range", ";": "round_sep", ":": "colon"}.get(raw, "list")
            tokens.append(Tok(kind, raw))
        else:
            tokens.append(Tok("unknown", raw))
    return tokens


def check_year(year: int) -> None:
    """Invalid (Polish) for a year outside MIN_YEAR–MAX_YEAR (1900–2199)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"rok {year} spoza zakresu {MIN_YEAR}–{MAX_YEAR}")


def _near(word: str, choices: list[str] | dict[str, str], cutoff: float) -> str | None:
    """The closest choice to a misspelt word, only for a near miss: the same first letter and
    a length within two ("marzc" is "marzec"; "tego" is not "lutego", "okresie" not "wrzesień").
    """
    folded = fold(word)
    close = [
        c
        for c in difflib.get_close_matches(folded, choices, 3, cutoff)
        if c[:1] == folded[:1] and abs(len(c) - len(folded)) <= 2
    ]
    return close[0] if close else None


@functools.lru_cache(maxsize=4096)  # the same words again in every title of a long draft
def _month_like(raw: str) -> bool:
    """A near miss of a month or a unit word ("marzc")."""
    return _near(raw, _MONTH_LIKE, 0.8) is not None


def is_date_word(tok: Tok) -> bool:
    """A month (or a near miss of one), a date, a quarter/half word, a year, "roku", "ciągły"."""
    if tok.kind == "unknown":
        return len(tok.raw) >= 3 and _month_like(tok.raw)
    return tok.kind in ("month", "year", "day", *UNITS, "continuous") or (
        tok.raw.lower() in ("rok", "roku")
    )


def lone_month_typo(tokens: list[Tok]) -> str | None:
    """The month a period of one two-letter word ("Mj", "Lu") was most likely meant to be.

    Longer near misses are caught as date words anyway; a two-letter word is only suspect
    when it stands alone, since inside a phrase it is far more likely an ordinary word.
    """
    if len(tokens) != 1 or tokens[0].kind != "unknown" or len(tokens[0].raw) != 2:
        return None
    close = difflib.get_close_matches(fold(tokens[0].raw), _MONTH_FORMS, n=1, cutoff=0.65)
    return _MONTH_FORMS[close[0]] if close else None


# Ordinary words of period cells that look like a month to difflib but are none.
_ORDINARY = frozenset(
    fold(w)
    for w in (
        *("godzina", "godziny", "godzinie", "godz", "okresie", "tego", "terminie", "termin"),
        *("może", "wcześniej", "najwcześniej"),
    )
)


def unknown(raw: str) -> Invalid:
    """The error for a word or character we do not know, suggesting the word meant; a number
    that is neither a day nor a year ("Maj 99999999999999999999", "Maj 123") is called a
    number, and the ranges it could be in are named (blind10a M2)."""
    if raw.isascii() and raw.isdigit():
        shown = raw if len(raw) <= 12 else raw[:12] + "…"
        return Invalid(
            f'liczba "{shown}" nie jest ani dniem (1–31), ani rokiem ({MIN_YEAR}–{MAX_YEAR})'
        )
    close = None if fold(raw) in _ORDINARY else _near(raw, HINTS, 0.6)
    hint = f' — czy chodziło o "{HINTS[close]}"?' if close else ""
    what = "nieznane słowo" if raw.isalpha() else "nieznany znak"
    return Invalid(f"{what} {_shown(raw)}{hint}")


# Characters a clerk cannot see in the quote are named (Word and PDFs put them into cells).
_INVISIBLE = INVISIBLE_NAMES


def _shown(raw: str) -> str:
    """A refused word or character as a message quotes it: "x", or an invisible or format
    character by its code point ("U+200B (spacja o zerowej szerokości)")."""
    if len(raw) == 1 and (ord(raw) in _INVISIBLE or unicodedata.category(raw)[0] in "CZ"):
        name = _INVISIBLE.get(ord(raw))
        return f"U+{ord(raw):04X}" + (f" ({name})" if name else "")
    digit = unicodedata.decimal(raw, None) if len(raw) == 1 and not raw.isascii() else None
    if digit is not None:  # "２", "٢": a digit of another script, which looks like ours
        return f'"{raw}" (U+{ord(raw):04X}, cyfra innego pisma – proszę wpisać {digit})'
    return f'"{raw}"'


def meaning(raw: str) -> Invalid:
    """The error for a word that changes the window ("po", "przed", "około"): never skipped.
    An estimate ("ok.", "około", "orientacyjnie") is not read as an exact window either: the
    clerk keeps the print and gives the window the office means beside it."""
    if fold(raw) in _APPROXIMATE:
        return Invalid(
            f"„{raw}{'.' if fold(raw) == 'ok' else ''}” znaczy, że termin jest przybliżony, a dokładnych dni druk nie podaje — "
            "proszę zostawić druk i dopisać obok window z dniami, które mają trafić do "
            'kalendarza (np. window = "1–10 marca {YEAR}")'
        )
    return Invalid(
        f'słowo "{raw}" zmienia termin, więc nie można go pominąć — proszę podać dni '
        '(np. "1–10 marca {YEAR}") albo termin "do 10 marca {YEAR}"'
    )


def vague(raw: str) -> Invalid:
    """The Invalid (Polish) for an imprecise period ("na początku marca", "w połowie"), with
    examples of what to write instead."""
    return Invalid(
        f'„{raw}” to termin nieprecyzyjny — proszę podać dni (np. "1–10 marca {{YEAR}}"), '
        'połowę miesiąca ("w I połowie marca") albo termin "do 10 marca {YEAR}"'
    )
