"""Does a task read as a task? The guard against a nonsense import, whatever the reader.

A text that was not a harmonogram's table (prose, a call's announcement, a page's menu) can
still give "tasks" to a reader that guesses: a title that is a label ("Kwota na konkurs:
1.500.000 zł"), a date ("listopad 2022"), a number or an amount, or a fragment of a sentence
("oraz wspieranie inicjatyw"), or a paragraph holding several labelled lines. Each such
title is named with the reason (Polish); the importer warns of a few and refuses a document
where most tasks are such (notifier.core.importing.review).
"""

from __future__ import annotations

import re

from notifier.core.importing.quoting import printed
from notifier.core.periods import DatedPeriod, PeriodError, parse_period
from notifier.core.polish import plural

# "<words>: <text>": a labelled line, where the words name what a harmonogram's column or a
# call's section would ("Kwota na konkurs: …", "I. Rodzaj zadania: …", "Termin realizacji: …")
_LABELLED_RE = re.compile(r"([^\W\d_][^:.;]{0,60}?)\s*:\s*\S")
_KNOWN_LABEL_RE = re.compile(
    r"termin|kwot|środk|komórk|wydział|realizator|nazwa zadania|priorytet|uwagi|okres|data"
    r"|miesiąc|rodzaj zadania|wysokość|budżet|źródło|\btryb",
    re.IGNORECASE,
)
_OTHER_DATE_RE = re.compile(r"realizac|składani|rozstrzyg|wynik|naboru ofert", re.IGNORECASE)
_AMOUNT_RE = re.compile(r"^(?=\D*\d)[\d\s.,x×/()%-]+(zł|pln|tys\.?|mln)?\.?$", re.IGNORECASE)
_FRAGMENT_START_RE = re.compile(r"^(oraz|lub|albo|i|a|czy|że|tj\.?|w tym|np\.?)\s", re.IGNORECASE)
# a page's furniture: "Strona 1 z 1", "Załącznik nr 1 do Zarządzenia nr …" (no task's name)
_FURNITURE_RE = re.compile(
    r"^(strona\s+\d+(\s*(z|/)\s*\d+)?\b|str\.\s*\d|załącznik\s+(nr\s*)?\d+\s+do\s)",
    re.IGNORECASE,
)
_ROMAN_DATE_RE = re.compile(r"(?=.*\d)[IVX\d\s.,/–-]+(r\.|roku)?", re.IGNORECASE)
_MAX_TITLE = 600  # Białystok's longest, a name and its description, is ~430 characters
_MAX_WORD = 60  # "techniczno-chemiczno-ekologicznego”)" is 38; an address is a link
_LINK_RE = re.compile(r"^(https?://|www\.)", re.IGNORECASE)


def title_problem(title: str, year: int) -> str | None:
    """Why `title` does not read as a task's name (Polish, for the review), or None. An
    over-long text is named as such before any other reading (whose work grows with it)."""
    text = " ".join(title.split())
    if len(text) > _MAX_TITLE:
        return _too_long(text)
    longest = max(text.split(), key=len, default="")
    if len(longest) > _MAX_WORD and not _LINK_RE.match(longest):
        return _no_words(longest)
    letters = [c for c in text if c.isalpha()]
    if not letters or _AMOUNT_RE.match(text):
        return "to liczba lub kwota, nie nazwa zadania"
    if _FURNITURE_RE.match(text):
        return "to numer strony albo nagłówek załącznika, nie nazwa zadania"
    for label in _LABELLED_RE.finditer(text):
        if _KNOWN_LABEL_RE.search(label.group(1)):
            if label.start() == 0:
                return f"wygląda na wiersz z etykietą („{label.group(1)}: …”), nie na nazwę zadania"
            return (
                "zawiera wiersze z etykietami (termin, kwota…): to kilka wierszy tekstu, nie nazwa"
            )
    try:
        period = parse_period(text, year)
    except PeriodError:
        period = None
        if _ROMAN_DATE_RE.fullmatch(text):  # "III 2026", "XII.2026": a month or a quarter
            return "wygląda na termin, nie na nazwę zadania"
    # a date with a remark in brackets ("Maj 2026 (planowany)") is still a date: the kind of
    # blind round three's m13, a sheet whose one row was "Maj 2026" in every cell
    if isinstance(period, DatedPeriod) and (not period.note or _bracketed(period.note, text)):
        return "wygląda na termin, nie na nazwę zadania"
    if len(letters) < 3:
        return "za krótka na nazwę zadania"
    # not ";" or "," at the end: a harmonogram's tasks are often items of a list ("rewitalizacji;")
    if text.endswith(("-", "–", ":")) or text[0] in ",;:.)]" or _FRAGMENT_START_RE.match(text):
        return "wygląda na urywek zdania"
    return None


def _too_long(text: str) -> str:
    """The reason for a title over _MAX_TITLE characters: paragraphs, or no words at all."""
    n = len(text)
    longest = max(text.split(), key=len)
    if len(longest) > _MAX_WORD and not _LINK_RE.match(longest):
        return _no_words(longest)
    return f"ma {n} {plural(n, 'znak', 'znaki', 'znaków')}: to raczej kilka akapitów niż nazwa"


def _no_words(longest: str) -> str:
    n = len(longest)
    return (
        f"zawiera ciąg {n} {plural(n, 'znaku', 'znaków', 'znaków')} bez odstępu "
        f"({printed(longest, 20)}): to nie słowa nazwy zadania"
    )


def _bracketed(note: str, text: str) -> bool:
    """Whether `note` is a remark in brackets of `text`, of at most three words."""
    return len(note.split()) <= 3 and f"({note})" in text.replace("( ", "(").replace(" )", ")")


def period_oddity(period: str, year: int) -> str | None:
    """Why a period cell is no announcement's period, or None: a labelled other date
    ("Termin realizacji: od 1 czerwca 2021"), or a date followed by more words than a remark
    ("2023 rok - konkursy ofert na zadania z zakresu kultury, …"): a sentence."""
    label = _LABELLED_RE.match(period)
    if label and _OTHER_DATE_RE.search(label.group(1)):
        return f"termin {printed(period, 50)} to inny termin (realizacji, składania ofert), nie ogłoszenia"
    try:
        read = parse_period(period, year)
    except PeriodError:
        return None
    if isinstance(read, DatedPeriod) and read.note and len(read.note.split()) > 8:
        return f"termin {printed(period, 50)} to zdanie, nie termin ogłoszenia"
    return None
