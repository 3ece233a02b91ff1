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
    year          YEAR | nowego/bieżącego roku | nothing  "2024", "cały rok", "w latach 2025–2027"
    run           ITEM (SEP ITEM)*                        "3–14 listopada", "marzec, wrzesień"
    deadline      [najpóźniej|nie później niż] do [końca] POINT       "do 20 marca 2025 roku"
    open-ended    od POINT                                "od marca 2025 r."
    between       pomiędzy POINT a POINT                  "pomiędzy 1.04.2025 a 30.04.2025"
    rounds        [N nabór:] RUN (; [N nabór:] RUN)*      "I nabór: marzec; II nabór: wrzesień"
    continuous    … w trybie ciągłym | na bieżąco …       "przez cały rok (tryb ciągły)"

A range ("-", "do", "a") joins its ends into one window and must ascend. A list (",", "/", "i",
"oraz") of items that follow one another is one window; a gap makes separate windows: rounds
of the same task. An item without a year takes the next year printed after it, else
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
"na początku", "w połowie", "pod koniec" are not guessed: an error asks for days or halves.
Footnote marks ("do 24.04.2025 r.**") are dropped from the dates and kept in the note, as are
"wieloletni"/"trzyletni". A dash or an empty text is undated; so is a phrase with no date
words ("Tryb ustawy o zatrudnieniu socjalnym"), kept as the note, unless it is one two-letter
word close to a month name ("Mj"): that is taken for a typo. Anything else raises PeriodError
with a message in Polish naming the text and, where it can, the word meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from notifier.core.period_words import (
    DASHES_RE,
    FOOTNOTE_RE,
    MAX_YEAR,
    MIN_YEAR,
    MONTH_NAMES,
    MULTI_YEAR_WORDS,
    ROMAN,
    Invalid,
    Tok,
    check_year,
    is_date_word,
    lone_month_typo,
    tokenize,
    unknown,
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
]

K = PeriodKind
_ITEM_KINDS = ("day", "month", "num", "year")


@dataclass(frozen=True)
class _Item:
    kind: str  # day, month, num (a quarter's or a half's number; or a day before a day), year
    raw: str
    number: int = 0  # day of month, month, quarter/half number, or year
    month: int | None = None  # of a day
    year: int | None = None  # of a day or a month
    printed_year: bool = False  # the year was printed with the item, not taken from the right


@dataclass(frozen=True)
class _Part:
    """One round as parsed: its windows and kind."""

    windows: tuple[Span, ...]
    kind: PeriodKind


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _month_span(year: int, month: int) -> Span:
    return Span(_month_start(year, month), _month_start(year, month + 1))


def _year_span(first: int, last: int | None = None) -> Span:
    return Span(date(first, 1, 1), date((last or first) + 1, 1, 1))


def _name(item: _Item) -> str:
    if item.kind == "month":
        return f"{MONTH_NAMES[item.number - 1][0]} {item.year}"
    if item.kind == "day" and item.month is not None:
        return f"{item.number} {MONTH_NAMES[item.month - 1][1]} {item.year}"
    return item.raw


def _significant(tokens: list[Tok], default_year: int) -> list[Tok]:
    """Validate words, drop fillers, resolve "i" (Roman one or "and") and relative years."""
    out: list[Tok] = []
    for tok in tokens:
        if tok.kind == "unknown":
            raise unknown(tok.raw)
        if tok.kind == "year":
            check_year(tok.value)
        if tok.kind == "month" and tok.year is not None:
            if not 1 <= tok.value <= 12:
                raise Invalid(f'miesiąc {tok.value} w "{tok.raw}" nie istnieje (są 1–12)')
            check_year(tok.year)
        if tok.kind == "vague":
            raise _vague(tok.raw)
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


def _vague(raw: str) -> Invalid:
    return Invalid(
        f'„{raw}” to termin nieprecyzyjny — proszę podać dni (np. "1–10 marca 2025"), '
        'połowę miesiąca ("w I połowie marca") albo termin "do 10 marca 2025"'
    )


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
            if pos < len(sig) and sig[pos].kind == "num" and _at(sig, pos + 1) == "colon":
                pos += 1  # "nabór II:"
            if _at(sig, pos) == "colon":
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
    kept = [s for s in segments if s]
    return kept or [[]]


