"""What a piece of printed text is: a period, a department heading, a scope, a numbered task.

Period cells are told from task cells by the period reader (notifier.core.periods): a text is
a period when it reads as a dated period, is a dash, or is one of the phrases cities print in
the period column ("Tryb ustawy o zatrudnieniu socjalnym", "nie dotyczy", "w trybie ciągłym").
"""

from __future__ import annotations

import re
from datetime import date

from notifier.core.period_words import FOOTNOTE_RE
from notifier.core.periods import DatedPeriod, PeriodError, parse_period
from notifier.core.spans import PeriodKind
from notifier.core.task_period import read_period

_PHRASE_PERIOD_RE = re.compile(
    r"^(tryb\b|w trybie\b|nie dotyczy|nie planuje|brak\b|n/d$|bez konkursu|—$|–$|-$|\s*$)",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*[).]\s*(?=\S)")
SCOPE_RE = re.compile(r"^zadania\s+(w\s+zakresie|z\s+zakresu)\b", re.IGNORECASE)
YEAR_RE = re.compile(r"\b(20\d\d)\b")


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(text.split())


def period_or_none(text: str, year: int) -> str | None:
    """The printed period (whitespace normalised) if `text` is a period cell, else None."""
    text = normalise(text)
    if _PHRASE_PERIOD_RE.match(text):
        return text
    try:
        period = parse_period(text, year)
    except PeriodError:
        return None
    return text if isinstance(period, DatedPeriod) else None


_PRINTED_YEAR_RE = re.compile(r"\b(19|2[01])\d\d\b|['’]\d\d\b")


def year_assumed(text: str, year: int) -> bool:
    """A dated period printed without a year ("listopad", "II kwartał", "do 15 marca"): the
    period reader reads it in the harmonogram's `year`, which a plan for `year` adopted in the
    autumn before may not mean ("listopad" of year - 1), so a person must confirm it."""
    if _PRINTED_YEAR_RE.search(FOOTNOTE_RE.sub(" ", text)):  # "31.03.2027¹": a year, a mark
        return False
    try:
        period = parse_period(text, year)
    except PeriodError:
        return False
    # "w trybie ciągłym", "cały rok": the harmonogram's whole year, no month to doubt
    whole = (PeriodKind.CONTINUOUS, PeriodKind.YEAR)
    return isinstance(period, DatedPeriod) and period.kind not in whole


def period_problem(text: str, year: int, as_of: date | None) -> str | None:
    """The period reader's message (Polish) when a period cell does not read, else None; by
    the rule `check` applies to the written file (notifier.core.task_period.read_period), so
    an hour the clocks skip ("do 28 marca 2027 r. godz. 2:30") does not read either."""
    try:
        parse_period(text, year, as_of)
    except PeriodError as exc:
        return str(exc)
    problems: list[str] = []
    read_period({"period": text}, "", year, as_of, lambda _where, why: problems.append(why))
    return problems[0] if problems else None


_YEAR_LIKE_RE = re.compile(r"\b\d{4}\b")
_PART_RE = re.compile(r"[^\s:()\[\];,]+")


def dates_printed_in(text: str, year: int, as_of: date | None) -> str | None:
    """The one stretch of an unreadable period cell that reads as dates by itself
    ("Konkurs ofert (termin ogłoszenia:Styczeń/luty 2022)" -> "Styczeń/luty 2022"): the
    longest, if no other stretch apart from it reads too ("grudzień 2021, … 1 lutego 2022"
    names two and gives None)."""
    words = [(m.start(), m.end()) for m in _PART_RE.finditer(text)]
    spans: dict[tuple[int, int], object] = {}  # (start, end) -> the windows it reads as
    for i in range(len(words)):
        for j in range(i, min(len(words), i + 8)):
            part = text[words[i][0] : words[j][1]]
            try:
                period = parse_period(part, year, as_of)
            except PeriodError:
                continue
            if isinstance(period, DatedPeriod):
                spans[words[i][0], words[j][1]] = period.windows
    if not spans:
        return None
    start, end = max(spans, key=lambda s: s[1] - s[0])
    if any(e <= start or s >= end for s, e in spans):
        return None
    if _YEAR_LIKE_RE.search(text[:start] + " " + text[end:]):
        return None  # "Maj 2200": "Maj" alone would be May of the harmonogram's year
    same = [s for s, e in spans if e == end and start <= s and spans[s, e] == spans[start, end]]
    return text[max(same) : end]  # without a label such as "termin ogłoszenia:"


def trailing_period(line: str, year: int) -> tuple[str, str] | None:
    """(task text, period) when a line ends with a period printed beside the task
    ("prowadzenie klubów abstynenckich Maj 2024"): the longest proper suffix of two or more
    words, starting with a capital or a digit, that reads as a dated period."""
    words = line.split()
    for cut in range(1, len(words) - 1):
        suffix = " ".join(words[cut:])
        if not (suffix[0].isupper() or suffix[0].isdigit()):
            continue
        found = period_or_none(suffix, year)
        if found and not _PHRASE_PERIOD_RE.match(found):
            return " ".join(words[:cut]), found
    return None


def is_prose(text: str) -> bool:
    """A sentence, not a name: eight or more words ending with "." (a department or task
    name has no full stop: "Konkursy mogą być także ogłaszane w innych terminach … .")."""
    text = normalise(text)
    return len(text.split()) >= 8 and text.endswith(".") and not NUMBER_RE.match(text)


def is_heading(text: str) -> bool:
    """A department heading: two or more words, its letters (nearly) all capitals."""
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) < 2 or len(letters) < 6:
        return False
    return sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def join_lines(lines: list[str]) -> str:
    """Lines of one cell as one text: a word hyphenated at a line end is joined (a compound
    such as "turystyczno-" keeps its hyphen), other lines joined with one space."""
    text = ""
    for line in (normalise(x) for x in lines):
        if not line:
            continue
        if re.search(r"[a-ząćęłńóśźż]{2,}-$", text) and line[:1].islower():
            text = text if re.search(r"o-$", text) else text[:-1]
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text
