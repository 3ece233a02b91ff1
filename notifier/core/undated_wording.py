"""Does a period without dates read as one? The words cities print where no date is given.

The period reader (notifier.core.periods) takes any text without date words as undated and
keeps it as the note: "-", "Tryb ustawy o zatrudnieniu socjalnym", "w trybie art. 19a", "do
wyczerpania środków", "w zależności od decyzji Ministerstwa", "po uchwaleniu budżetu", "Zakup
usługi", "Zadanie wieloletnie (w trakcie realizacji)". But a name or any other words in the
period ("Jan Kowalski", "Wydział Kultury" — a column shifted, a cell pasted wrong) would leave
the task out of every calendar without a word, and so would digits alone ("46100": a
spreadsheet's date that lost its format, or any number). Such wordings speak of a procedure, a
condition or a time: they hold at least one word of that vocabulary (below, matched at a
word's start, diacritics and case aside). A text without any is no period: `notifier check`
warns (naming the task and the words), the office's draft marks the row, and the importer
refuses a table whose period column mostly holds such texts. The one rule of all three.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from notifier.core.echo import in_quotes
from notifier.core.periods import PeriodError, parse_period
from notifier.core.spans import UndatedPeriod

_FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")

# the words of procedures, conditions and time, folded (no diacritics), lower case: whole
# words, and stems matched at a word's start
_WORDS = frozenset((
    "art", "ust", "pkt", "par", "rok", "roku", "lat", "lata", "dni", "dnia", "dat", "data",
    "do", "od", "po", "we", "na", "nie", "nd", "wg", "bez", "zob", "tura", "etap", "n/d", "§",
    "tbc", "tbd",
))  # fmt: skip
_STEMS = (
    "tryb", "ustaw", "kodeks", "regulamin", "procedur", "zasad", "przepis", "rozporzadz", "zarzadzen", "uchwal", "dotycz", "planuj", "planowan",
    "przewid", "brak", "wyczerpan", "zalezn", "zalezy", "podpis", "przyjec", "przyjet",
    "oglosz", "oglasz", "otrzyma", "zatwierdz", "rozpatrz", "rozstrzyg", "uplyw", "publikac",
    "opublikow", "niezwlocz", "termin", "miare", "biezac", "wniosk", "wniosek", "potrzeb",
    "zgodn", "ciagl", "calorocz", "corocz", "dzien", "tydz", "tygodn", "miesiac", "kwartal",
    "polroc", "okres", "czasu", "trakc", "realizac", "konkurs", "nabor", "umow", "wieloletn",
    "dwuletn", "trzyletn", "kontynuac", "ministr", "wojewod", "marszal", "budzet", "srodk",
    "decyzj", "zadani", "zakup", "uslug", "zlecen", "zleca", "dotac", "powierz", "wspar",
    "grant", "regrant", "pozakonkurs", "ustal", "okresl", "uzgodn", "podan", "wybor", "sezon",
    "wakac", "ferii", "ferie", "semestr", "ewentual", "odwolan", "wynik", "ofert", "zloz",
    "nastep", "kolejn", "pozniej", "wczesniej", "sukcesyw", "rund", "edycj", "cykl", "stal",
    "ciag", "nieokresl", "zawiesz", "anulow", "rezygn", "przesun", "zmian", "aktualiz",
    "wedlug", "patrz", "uwag", "obecn", "aktualn", "juz", "jeszcze", "wczes",
    "potem", "wkrotce", "niebawem", "dopiero", "jesien", "wiosn", "latem", "zim", "koniec",
    "konca", "poczat", "polow", "srod",
)  # fmt: skip
_WORD_RE = re.compile(r"n/d|§|[^\W\d_]+", re.IGNORECASE)


def _known(word: str) -> bool:
    return word in _WORDS or word.startswith(_STEMS)


def undated_wording_problem(text: str) -> str | None:
    """Why the words of an undated period are no period (Polish: "nie wygląda na termin: …"),
    or None for a recognised undated wording (a dash or nothing included)."""
    words = [w.translate(_FOLD).lower() for w in _WORD_RE.findall(text)]
    if not words and any(c.isdigit() for c in text):
        return _number_problem(text)
    if not words or any(_known(w) for w in words):
        return None
    return (
        f"nie wygląda na termin: {in_quotes(text)} — to nie daty ani słowa, którymi miasta opisują "
        "zadanie bez terminu (np. „Tryb ustawy o zatrudnieniu socjalnym”, „w trybie art. 19a”, "
        "„do wyczerpania środków”, „po uchwaleniu budżetu”)"
    )


# Excel counts days from 30 December 1899 (serial 61 is 1 March 1900): a date cell that lost
# its format shows its serial ("46100"); one in the years harmonograms have is named as such
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = range((date(2000, 1, 1) - _EXCEL_EPOCH).days, (date(2100, 1, 1) - _EXCEL_EPOCH).days)


def _number_problem(text: str) -> str:
    """The problem of a period of digits alone ("46100", "12 345", "1/2"): no month, no word,
    so no date a reader can be sure of; an Excel date serial is named with its day."""
    shown = " ".join(text.split())
    serial = ""
    if shown.isascii() and shown.isdigit() and int(shown) in _SERIALS:
        day = _EXCEL_EPOCH + timedelta(days=int(shown))
        serial = (
            f"; jeśli to data z arkusza, która straciła format daty, {shown} to w Excelu "
            f"{day.day:02d}.{day.month:02d}.{day.year} — proszę wpisać termin tak, jak go "
            "wydrukowano"
        )
    return (
        f"nie wygląda na termin: {in_quotes(shown)} — to same cyfry, bez miesiąca i bez słowa, "
        f"więc nie wiadomo, jaki to dzień{serial}"
    )


def period_wording_problem(text: str, year: int, as_of: date | None = None) -> str | None:
    """undated_wording_problem of a printed period that the period reader takes as undated
    with words; None for a dated one, a dash, or one that does not read (the reader's own
    message says why, elsewhere)."""
    try:
        period = parse_period(text, year, as_of)
    except PeriodError:
        return None
    if isinstance(period, UndatedPeriod) and period.note:
        return undated_wording_problem(period.note)
    return None