def _at(sig: list[Tok], pos: int) -> str:
    return sig[pos].kind if pos < len(sig) else ""


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
    while _at(sig, pos) == "by":
        mode = "deadline"
        pos += 1
    if _at(sig, pos) == "to":
        mode, pos = "deadline", pos + 1
    elif _at(sig, pos) == "from" and not mode:
        mode, pos = "from", pos + 1
    elif _at(sig, pos) == "between" and not mode:
        mode, pos = "between", pos + 1
    if mode == "deadline" and _at(sig, pos) == "end":
        pos += 1
    rest = sig[pos:]
    for tok in rest:
        if tok.kind == "end":
            raise _vague(tok.raw)
        if tok.kind in ("by", "between", "from") or (tok.kind == "to" and mode == "deadline"):
            raise Invalid(f'niezrozumiały fragment "{tok.raw}"')
        if tok.kind == "and_a" and mode != "between":
            raise unknown(tok.raw)
    windows, kind, ranged = _dates(rest, default_year)
    if mode == "deadline":
        if len(windows) != 1:
            raise Invalid('po "do" proszę podać jeden termin, np. "do 20 marca 2025"')
        deadline = windows[0].last_day
        return _Part((Span(min(as_of, deadline), windows[0].end),), K.DEADLINE)
    if mode == "from" and not ranged:
        if len(windows) != 1:
            raise Invalid('po "od" proszę podać jeden początek, np. "od marca do czerwca 2025"')
        start = windows[0].start
        return _Part((Span(start, date(windows[0].last_day.year + 1, 1, 1)),), K.OPEN_ENDED)
    if mode == "between" and not ranged:
        raise Invalid('po "pomiędzy" proszę podać dwie daty: "pomiędzy 1.04.2025 a 30.04.2025"')
    return _Part(windows, K.ROUNDS if len(windows) > 1 else kind)


def _dates(sig: list[Tok], default_year: int) -> tuple[tuple[Span, ...], PeriodKind, bool]:
    """The windows of a run of items, their kind, and whether a range joined any."""
    items: list[_Item] = []
    seps: list[str] = []
    pos = 0
    while _at(sig, pos) in _ITEM_KINDS:
        item, pos = _item(sig, pos)
        items.append(item)
        nxt = _at(sig, pos)
        if nxt not in ("list", "range", "to", "and_a") or _at(sig, pos + 1) not in _ITEM_KINDS:
            break
        seps.append("list" if nxt == "list" else "range")
        pos += 1
    unit = sig[pos] if _at(sig, pos) in ("quarter", "half") else None
    pos += unit is not None
    month_of_half = sig[pos] if unit is not None and _at(sig, pos) == "month" else None
    pos += month_of_half is not None
    year = sig[pos].value if _at(sig, pos) == "year" else None
    pos += year is not None
    if pos < len(sig):
        after = f' po "{sig[pos - 1].raw}"' if pos else ""
        raise Invalid(f'niezrozumiały fragment "{sig[pos].raw}"{after}')

    if unit is not None:
        return _numbered(items, seps, unit, month_of_half, year, default_year)
    if not items:
        year = default_year if year is None else year
        return (_year_span(year),), K.YEAR, False
    kinds = {i.kind for i in items}
    if kinds == {"num"}:
        raise Invalid('po numerze brakuje słowa "kwartał" albo "połowa"')
    if "year" in kinds and len(kinds) > 1:
        raise Invalid("pomieszano lata z miesiącami lub dniami")
    if year is not None and kinds != {"year"}:
        raise Invalid(f"rok {year} podano po roku już przypisanym do miesiąca")
    items = _resolve(items, default_year)
    spans = [_item_span(i) for i in items]
    windows = _chain(items, spans, seps)
    ranged = "range" in seps
    if len(windows) > 1:
        return windows, K.ROUNDS, ranged
    window = windows[0]
    if kinds == {"year"}:
        kind = K.YEAR if window.days <= 366 else K.YEARS
    elif "day" in kinds or "num" in kinds:
        kind = K.DAY if window.days == 1 else K.DAYS
    else:
        months = (window.end.year - window.start.year) * 12 + window.end.month - window.start.month
        kind = K.MONTH if months == 1 else K.MONTHS if months <= 12 else K.YEARS
    return windows, kind, ranged


