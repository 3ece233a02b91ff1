"""The grammar of printed periods: significant tokens to rounds, rounds to windows and a kind.

notifier.core.periods frames and tokenizes a printed period, then hands its tokens here:
`read_tokens` drops fillers, resolves "i" and the harmonogram-relative years, splits rounds at
";" and round labels, and reads each round as a deadline ("do …"), an open end ("od …"), a
"pomiędzy … a …" or a run of dates (notifier.core.period_runs). `names_a_date` tells a date
word from a length of time ("pół roku"). See notifier.core.periods for the whole grammar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notifier.core.period_qualifiers import refuse_doubtful
from notifier.core.period_runs import at, read_run
from notifier.core.period_words import (
    MULTI_YEAR_WORDS,
    UNITS,
    Invalid,
    Tok,
    check_year,
    is_date_word,
    meaning,
    unknown,
    vague,
)
from notifier.core.spans import DatedPeriod, Period, PeriodKind, Span

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
    for index, tok in enumerate(tokens):
        if tok.kind == "last":  # "w ostatnim kwartale": the last quarter, half or decade
            tok = _last(tok, tokens[index + 1] if index + 1 < len(tokens) else None)
        if tok.kind == "year":
            check_year(tok.value)
        if tok.kind == "month" and tok.year is not None:
            if not 1 <= tok.value <= 12:
                raise Invalid(f'miesiąc {tok.value} w "{tok.raw}" nie istnieje (są 1–12)')
            check_year(tok.year)
        if tok.kind in ("filler", "yearword", "continuous", "multiyear"):
            continue
        if tok.kind == "relyear":  # "bieżącego roku", "przyszłego roku": the harmonogram's, next
            check_year(default_year + tok.value)
            tok = Tok("year", tok.raw, default_year + tok.value)
        if tok.kind == "and":
            after_item = bool(out) and out[-1].kind in ("month", "num", "year", "day")
            after_day = bool(out) and out[-1].kind == "num" and out[-1].raw.isdigit()
            if after_item and not (tok.raw == "I" and after_day):  # "1 I 2025": January
                tok = Tok("list", tok.raw)
            else:
                tok = Tok("num", tok.raw, 1)
        out.append(tok)
    return out


_LAST = {"quarter": 4, "half": 2, "decade": 3}


def _last(tok: Tok, after: Tok | None) -> Tok:
    """ "ostatni kwartał", "ostatnia dekada marca": the last of the unit after it; "ostatni"
    before anything else (a week, a day) names no window the grammar reads."""
    if after is None or after.kind not in _LAST:
        raise Invalid(
            f"„{tok.raw}” czego? proszę podać kwartał, półrocze albo dni (np. „IV kwartał {{YEAR}}”)"
        )
    return Tok("num", tok.raw, _LAST[after.kind])


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


def names_a_date(tokens: list[Tok], n: int) -> bool:
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


def read_tokens(text: str, tokens: list[Tok], marks: str, default_year: int, as_of: date) -> Period:
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
