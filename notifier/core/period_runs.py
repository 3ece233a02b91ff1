"""Runs of dates inside one printed period: days, months, years, quarters and halves.

`read_run(tokens, default_year)` turns the tokens of one round ("3–14 listopada 2025",
"marzec, wrzesień", "II, III kwartał") into its windows; notifier.core.periods handles what
surrounds a run ("do …", "od …", "pomiędzy … a …", rounds, continuous calls).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from notifier.core.period_words import MONTH_NAMES, ROMAN, UNITS, Invalid, Tok, check_year, vague
from notifier.core.period_years import (
    carry_printed_year,
    crosses_new_year,
    item_name,
    two_new_years,
    year_pair,
)
from notifier.core.spans import PeriodKind, Span

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


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _month_span(year: int, month: int) -> Span:
    return Span(_month_start(year, month), _month_start(year, month + 1))


def _year_span(first: int, last: int | None = None) -> Span:
    return Span(date(first, 1, 1), date((last or first) + 1, 1, 1))


def at(sig: list[Tok], pos: int) -> str:
    """The kind of token `pos` of `sig`; "" past the end."""
    return sig[pos].kind if pos < len(sig) else ""


def read_run(sig: list[Tok], default_year: int) -> tuple[tuple[Span, ...], PeriodKind, bool]:
    """The windows of a run of items, their kind, and whether a range joined any."""
    items: list[_Item] = []
    seps: list[str] = []
    pos = 0
    while at(sig, pos) in _ITEM_KINDS:
        item, pos = _item(sig, pos)
        items.append(item)
        nxt = at(sig, pos)
        if item.kind == "day" and _day_starts(sig, pos):
            seps.append("range")  # "3 marca 24 marca 2025 r.": two dates whose dash was lost
            continue
        if item.kind == "year" and nxt == "year":  # "2025 2026": a lost dash or comma
            seps.append(year_pair(item.number, sig[pos].value))
            continue
        if item.kind == "month" and nxt == "month":  # "marzec wrzesień": a lost dash or comma?
            if sig[pos].value == item.number % 12 + 1:
                seps.append("list")  # "maj czerwiec": either reading is May–June
                continue
            a, b = item.raw, sig[pos].raw
            raise Invalid(
                f"między „{a}” a „{b}” brakuje znaku: „{a}–{b}” (cały okres) "
                f"czy „{a}, {b}” (dwa nabory)? Proszę wpisać myślnik albo przecinek"
            )
        if nxt not in ("list", "range", "to", "and_a") or at(sig, pos + 1) not in _ITEM_KINDS:
            break
        seps.append("list" if nxt == "list" else "range")
        pos += 1
    unit = sig[pos] if at(sig, pos) in UNITS else None
    pos += unit is not None
    month_of_half = sig[pos] if unit is not None and at(sig, pos) == "month" else None
    pos += month_of_half is not None
    year = sig[pos].value if at(sig, pos) == "year" else None
    pos += year is not None
    if unit is not None and unit.kind == "decade" and at(sig, pos) in ("range", "to", "list"):
        first = _decade_range(sig[pos + 1 :], items, seps, unit, month_of_half, year)
        return first(default_year, sig[pos].kind != "list")
    if pos < len(sig):
        after = f' po "{sig[pos - 1].raw}"' if pos else ""
        raise Invalid(f'niezrozumiały fragment "{sig[pos].raw}"{after}')

    if unit is not None:
        return _numbered(items, seps, unit, month_of_half, year, default_year)
    if not items:
        year = default_year if year is None else year
        return (_year_span(year),), K.YEAR, False
    kinds = {i.kind for i in items}
    if kinds == {"num"} and _roman_months(items):  # "XI–XII 2025": no quarter is V–XII
        last = len(items) - 1  # the year printed after the run is the last month's
        items = [
            _Item(
                "month",
                i.raw,
                i.number,
                year=year if n == last else None,
                printed_year=bool(year) and n == last,
            )
            for n, i in enumerate(items)
        ]
        kinds, year = {"month"}, None
    if kinds == {"num"}:
        raise _number_alone(items, year)
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


def _roman_months(items: list[_Item]) -> bool:
    """Roman numbers that can only be months: all I–XII, one of them past IV."""
    romans = all(i.raw.upper() in ROMAN and 1 <= i.number <= 12 for i in items)
    return romans and any(i.number > 4 for i in items)


def _number_alone(items: list[_Item], year: int | None) -> Invalid:
    """ "III 2025", "III–IV": a month or a quarter? Both readings named, neither taken."""
    printed = "–".join(i.raw for i in items) + (f" {year}" if year else "")
    if all(i.raw.isdigit() and 1 <= i.number <= 12 for i in items) and year:  # "03 2025"
        months = "–".join(MONTH_NAMES[i.number - 1][0] for i in items)
        quarters = (
            "–".join(ROMAN[i.number] for i in items) if all(i.number <= 4 for i in items) else ""
        )
        also = f" czy o „{quarters} kwartał {year}”" if quarters else ""
        return Invalid(f"po numerze brakuje słowa — czy chodziło o „{months} {year}”{also}?")
    if not all(i.raw.upper() in ROMAN and 1 <= i.number <= 12 for i in items):
        return Invalid('po numerze brakuje słowa "kwartał" albo "połowa"')
    months = "–".join(MONTH_NAMES[i.number - 1][0] for i in items) + (f" {year}" if year else "")
    if any(i.number > 4 for i in items):
        return Invalid(f"po numerze brakuje słowa — czy chodziło o „{months}”?")
    return Invalid(
        f"po numerze brakuje słowa: „{printed}” to {'miesiąc' if len(items) == 1 else 'miesiące'}"
        f" ({months}) czy {'kwartał' if len(items) == 1 else 'kwartały'} "
        f"(„{printed.replace(f' {year}', '')} kwartał{f' {year}' if year else ''}”)? "
        "Proszę dopisać nazwę miesiąca albo słowo „kwartał”"
    )


def _day_starts(sig: list[Tok], pos: int) -> bool:
    """A whole day (not a bare number) starts at `pos`: "24.03.2025", "24 marca", "24 III"."""
    if at(sig, pos) == "day":
        return True
    return (
        at(sig, pos) == "num"
        and not sig[pos].roman
        and ((at(sig, pos + 1) == "month" and sig[pos + 1].year is None) or _roman_at(sig, pos + 1))
    )


def _roman_at(sig: list[Tok], pos: int) -> bool:
    return pos < len(sig) and sig[pos].roman and at(sig, pos + 1) not in UNITS


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
        if year is None and at(sig, pos) == "year":
            year, pos = sig[pos].value, pos + 1
        return _Item("month", tok.raw, tok.value, year=year, printed_year=year is not None), pos
    # a number: a day before a month name or a Roman month ("20 XI 2025"), else a bare number
    month = None
    if (not tok.roman and at(sig, pos) == "month" and sig[pos].year is None) or (
        not tok.roman and pos < len(sig) and sig[pos].roman and at(sig, pos + 1) not in UNITS
    ):
        month, pos = sig[pos].value, pos + 1
    if month is None:
        return _Item("num", tok.raw, tok.value), pos
    year = None
    if at(sig, pos) == "year":
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
    return carry_printed_year(out)


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
        raise Invalid(f"nie ma dnia {item_name(item)} w kalendarzu") from None
    return Span(day, day + timedelta(days=1))


def _chain(items: list[_Item], spans: list[Span], seps: list[str]) -> tuple[Span, ...]:
    """Join ranges, merge a list's consecutive items, keep gaps apart (rounds); must ascend."""
    windows = [spans[0]]
    for index, sep in enumerate(seps, start=1):
        a, b = items[index - 1], items[index]
        prev, span = spans[index - 1], spans[index]
        if span == prev and sep == "range":  # "31.03.2026 10:00 31.03.2026 12:00": one day
            continue
        if span == prev:
            raise Invalid(f"{item_name(a)} podano dwa razy")
        if span.start < prev.end:
            if not a.printed_year and crosses_new_year(a, b, sep == "range"):
                raise two_new_years(a, b)
            raise Invalid(f"{item_name(a)} i {item_name(b)} są w odwrotnej kolejności")
        if sep == "range" or span.start == windows[-1].end:
            windows[-1] = Span(windows[-1].start, span.end)
        else:
            windows.append(span)
    return tuple(windows)