def _item(sig: list[Tok], pos: int) -> tuple[_Item, int]:
    """One item at `pos`: a day, a month, a year or a bare number; and the position after it."""
    tok = sig[pos]
    pos += 1
    if tok.kind == "day":
        assert tok.day is not None
        day = tok.day
        return _Item("day", tok.raw, day.day, day.month, day.year, printed_year=True), pos
    if tok.kind == "year":
        return _Item("year", tok.raw, tok.value), pos
    if tok.kind == "month":
        year = tok.year
        if year is None and _at(sig, pos) == "year":
            year, pos = sig[pos].value, pos + 1
        return _Item("month", tok.raw, tok.value, year=year, printed_year=year is not None), pos
    # a number: a day before a month name or a Roman month ("20 XI 2025"), else a bare number
    month = None
    if (not tok.roman and _at(sig, pos) == "month" and sig[pos].year is None) or (
        not tok.roman
        and pos < len(sig)
        and sig[pos].roman
        and _at(sig, pos + 1) not in ("quarter", "half")
    ):
        month, pos = sig[pos].value, pos + 1
    if month is None:
        return _Item("num", tok.raw, tok.value), pos
    year = None
    if _at(sig, pos) == "year":
        year, pos = sig[pos].value, pos + 1
    return _Item("day", tok.raw, tok.value, month, year, printed_year=year is not None), pos


def _resolve(items: list[_Item], default_year: int) -> list[_Item]:
    """Give every day and month its year, and every bare day its month, from the right."""
    out: list[_Item] = []
    next_year, next_month = default_year, None
    for item in reversed(items):
        if item.kind == "year":
            out.insert(0, item)
            continue
        year = item.year if item.year is not None else next_year
        if item.kind == "num":
            if next_month is None:
                raise Invalid(f'przy dniu "{item.raw}" brakuje miesiąca, np. "3–14 listopada"')
            item = _Item("day", item.raw, item.number, next_month, year, item.printed_year)
        else:
            item = _Item(item.kind, item.raw, item.number, item.month, year, item.printed_year)
        next_year = year
        if item.kind == "day":
            next_month = item.month
        out.insert(0, item)
    return out


def _item_span(item: _Item) -> Span:
    if item.kind == "year":
        return _year_span(item.number)
    assert item.year is not None, "years are resolved first"
    if item.kind == "month":
        check_year(item.year)
        return _month_span(item.year, item.number)
    assert item.month is not None
    check_year(item.year)
    try:
        day = date(item.year, item.month, item.number)
    except ValueError:
        raise Invalid(f"nie ma dnia {_name(item)} w kalendarzu") from None
    return Span(day, day + timedelta(days=1))


def _chain(items: list[_Item], spans: list[Span], seps: list[str]) -> tuple[Span, ...]:
    """Join ranges, merge a list's consecutive items, keep gaps apart (rounds); must ascend."""
    windows = [spans[0]]
    for index, sep in enumerate(seps, start=1):
        a, b = items[index - 1], items[index]
        prev, span = spans[index - 1], spans[index]
        if span == prev:
            raise Invalid(f"{_name(a)} podano dwa razy")
        if span.start < prev.end:
            if not (a.printed_year and b.printed_year) and _crosses_new_year(a, b):
                raise Invalid(
                    f"{_name(a)} – {_name(b)}: na przełomie roku proszę podać rok przy każdym "
                    'miesiącu, np. "grudzień 2024 – styczeń 2025"'
                )
            raise Invalid(f"{_name(a)} i {_name(b)} są w odwrotnej kolejności")
        if sep == "range" or span.start == windows[-1].end:
            windows[-1] = Span(windows[-1].start, span.end)
        else:
            windows.append(span)
    return tuple(windows)


def _crosses_new_year(a: _Item, b: _Item) -> bool:
    month_a = a.number if a.kind == "month" else a.month
    month_b = b.number if b.kind == "month" else b.month
    return month_a == 12 and month_b == 1


