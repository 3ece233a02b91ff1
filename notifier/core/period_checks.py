"""Checks and adjustments of a period once read: what the print says twice must agree.

A date restated after "tj." or in brackets must be the same window (`same_day`); a weekday
printed beside a date must be that date's (`check_weekdays`); a day given after a rule counted
from an event ("30 dni od dnia ogłoszenia, tj. 15.03.2025") is the deadline the rule gives
(`rule_deadline`); an end at midnight ("do 15.03.2025 godz. 0:00") is the instant the day
before ends (`midnight_end`); a month heading must overlap the stage's dates (`heading_agrees`). Each names both readings when the print disagrees with itself.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from notifier.core.period_lexicon import WEEKDAYS
from notifier.core.period_words import Invalid
from notifier.core.polish import format_date, format_span
from notifier.core.spans import DatedPeriod, Period, PeriodKind, Span

K = PeriodKind


def same_day(period: Period, restated: Period) -> None:
    """A date printed twice ("do 10 marca 2025 r., tj. do 10 marca", "I kwartał (styczeń–
    marzec)") must be the same window; otherwise both readings are named."""
    if not restated.windows or not period.windows:
        return
    same_end = period.windows[-1].last_day == restated.windows[-1].last_day
    deadline = K.DEADLINE in (period.kind, restated.kind)
    if same_end and (deadline or period.windows[0].start == restated.windows[0].start):
        return
    raise Invalid(
        f"druk podaje dwa różne terminy: {_described(period)} i {_described(restated)} — "
        "proszę sprawdzić, który jest właściwy"
    )


def heading_agrees(period: Period, heading: str, month: Period) -> None:
    """A month heading over a stage's precise dates ("MARZEC - zgłaszanie projektów (od 14
    marca do 13 kwietnia)") files the stage; the dates count when the month overlaps them,
    otherwise the print disagrees with itself and both are named."""
    if not period.windows or not month.windows:
        return
    window, named = period.windows[0], month.windows[0]
    for year in {window.start.year, window.last_day.year}:
        first = named.start.replace(year=year)
        after = named.end.replace(year=year + (named.end.year - named.start.year))
        if first < period.windows[-1].end and window.start < after:
            return
    raise Invalid(
        f"nagłówek „{heading}” ({_described(month)}) nie zgadza się z datami "
        f"{_described(period)} — proszę sprawdzić, który termin jest właściwy"
    )


def _described(period: Period) -> str:
    if period.kind == K.DEADLINE:
        return f"do {format_date(period.windows[-1].last_day)}"
    return format_span(period.windows[0].start, period.windows[-1].end)


def check_weekdays(period: Period, weekdays: tuple[int, ...]) -> None:
    """A weekday printed beside a date must be that date's weekday; otherwise the print is
    wrong somewhere and both readings are named ("10 marca 2025 to poniedziałek, nie wtorek")."""
    if not weekdays or not period.windows:
        return
    window = period.windows[-1]
    days = {
        K.DAY: (window.start,),
        K.DEADLINE: (window.last_day,),
        K.DAYS: (window.start, window.last_day),
    }.get(period.kind, ())
    if len(weekdays) == 1 and len(days) == 2:  # "od 3 do 24 marca (poniedziałek)"
        days = tuple(d for d in days if d.weekday() == weekdays[0]) or days[-1:]
    for day, printed in zip(days, weekdays, strict=False):
        if day.weekday() != printed:
            raise Invalid(
                f"{format_date(day)} to {WEEKDAYS[day.weekday()][0]}, a w druku "
                f"„{WEEKDAYS[printed][0]}” — proszę sprawdzić, która data jest właściwa"
            )


# "30 dni od dnia ogłoszenia", "w ciągu 21 dni kalendarzowych od daty publikacji": a time limit
# counted from an event, which a day after "tj." states as its last day.
_COUNTED_RULE = re.compile(
    r"(?<![^\W\d_])(?:dni|dnia|tygodni[ea]?|miesi[eę]cy|miesi[aą]ca|miesi[aą]ce)"
    r"(?:\s+(?:roboczych|kalendarzowych))?\s+(?:od|po|licz[aą]c\s+od)(?![^\W\d_])",
    re.IGNORECASE,
)
_THAT_IS = re.compile(r"(?<![^\W\d_])tj(?![^\W\d_])", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"(?<![^\W\d_])(?:nie\s+wcze[sś]niej|najwcze[sś]niej)", re.IGNORECASE)
_AFTER = re.compile(r"(?<![^\W\d_])po(?:\s+up[łl]ywie)?(?![^\W\d_])", re.IGNORECASE)


def rule_deadline(period: Period, kept: tuple[str, ...], text: str, as_of: date) -> Period:
    """ "30 dni od dnia ogłoszenia, tj. 15.03.2025": the day after "tj." is the last one the rule
    allows, the offer deadline (termin), not a one-day window; `kept` holds the rule set aside.
    A lower bound ("nie wcześniej niż 15 dni od …, tj. 15.03.2025") is the first day instead,
    open-ended; "po upływie 14 dni …, tj. …" may name the last day of the limit or the first after
    it, so both are named."""
    rules = [words for words in kept if _COUNTED_RULE.search(words)]
    if period.kind != K.DAY or not rules or not _THAT_IS.search(text):
        return period
    day = period.windows[0].start
    if any(_AFTER.search(words) for words in rules):
        raise Invalid(
            f"„{rules[0]}”: {format_date(day)} to ostatni dzień tego okresu czy pierwszy po nim? "
            f"Proszę wpisać „do {format_date(day)}” albo „od {format_date(day)}”"
        )
    if any(_NOT_BEFORE.search(words) for words in rules):
        end = date(day.year + 1, 1, 1)
        return DatedPeriod(period.text, K.OPEN_ENDED, (Span(day, end),), period.note)
    return DatedPeriod(
        period.text, K.DEADLINE, (Span(min(as_of, day), day + timedelta(days=1)),), period.note
    )