def _numbered(
    items: list[_Item],
    seps: list[str],
    unit: Tok,
    month_of_half: Tok | None,
    year: int | None,
    default_year: int,
) -> tuple[tuple[Span, ...], PeriodKind, bool]:
    """Quarters, halves of the year, halves and decades of a month: numbers before the unit."""
    if unit.kind == "decade":
        return _decades(items, seps, unit, month_of_half, year or default_year)
    if not items:
        if unit.kind == "half" and (month_of_half is not None or unit.raw.lower() == "połowie"):
            raise vague(f"w {unit.raw}" if unit.raw.lower() == "połowie" else unit.raw)
        example = "II kwartał {YEAR}" if unit.kind == "quarter" else "II połowa {YEAR}"
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
    if unit.kind == "half" and month_of_half is not None:
        if len(items) > 1:
            raise Invalid('proszę podać jedną połowę miesiąca, np. "w I połowie marca"')
        half = items[0].number
        y = month_of_half.year or year or default_year
        check_year(y)
        month = month_of_half.value
        start = date(y, month, 1 if half == 1 else 16)
        end = date(y, month, 16) if half == 1 else _month_start(y, month + 1)
        return (Span(start, end),), K.HALF_MONTH, False
    y = default_year if year is None else year
    size, word = (3, "kwartał") if unit.kind == "quarter" else (6, "półrocze")
    parts = [_Item("quarter", f"{ROMAN[i.number]} {word}", i.number, year=y) for i in items]
    spans = [
        Span(_month_start(y, size * q.number - size + 1), _month_start(y, size * q.number + 1))
        for q in parts
    ]
    windows = _chain(parts, spans, seps)  # "I i II półrocze": the whole year
    if len(windows) > 1:
        return windows, K.ROUNDS, "range" in seps
    if unit.kind == "half":
        return windows, K.HALF_YEAR if windows[0] == spans[0] else K.YEAR, "range" in seps
    kind = K.QUARTER if windows[0] == spans[0] else K.QUARTERS
    return windows, kind, "range" in seps