def _numbered(
    items: list[_Item],
    seps: list[str],
    unit: Tok,
    month_of_half: Tok | None,
    year: int | None,
    default_year: int,
) -> tuple[tuple[Span, ...], PeriodKind, bool]:
    """Quarters, halves of the year and halves of a month: numbers before the unit word."""
    if not items:
        if unit.kind == "half" and (month_of_half is not None or unit.raw.lower() == "połowie"):
            raise _vague(f"w {unit.raw}")
        example = "II kwartał 2024" if unit.kind == "quarter" else "II połowa 2024"
        raise Invalid(f'brak numeru przed "{unit.raw}", np. "{example}"')
    if any(i.kind != "num" for i in items):
        if all(i.kind == "month" for i in items):
            raise Invalid(f'po nazwie miesiąca nie może stać "{unit.raw}"')
        raise Invalid("pomieszano miesiące z numerami kwartałów")
    limit = 4 if unit.kind == "quarter" else 2
    for item in items:
        if not 1 <= item.number <= limit:
            what = (
                "kwartału"
                if unit.kind == "quarter"
                else "połowy miesiąca"
                if month_of_half
                else "połowy roku"
            )
            raise Invalid(f"nie ma {what} {item.raw} (są {'I–IV' if limit == 4 else 'I i II'})")
    if unit.kind == "half":
        if len(items) > 1:
            raise Invalid('proszę podać jedną połowę (cały rok to "cały rok")')
        half = items[0].number
        if month_of_half is not None:
            y = month_of_half.year or year or default_year
            check_year(y)
            month = month_of_half.value
            start = date(y, month, 1 if half == 1 else 16)
            end = date(y, month, 16) if half == 1 else _month_start(y, month + 1)
            return (Span(start, end),), K.HALF_MONTH, False
        y = default_year if year is None else year
        window = Span(_month_start(y, 6 * half - 5), _month_start(y, 6 * half + 1))
        return (window,), K.HALF_YEAR, False
    y = default_year if year is None else year
    quarters = [_Item("quarter", f"{ROMAN[i.number]} kwartał", i.number, year=y) for i in items]
    spans = [
        Span(_month_start(y, 3 * q.number - 2), _month_start(y, 3 * q.number + 1)) for q in quarters
    ]
    windows = _chain(quarters, spans, seps)
    if len(windows) > 1:
        return windows, K.ROUNDS, "range" in seps
    kind = K.QUARTER if windows[0] == spans[0] else K.QUARTERS
    return windows, kind, "range" in seps


def parse_period(text: str, default_year: int, as_of: date | None = None) -> Period:
    """Parse one printed period; a period without a year falls in `default_year`.

    `as_of` (the harmonogram's "stan na dzień"; default 1 January of `default_year`) starts
    the window of a deadline ("do 20 marca 2025"). Raises PeriodError (message in Polish,
    naming the text) when the text has date words in it but is not a period: an unknown
    month, a quarter V, a backwards run, "na początku marca", ….
    """
    stripped = text.strip()
    if not MIN_YEAR <= default_year <= MAX_YEAR:
        raise PeriodError(
            f'nie rozpoznano okresu "{stripped}": rok domyślny {default_year} spoza zakresu '
            f"{MIN_YEAR}–{MAX_YEAR}"
        )
    marks = "".join(FOOTNOTE_RE.findall(stripped))
    normalized = DASHES_RE.sub("-", FOOTNOTE_RE.sub(" ", stripped))
    if not normalized.replace("-", "").strip():
        return UndatedPeriod(text=stripped)
    try:
        tokens = tokenize(normalized)
    except Invalid as exc:
        raise PeriodError(f'nie rozpoznano okresu "{stripped}": {exc}') from None
    if not any(is_date_word(tok) for tok in tokens):
        month = lone_month_typo(tokens)
        if month is not None:
            raise PeriodError(
                f'nie rozpoznano okresu "{stripped}": nieznane słowo "{tokens[0].raw}" '
                f'— czy chodziło o "{month}"? (zadanie bez terminu proszę oznaczyć "-")'
            )
        return UndatedPeriod(text=stripped, note=stripped)
    try:
        return _parse(stripped, tokens, marks, default_year, as_of or date(default_year, 1, 1))
    except Invalid as exc:
        raise PeriodError(f'nie rozpoznano okresu "{stripped}": {exc}') from None


def _parse(text: str, tokens: list[Tok], marks: str, default_year: int, as_of: date) -> Period:
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
