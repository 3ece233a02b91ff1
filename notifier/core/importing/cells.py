"""What a piece of printed text is: a period, a department heading, a scope, a numbered task.

Period cells are told from task cells by the period reader (notifier.core.periods): a text is
a period when it reads as a dated period, is a dash, or is one of the phrases cities print in
the period column ("Tryb ustawy o zatrudnieniu socjalnym", "nie dotyczy", "w trybie ciągłym").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from notifier.core.echo import ECHO_CHARS
from notifier.core.echo import cut as echo_cut
from notifier.core.period_hints import printed_bounds
from notifier.core.period_words import FOOTNOTE_RE
from notifier.core.periods import DatedPeriod, PeriodError, parse_period
from notifier.core.spans import PeriodKind
from notifier.core.task_period import read_period

_PHRASE_PERIOD_RE = re.compile(
    r"^(tryb\b|w trybie\b|nie dotyczy|nie planuje|brak\b|n/d$|bez konkursu|—$|–$|-$|\s*$)",
    re.IGNORECASE,
)
# a task's printed number: "2)", "3.", and a sub-task's as printed, "1.1)", "1.2.", "1a)"
NUMBER_RE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2})*[a-z]?)\s*[).]\s*(?=\S)")
# the whole text of an "Lp." cell: "2", "3.", "4)", "1.1", "1.2.", "1a"
LP_RE = re.compile(r"\d{1,3}(?:\.\d{1,2})*[a-z]?[.)]?")
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
_UNKNOWN_WORD_RE = re.compile(r'nieznane słowo "([^"]+)"')
_ROMAN_WORD_RE = re.compile(r"\b[IVX]+\b")


def dates_printed_in(text: str, year: int, as_of: date | None) -> str | None:
    """The dates of an unreadable period cell printed apart from its other words
    ("Konkurs ofert (termin ogłoszenia:Styczeń/luty 2022)" -> "Styczeń/luty 2022"), when a
    window of exactly them says no more and no less than the print: see `_set_apart`. The
    reader's refusal of any other kind (two readings, a weekday that is not the date's, "III
    2027", "najpóźniej od", a lookalike "ＩＩ") leaves the cell undated: None."""
    found = _longest_dates(text, year, as_of)
    if found is None:
        return None
    start, end = found
    return text[start:end] if _set_apart(text, start, end, year, as_of) else None


def _longest_dates(text: str, year: int, as_of: date | None) -> tuple[int, int] | None:
    """(start, end) of the longest stretch of `text` that reads as dates by itself, if no
    other stretch apart from it reads too ("grudzień 2021, … 1 lutego 2022" names two)."""
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
    return max(same), end  # without a label such as "termin ogłoszenia:"


def _set_apart(text: str, start: int, end: int, year: int, as_of: date | None) -> bool:
    """Whether the dates text[start:end] are all the cell says of its period: printed after
    a label's colon or an opening bracket (or first) and before a closing bracket (or
    last), whole (brackets balanced: never "marca 2027 r. (wtorek"); the reader refused the
    cell only for plain words it does not know (not two readings, not a lookalike "ＩＩ"
    nor a near miss "Mj"); and the other words name no date and change none ("wtorek",
    "Termin składania ofert:", "najpóźniej" beside the dates are read, not dropped)."""
    dates, before, after = text[start:end], text[:start].rstrip(), text[end:].lstrip()
    if (before and before[-1] not in ":(") or (after and after[0] not in ");"):
        return False
    if dates.count("(") != dates.count(")"):
        return False
    unknown = _unknown_words(text, year, as_of)
    if not unknown:
        return False
    rest = f"{before} {after}"
    if any(c.isdigit() for c in rest) or _ROMAN_WORD_RE.search(rest):
        return False
    if printed_bounds(rest, year) is not None:
        return False
    alone = parse_period(dates, year, as_of)
    labels = [p.strip() for p in re.split(r"[(:]", before) if p.strip()]
    words = re.findall(r"[^\W\d_]+\.?", rest)
    probes = [f"{w} {dates}" for w in words if w.rstrip(".") not in unknown]
    probes += [f"{label}: {dates}" for label in labels]
    for probe in probes:  # each word and each label beside the dates, as the reader reads it
        try:
            beside = parse_period(probe, year, as_of)
        except PeriodError:
            refused_for = _unknown_words(probe, year, as_of)
            if not refused_for or not refused_for <= unknown:
                return False
            continue
        if beside.kind != alone.kind or beside.windows != alone.windows:
            return False
    return True


def _unknown_words(text: str, year: int, as_of: date | None) -> set[str]:
    """The words the period reader refused `text` for, when its refusal names nothing but
    plain words it does not know (Latin letters as typed, no near-miss hint); else set()."""
    stripped = text.strip()
    try:
        parse_period(stripped, year, as_of)
    except PeriodError as exc:
        message = str(exc)
    else:
        return set()
    prefix = f'nie rozpoznano okresu "{echo_cut(stripped, ECHO_CHARS)}": '
    if not message.startswith(prefix):
        return set()
    words: set[str] = set()
    for part in message[len(prefix) :].split("; "):
        found = _UNKNOWN_WORD_RE.fullmatch(part)
        if found is None or not _plain(found[1]):
            return set()
        words.add(found[1])
    return words


def _plain(word: str) -> bool:
    """Letters of the Latin alphabet as typed: no fullwidth "ＩＩ", no Cyrillic "І"."""
    return unicodedata.normalize("NFKC", word) == word and all(
        unicodedata.name(c, "").startswith("LATIN") for c in word
    )


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
