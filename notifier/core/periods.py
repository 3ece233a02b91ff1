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
event); a weekday beside a date must be that date's, and two dates joined by "tj." must agree.
Footnote marks ("do 24.04.2025 r.**") are dropped from the dates and kept in the note, as are
"wieloletni"/"trzyletni". A dash or an empty text is undated; so is a phrase with no date
words ("Tryb ustawy o zatrudnieniu socjalnym"), kept as the note, unless it is one two-letter
word close to a month name ("Mj"): that is taken for a typo. Anything else raises PeriodError
with a message in Polish naming the text and, where it can, the word meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from notifier.core.echo import ECHO_CHARS, cut
from notifier.core.input_rules import count_chars
from notifier.core.period_checks import (
    check_weekdays,
    heading_agrees,
    late_start,
    midnight_end,
    rule_deadline,
    same_day,
)
from notifier.core.period_hints import in_cell
from notifier.core.period_hours import ends_at_midnight, starts_at_day_end, superscript_minutes
from notifier.core.period_lexicon import frame
from notifier.core.period_qualifiers import lone_number, numbers_only, refuse_doubtful
from notifier.core.period_runs import at, read_run
from notifier.core.period_words import (
    DASHES_RE,
    FOOTNOTE_RE,
    MAX_YEAR,
    MIN_YEAR,
    MONTH_NAMES,
    MULTI_YEAR_WORDS,
    ROMAN,
    UNITS,
    Invalid,
    Tok,
    check_year,
    is_date_word,
    lone_month_typo,
    meaning,
    tokenize,
    unknown,
    vague,
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

K = PeriodKind


@dataclass(frozen=True)
class _Part:
    """One round as parsed: its windows and kind."""

    windows: tuple[Span, ...]
    kind: PeriodKind


def _significant(tokens: list[Tok], default_year: int) -> list[Tok]:
    """Validate words, drop fillers, resolve "i" (Roman one or "and") and relative years."""
    out: list[Tok] = []
    wrong = [w for w in (_word_problem(t) for t in tokens) if w is not None]
    if wrong:  # every word the reader cannot take, in one message
        raise Invalid("; ".join(dict.fromkeys(str(w) for w in wrong)))
    for tok in tokens:
        if tok.kind == "year":
            check_year(tok.value)
        if tok.kind == "month" and tok.year is not None:
            if not 1 <= tok.value <= 12:
                raise Invalid(f'miesiąc {tok.value} w "{tok.raw}" nie istnieje (są 1–12)')
            check_year(tok.year)
        if tok.kind in ("filler", "yearword", "continuous", "multiyear"):
            continue
        if tok.kind == "relyear":
            tok = Tok("year", tok.raw, default_year)
        if tok.kind == "and":
            after_item = bool(out) and out[-1].kind in ("month", "num", "year", "day")
            after_day = bool(out) and out[-1].kind == "num" and out[-1].raw.isdigit()
            if after_item and not (tok.raw == "I" and after_day):  # "1 I 2025": January
                tok = Tok("list", tok.raw)
            else:
                tok = Tok("num", tok.raw, 1)
        out.append(tok)
    return out


def _word_problem(tok: Tok) -> Invalid | None:
    """Why one word cannot be read: unknown (with a near-miss hint), vague or meaning-changing."""
    if tok.kind == "unknown":
        return unknown(tok.raw)
    if tok.kind == "vague":
        return vague(tok.raw)
    if tok.kind == "meaning":
        return meaning(tok.raw)
    return None


_LABEL_END = ("colon", "range")


def _rounds(sig: list[Tok]) -> list[list[Tok]]:
    """Split at ";" and at round labels ("I nabór:", "nabór II:"); labels are dropped."""
    segments: list[list[Tok]] = [[]]
    pos = 0
    while pos < len(sig):
        tok = sig[pos]
        pos += 1
        if tok.kind == "round":
            if segments[-1] and segments[-1][-1].kind == "num":
                segments[-1].pop()  # "II nabór": the number labels the round
            if pos < len(sig) and sig[pos].kind == "num" and at(sig, pos + 1) in _LABEL_END:
                pos += 1  # "nabór II:"
            if at(sig, pos) in _LABEL_END:  # "I nabór: marzec", "I nabór – marzec"
                pos += 1
            segments.append([])
        elif tok.kind == "round_sep":
            segments.append([])
        elif tok.kind == "colon":
            raise unknown(tok.raw)
        else:
            segments[-1].append(tok)
    for segment in segments:  # "I nabór: marzec, II nabór: wrzesień"
        while segment and segment[-1].kind in ("list", "range"):
            segment.pop()
        while segment and segment[0].kind == "list":  # "w trybie ciągłym, do 30 listopada"
            segment.pop(0)
    kept = [s for s in segments if s]
    return kept or [[]]


def _explicit_year(segment: list[Tok]) -> int | None:
    for tok in segment:
        if tok.kind == "year":
            return tok.value
        if tok.kind in ("month", "day") and tok.year is not None:
            return tok.year
    return None


def _segment(sig: list[Tok], default_year: int, as_of: date) -> _Part:
    pos = 0
    mode = ""
    while at(sig, pos) == "by":
        mode = "deadline"
        pos += 1
    if at(sig, pos) == "to":
        mode, pos = "deadline", pos + 1
    elif at(sig, pos) == "from" and not mode:
        mode, pos = "from", pos + 1
    elif at(sig, pos) == "between" and not mode:
        mode, pos = "between", pos + 1
    if mode == "deadline" and at(sig, pos) == "end":
        pos += 1
    rest = sig[pos:]
    for tok in rest:
        if tok.kind == "end":
            raise vague(tok.raw)
        if tok.kind in ("by", "between", "from") or (tok.kind == "to" and mode == "deadline"):
            raise Invalid(f'niezrozumiały fragment "{tok.raw}"')
        if tok.kind == "and_a" and mode != "between":
            raise unknown(tok.raw)
    windows, kind, ranged = read_run(rest, default_year)
    if mode == "deadline":
        if len(windows) != 1:
            raise Invalid('po "do" proszę podać jeden termin, np. "do 20 marca {YEAR}"')
        deadline = windows[0].last_day
        return _Part((Span(min(as_of, deadline), windows[0].end),), K.DEADLINE)
    if mode == "from" and not ranged:
        if len(windows) != 1:
            raise Invalid('po "od" proszę podać jeden początek, np. "od marca do czerwca {YEAR}"')
        start = windows[0].start
        return _Part((Span(start, date(windows[0].last_day.year + 1, 1, 1)),), K.OPEN_ENDED)
    if mode == "between" and not ranged:
        raise Invalid('po "pomiędzy" proszę podać dwie daty: "pomiędzy 1.04.{YEAR} a 30.04.{YEAR}"')
    return _Part(windows, K.ROUNDS if len(windows) > 1 else kind)


# Parsed periods kept by (text, year, as_of): a harmonogram repeats its periods ("I kwartał
# 2025", "Maj 2025") across tasks and a country's catalog across cities, and loading 2,500
# harmonograms parsed 75,000 of them. A Period is frozen, so the tasks share one object.
PERIODS_KEPT = 8192
# A printed period is a line (the corpus's longest is 137 characters); a longer text is refused
# unread (a 96 kB cell of one hour pasted 16,000 times held a scan for minutes, blind4 G0).
MAX_PERIOD_CHARS = 500


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
    marks = "".join(FOOTNOTE_RE.findall(spaced))
    normalized = DASHES_RE.sub("-", FOOTNOTE_RE.sub(" ", spaced))
    if not normalized.replace("-", "").strip():
        return UndatedPeriod(text=stripped)
    try:
        framed = frame(normalized)
        tokens = tokenize(framed.text)
    except Invalid as exc:
        raise PeriodError(
            f'nie rozpoznano okresu "{shown}": {in_cell(exc, default_year, normalized)}'
        ) from None
    if not any(_dates(tokens, n) for n in range(len(tokens))):
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
        return UndatedPeriod(text=stripped, note=stripped)
    start = as_of or date(default_year, 1, 1)
    try:
        period = rule_deadline(
            _parse(stripped, tokens, marks, default_year, start), framed.kept, normalized, start
        )
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


def _dates(tokens: list[Tok], n: int) -> bool:
    """Token `n` names a date: a date word that is no length of time ("pół roku"), or a day
    before a Roman month ("5 XII", "28 XI - 9XII")."""
    if is_date_word(tokens[n]):
        return not _duration(tokens, n)
    after = tokens[n + 1] if n + 1 < len(tokens) else None
    return (
        tokens[n].kind == "num"
        and tokens[n].raw.isdigit()
        and after is not None
        and set(after.raw.upper()) <= set("IVXLC")  # "5 XII", "1 I", "5 XIII" (refused)
        and (after.raw.isupper() or len(after.raw) > 1)  # "28 xi", not "1 i 2"
        and at(tokens, n + 2) not in UNITS
    )


def _duration(tokens: list[Tok], index: int) -> bool:
    """ "pół roku" in "nie dłużej niż pół roku": a length of time, not a date."""
    before = tokens[index - 1].raw.lower() if index else ""
    after = tokens[index + 1].kind if index + 1 < len(tokens) else ""
    if tokens[index].raw.lower() == "pół":
        return after == "yearword"
    return tokens[index].kind == "yearword" and before in ("pół", "jednego", "dwóch", "trzech")


def _parse(text: str, tokens: list[Tok], marks: str, default_year: int, as_of: date) -> Period:
    refuse_doubtful(text)
    continuous = any(t.kind == "continuous" for t in tokens)
    notes = list(
        dict.fromkeys(
            list(MULTI_YEAR_WORDS.values())[t.value] for t in tokens if t.kind == "multiyear"
        )
    )
    if marks:
        notes.append(f"przypis „{marks}” w druku")
    segments = _rounds(_significant(tokens, default_year))
    fallback = default_year
    parts: list[_Part] = []
    for segment in reversed(segments):  # a round without a year takes the next round's
        parts.insert(0, _segment(segment, fallback, as_of))
        fallback = _explicit_year(segment) or fallback
    windows: list[Span] = []
    for part in parts:
        for window in part.windows:
            if windows and part.kind == K.DEADLINE and window.start < windows[-1].end:
                if window.end <= windows[-1].end:
                    raise Invalid("terminy kolejnych naborów muszą następować po sobie")
                window = Span(windows[-1].end, window.end)  # the next deadline round
            if windows and window.start < windows[-1].end:
                raise Invalid("nabory nachodzą na siebie albo są w odwrotnej kolejności")
            windows.append(window)
    kinds = {p.kind for p in parts}
    if continuous:
        kind = K.CONTINUOUS
    elif len(kinds) == 1 and (len(windows) == 1 or kinds <= {K.DEADLINE, K.OPEN_ENDED}):
        kind = kinds.pop()
    else:
        kind = K.ROUNDS
    if kind == K.ROUNDS and len(windows) == 1:
        kind = parts[0].kind
    return DatedPeriod(text, kind, tuple(windows), "; ".join(notes) or None)