def _decades(
    items: list[_Item], seps: list[str], unit: Tok, month: Tok | None, year: int
) -> tuple[tuple[Span, ...], PeriodKind, bool]:
    """ "I dekada kwietnia 2025" (1–10), "w II dekadzie" (11–20), "3-cia dekada" (21–end)."""
    if month is None or not items:
        raise Invalid(
            f'przy "{unit.raw}" proszę podać numer i miesiąc, np. "II dekada marca {{YEAR}}" '
            "(dni 11–20)"
        )
    if any(i.kind != "num" or not 1 <= i.number <= 3 for i in items):
        wrong = next(i for i in items if i.kind != "num" or not 1 <= i.number <= 3)
        raise Invalid(f"nie ma dekady {wrong.raw} (są I, II i III: dni 1–10, 11–20, 21–koniec)")
    y = month.year or year
    check_year(y)
    parts = [_Item("quarter", f"{ROMAN[i.number]} dekada", i.number, year=y) for i in items]
    spans = [
        Span(
            date(y, month.value, 10 * d.number - 9),
            date(y, month.value, 10 * d.number + 1)
            if d.number < 3
            else _month_start(y, month.value + 1),
        )
        for d in parts
    ]
    windows = _chain(parts, spans, seps)  # "I–II dekada marca": days 1–20
    if len(windows) > 1:
        return windows, K.ROUNDS, "range" in seps
    return windows, K.DECADE if windows[0] == spans[0] else K.DAYS, "range" in seps


def _decade_range(
    rest: list[Tok],
    items: list[_Item],
    seps: list[str],
    unit: Tok,
    month: Tok | None,
    year: int | None,
) -> Callable[[int, bool], tuple[tuple[Span, ...], PeriodKind, bool]]:
    """ "III dekada marca – I dekada kwietnia 2025": the first decade's first day to the second's
    last ("… i I dekada kwietnia": two windows unless they meet); the first decade takes the
    second's year when it has none printed."""

    def read(default_year: int, ranged: bool) -> tuple[tuple[Span, ...], PeriodKind, bool]:
        if not any(t.kind == "decade" for t in rest):
            raise Invalid(
                f'po "{unit.raw}" proszę podać drugą dekadę, np. "I dekada kwietnia {{YEAR}}"'
            )
        later, _, _ = read_run(rest, default_year)
        first, _, _ = _decades(items, seps, unit, month, year or later[0].start.year)
        if later[0].start < first[-1].end:
            raise Invalid("dekady są w odwrotnej kolejności albo nachodzą na siebie")
        if ranged or later[0].start == first[-1].end:
            return (Span(first[0].start, later[-1].end),), K.DAYS, ranged
        return (*first, *later), K.ROUNDS, False

    return read