def midnight_end(period: Period, as_of: date, until: bool) -> Period:
    """ "do 15.03.2025 godz. 0:00", "od 1.03.2025 do 15.03.2025 00:00": an end at midnight is
    the instant the day before ends, so the day printed is no longer in the window; its hour
    stays in the note. A single day or a start at midnight is that day; a single day "do godz.
    0:00" ends at its first instant or is printed for its whole day, so both are named."""
    if isinstance(period, DatedPeriod) and period.kind == K.DAY and until:
        day = period.windows[0].start
        raise Invalid(
            f"„do godz. 0:00” dnia {format_date(day)} to koniec dnia poprzedniego "
            f"({format_date(day - timedelta(days=1))}) czy całego {format_date(day)}? Proszę "
            "wpisać godzinę 24:00 albo dzień, który ma się liczyć"
        )
    if not isinstance(period, DatedPeriod) or period.kind not in (K.DEADLINE, K.DAYS):
        return period
    if len(period.windows) != 1:
        return period
    window = period.windows[0]
    last = window.last_day - timedelta(days=1)
    start = min(as_of, last) if period.kind == K.DEADLINE else window.start
    kind = K.DAY if period.kind == K.DAYS and start == last else period.kind
    return DatedPeriod(
        period.text, kind, (Span(start, window.last_day),), period.note, period.window
    )


def late_start(period: Period) -> Period:
    """ "od 14.03.2025 godz. 24:00 do 20.03.2025": a start at 24:00 is the instant the next day
    begins, so the printed day is not in the window; the hour stays in the note."""
    if not isinstance(period, DatedPeriod) or period.kind not in (K.DAYS, K.OPEN_ENDED):
        return period
    window = period.windows[0]
    start = window.start + timedelta(days=1)
    if start >= window.end:  # "od 31.12.2025 godz. 24:00": nothing of that year is left
        raise Invalid(
            f"okres zaczyna się o północy po {format_date(window.start)}, więc nie zostaje z "
            "niego ani jeden dzień — proszę podać dni, które mają się liczyć"
        )
    kind = K.DAY if period.kind == K.DAYS and start == window.last_day else period.kind
    return DatedPeriod(
        period.text,
        kind,
        (Span(start, window.end), *period.windows[1:]),
        period.note,
        period.window,
    )


# "01.01.99", "1-1-99": a numeric date whose year has two digits (read as 20YY).
_TWO_DIGIT_YEAR = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?!\d|\.\d)")
TWO_DIGIT_YEAR_SLACK = 5  # years from the harmonogram's a two-digit year may be (5: a
# multi-year call's longest term, DOMAIN.md); one further off is refused


def two_digit_years(text: str, default_year: int) -> None:
    """A year printed in two digits is read as 20YY only near the harmonogram's year (blind11
    M3: "01.01.99" in a 2027 harmonogram became 1 January 2099, 72 years ahead — more likely
    1999 or a typo); one further off is refused naming both readings."""
    for found in _TWO_DIGIT_YEAR.finditer(text):
        day, month, two = found.groups()
        year = 2000 + int(two)
        if not 1 <= int(month) <= 12 or abs(year - default_year) <= TWO_DIGIT_YEAR_SLACK:
            continue
        raise Invalid(
            f"„{found.group(0)}”: rok zapisany dwiema cyframi ({two}) to {year} czy "
            f"{year - 100}? Oba daleko od roku harmonogramu ({default_year}) — proszę podać "
            f"rok czterema cyframi, np. {int(day):02d}.{int(month):02d}.{default_year}"
        )


def deadline_not_continuous(kinds: list[str], raw: list[str]) -> None:
    """A deadline ("do 15 marca 2027 r.") followed by "w trybie ciągłym" contradicts itself
    (blind11 M4; cells glued by a PDF's layout print so): one call by a day, or offers taken
    all the time? Refused naming both. A continuous call with an end, written mode first
    ("w trybie ciągłym, do 30 listopada"), stays a continuous window."""
    significant = [(k, r) for k, r in zip(kinds, raw, strict=True) if k != "filler"]
    if not significant or significant[0][0] not in ("to", "by"):
        return
    at = next((i for i, (k, _) in enumerate(significant) if k == "continuous"), None)
    dated = any(k in ("num", "month", "year", "date") for k, _ in significant[:at])
    if at is None or not dated:
        return
    deadline = " ".join("r." if k == "yearword" and r == "r" else r for k, r in significant[:at])
    word = significant[at][1]
    mode = "na bieżąco" if word.lower().startswith("bie") else f"w trybie {word}"
    raise Invalid(
        f"termin „{deadline}” i „{mode}” wykluczają się — jedno ogłoszenie najpóźniej do tego "
        f"dnia czy nabór ciągły? Nabór ciągły z datą końca proszę zapisać „w trybie ciągłym "
        f"{deadline}”, jedno ogłoszenie – samo „{deadline}”"
    )
