"""Parse periods as cities print them ("Marzec/Kwiecień 2024", "do 20 marca 2025 roku").

`parse_period(text, default_year, as_of)` turns one printed period into a `DatedPeriod` with
one or more half-open windows of whole days [start, end), or an `UndatedPeriod`. The grammar,
case-insensitive, dashes (-, –, —) all alike, fillers ("w", "przez", "cały", "w ciągu",
"przełom", "dnia", "w latach", …) and "r." / "rok" / "roku" ignored:

    day           DAY MONTH [YEAR] | DD.MM.YYYY           "15 marca 2025 r.", "20 XI 2025"
    month         MONTH [YEAR] | MM.YYYY                  "Maj 2024", "05.2024"
    quarter       NUM kwartał [YEAR]                      "II kwartał", "w drugim kwartale"
    half          NUM połowa|półrocze [YEAR]              "II połowa 2024 r.", "I półrocze"
    half month    NUM połowa MONTH [YEAR]                 "w I połowie października" (1–15)
    decade        NUM dekada MONTH [YEAR]                 "I dekada kwietnia" (1–10, 11–20, 21–end)
    year          YEAR | nowego/bieżącego roku | nothing  "2024", "cały rok", "w latach 2025–2027"
    run           ITEM (SEP ITEM)*                        "3–14 listopada", "marzec, wrzesień"
    deadline      [najpóźniej|nie później niż] do [końca] POINT       "do 20 marca 2025 roku"
    open-ended    od POINT                                "od marca 2025 r."
    between       pomiędzy POINT a POINT                  "pomiędzy 1.04.2025 a 30.04.2025"
    rounds        [N nabór:] RUN (; [N nabór:] RUN)*      "I nabór: marzec; II nabór: wrzesień"
    continuous    … w trybie ciągłym | na bieżąco …       "przez cały rok (tryb ciągły)"

A range ("-", "do", "a") joins its ends into one window and must ascend. A list (",", "/", "i",
"oraz") of items that follow one another is one window; a gap makes separate windows: rounds
of the same task. An item without a year takes the next year printed after it, else the last
printed before it while the run goes forward (period_years: "od 3 marca 2025 do 24 marca"
ends in 2025), else
`default_year`; a day without a month takes the next month ("3–14 listopada"). "nowego roku"
and "bieżącego roku" mean `default_year`.

Kinds and their windows:
- deadline: from `as_of` (the harmonogram's "stan na dzień") to the day after the deadline,
  exclusive; a deadline already past at `as_of` gives the deadline day alone. "do czerwca"
  means by the end of June.
- open-ended: from the first day to the end of that year; `notifier check` warns, since the
  print gave no end.
- continuous (small grants, art. 19a of the ustawa o działalności pożytku publicznego): the
  whole year (or the printed span).
Hours stay in the note and never widen a day: an end at midnight ("do 15.03.2025 godz. 0:00")
ends the day before, a start at 24:00 begins the next day (period_checks), and a day after "tj."
that ends a time limit counted from an event ("30 dni od dnia ogłoszenia, tj. 15.03.2025") is the
deadline. A year counted from an event ("roku, w którym …") is asked for, never guessed.
"na początku", "w połowie", "pod koniec" are not guessed: an error asks for days or halves.
Before the grammar reads a text, notifier.core.period_lexicon rewrites the framing words that
change nothing (hours, numeric dates, "b.r.", "tj.", weekdays, labels, verbs, a start tied to an
event; and period_clauses' office hours, "w miarę posiadanych środków", "z końcem", "nie
dłużej niż do", "przyszłego/ubiegłego roku" counted from `default_year`); a weekday beside a
date must be that date's, and two dates joined by "tj." must agree. "Termin składania ofert:
19 czerwca 2025" is a deadline (period_clauses.labelled_reading); another "termin …:" before
one day names both readings.
Footnote marks ("do 24.04.2025 r.**") are dropped from the dates and kept in the note, as are
"wieloletni"/"trzyletni". A dash or an empty text is undated; so is a phrase with no date
words ("Tryb ustawy o zatrudnieniu socjalnym"), kept as the note, unless it is one two-letter
word close to a month name ("Mj"): that is taken for a typo. Anything else raises PeriodError
with a message in Polish naming the text and, where it can, the word meant.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from notifier.core.echo import ECHO_CHARS, cut
from notifier.core.input_rules import count_chars
from notifier.core.period_checks import (
    check_weekdays,
    deadline_not_continuous,
    heading_agrees,
    late_start,
    midnight_end,
    rule_deadline,
    same_day,
    two_digit_years,
)
from notifier.core.period_clauses import labelled_reading
from notifier.core.period_grammar import names_a_date, read_tokens
from notifier.core.period_hints import in_cell
from notifier.core.period_hours import ends_at_midnight, starts_at_day_end, superscript_minutes
from notifier.core.period_lexicon import frame
from notifier.core.period_qualifiers import lone_number, numbers_only
from notifier.core.period_shorthand import count_of_calls, excel_months
from notifier.core.period_words import (
    DASHES_RE,
    FOOTNOTE_RE,
    MAX_YEAR,
    MIN_YEAR,
    MONTH_NAMES,
    ROMAN,
    Invalid,
    lone_month_typo,
    tokenize,
)
from notifier.core.spans import (
    DatedPeriod,
    Period,
    PeriodError,
    PeriodKind,
    Span,
    UndatedPeriod,
)

__all__ = [
    "MAX_PERIOD_CHARS",
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTH_NAMES",
    "ROMAN",
    "DatedPeriod",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Span",
    "UndatedPeriod",
    "parse_period",
    "too_long",
]

# Parsed periods kept by (text, year, as_of): a harmonogram repeats its periods ("I kwartał
# 2025", "Maj 2025") across tasks and a country's catalog across cities, and loading 2,500
# harmonograms parsed 75,000 of them. A Period is frozen, so the tasks share one object.
PERIODS_KEPT = 8192
# A printed period is a line (the corpus's longest is 137 characters); a longer text is refused
# unread (a 96 kB cell of one hour pasted 16,000 times held a scan for minutes, blind4 G0).
MAX_PERIOD_CHARS = 500
# A keycap emoji digit: the digit, an optional variation selector, the enclosing keycap.
_KEYCAP = re.compile("([0-9])\ufe0f?\u20e3")
# Digits printed as a date ("5.06.20232", "20232-06-05") that no calendar day answers: a
# misprint of a date, never an undated note that would silently drop it.
_DATE_SHAPED = re.compile(
    r"(?<![\d.])\d{1,2}[./-]\d{1,2}[./-]\d{3,}(?![\d.])|(?<![\d.])\d{5,}[./-]\d{1,2}[./-]\d{1,2}(?![\d.])"
)


@lru_cache(maxsize=PERIODS_KEPT)
def parse_period(text: str, default_year: int, as_of: date | None = None) -> Period:
    """Parse one printed period; a period without a year falls in `default_year`.

    `as_of` (the harmonogram's "stan na dzień"; default 1 January of `default_year`) starts
    the window of a deadline ("do 20 marca 2025"). Raises PeriodError (message in Polish,
    naming the text) when the text has date words in it but is not a period: an unknown
    month, a quarter V, a backwards run, "na początku marca", ….
    """
    stripped = text.strip()
    shown = cut(stripped, ECHO_CHARS)  # a message quotes at most 80 characters (blind4 n2)
    # A run of spaces, tabs, NBSPs or line breaks is read as one space: the framing patterns
    # backtracked super-linearly over a long run (1,000 spaces held a process for a minute).
    spaced = " ".join(stripped.split())
    if len(spaced) > MAX_PERIOD_CHARS:
        raise PeriodError(
            f'okres za długi: "{shown}" ma {count_chars(len(spaced))}, a okres w harmonogramie '
            f"ma najwyżej {MAX_PERIOD_CHARS} (jedna linijka druku)"
        )
    if not MIN_YEAR <= default_year <= MAX_YEAR:
        raise PeriodError(
            f'nie rozpoznano okresu "{shown}": rok domyślny {default_year} spoza zakresu '
            f"{MIN_YEAR}–{MAX_YEAR}"
        )
    spaced = superscript_minutes(spaced)  # "do godz. 15³⁰": 15:30, not a footnote "³⁰"
    if count := count_of_calls(spaced):  # "2 x w roku": twice a year, never 2 October
        raise PeriodError(f'nie rozpoznano okresu "{shown}": {count}')
    spaced = excel_months(spaced)  # "sty-lut 2027" as Excel's "mmm" prints months
    spaced = _KEYCAP.sub(r"\1", spaced)  # "do 1️⃣6️⃣ maja": emoji digits are digits
    marks = "".join(FOOTNOTE_RE.findall(spaced))
    normalized = DASHES_RE.sub("-", FOOTNOTE_RE.sub(" ", spaced))
    if not normalized.replace("-", "").strip():
        return UndatedPeriod(text=stripped)
    try:
        two_digit_years(normalized, default_year)
        framed = frame(normalized)
        tokens = tokenize(framed.text)
        deadline_not_continuous([t.kind for t in tokens], [t.raw for t in tokens])
    except Invalid as exc:
        raise PeriodError(
            f'nie rozpoznano okresu "{shown}": {in_cell(exc, default_year, normalized)}'
        ) from None
    if not any(names_a_date(tokens, n) for n in range(len(tokens))):
        month = lone_month_typo(tokens)
        if month is not None:
            raise PeriodError(
                f'nie rozpoznano okresu "{shown}": nieznane słowo "{tokens[0].raw}" '
                f'— czy chodziło o "{month}"? (zadanie bez terminu proszę oznaczyć "-")'
            )
        number = lone_number(normalized) or numbers_only(normalized, [t.kind for t in tokens])
        if number is not None:  # "V", "2": a month, a day or a quarter? never silently undated
            raise PeriodError(
                f'nie rozpoznano okresu "{shown}": {in_cell(number, default_year, normalized)}'
            )
        if shaped := _DATE_SHAPED.search(normalized):
            raise PeriodError(
                f'nie rozpoznano okresu "{shown}": "{shaped.group()}" ma kształt daty, ale nie '
                "jest żadnym dniem kalendarza — proszę sprawdzić dzień, miesiąc i rok "
                "(rok ma cztery cyfry)"
            )
        return UndatedPeriod(text=stripped, note=stripped)
    start = as_of or date(default_year, 1, 1)
    try:
        period = rule_deadline(
            read_tokens(stripped, tokens, marks, default_year, start),
            framed.kept,
            normalized,
            start,
        )
        period = labelled_reading(period, framed.label, start)
        if midnight := ends_at_midnight(normalized):
            period = midnight_end(period, start, midnight == "until")
        if starts_at_day_end(normalized):
            period = late_start(period)
        if framed.restated is not None:
            same_day(period, parse_period(framed.restated, default_year, start))
        if framed.heading is not None:
            heading_agrees(period, framed.heading, parse_period(framed.heading, default_year))
        check_weekdays(period, framed.weekdays)
    except (Invalid, PeriodError) as exc:
        detail = str(exc).split('": ', 1)[-1] if isinstance(exc, PeriodError) else exc
        raise PeriodError(
            f'nie rozpoznano okresu "{shown}": {in_cell(detail, default_year, normalized)}'
        ) from None
    if not framed.kept:
        return period
    note = "; ".join(filter(None, (period.note, *framed.kept)))
    return DatedPeriod(period.text, period.kind, period.windows, note)


def too_long(text: str) -> bool:
    """Longer than MAX_PERIOD_CHARS (whitespace runs as one space): refused unread, and no
    `window` beside it nor the importer's search for dates in it keeps it as a period."""
    return len(" ".join(text.split())) > MAX_PERIOD_CHARS
