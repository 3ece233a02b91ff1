"""Polish wording shared by the calendar, the page and the emails: plurals, dates, date spans."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

MONTHS_GENITIVE = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
    "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
)  # fmt: skip
MONTHS_NOMINATIVE = (
    "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec",
    "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień",
)  # fmt: skip
MONTHS_SHORT = ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru")


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Polish plural form for a count `n` >= 0: `one` for 1, `few` for 2–4, 22–24, 32–34…
    (but not 12–14), `many` otherwise (0, 5–21, 25–31…): 1 zadanie, 2 zadania, 5 zadań."""
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def count_tasks(n: int) -> str:
    """'1 zadanie', '3 zadania', '12 zadań'."""
    return f"{n} {plural(n, 'zadanie', 'zadania', 'zadań')}"


def count_days(n: int) -> str:
    """'1 dzień', '2 dni', '5 dni'."""
    return f"{n} {plural(n, 'dzień', 'dni', 'dni')}"


def format_date(day: date) -> str:
    """'1 maja 2024': day, month in the genitive, year."""
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


def format_span(start: date, end: date) -> str:
    """A half-open span of days [start, end) as people read it, naming its last day:
    '1 maja – 31 maja 2024'; '1 maja 2024' for one day; both years when they differ
    ('1 grudnia 2024 – 31 stycznia 2025'). `end` must be after `start`."""
    last = end - timedelta(days=1)
    if start == last:
        return format_date(start)
    first = f"{start.day} {MONTHS_GENITIVE[start.month - 1]}"
    if start.year != last.year:
        first += f" {start.year}"
    return f"{first} – {format_date(last)}"


def format_as_of(day: date) -> str:
    """'10.01.2024 r.', as the harmonogram prints 'stan na dzień'."""
    return f"{day:%d.%m.%Y} r."


def format_amount(amount: Decimal) -> str:
    """PLN as Poles write it: '150 000 zł', '12 500,50 zł' (a no-break space between thousands)."""
    whole, cents = divmod(amount.quantize(Decimal("0.01")), 1)
    digits = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{digits},{int(cents * 100):02d} zł" if cents else f"{digits} zł"


def format_total(amount: Decimal) -> str:
    """A total in a heading: '2,3 mln zł', '850 tys. zł', '9 500 zł'."""
    if amount >= 1_000_000:
        value = (amount / 1_000_000).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{str(value).replace('.', ',').removesuffix(',0')} mln zł"
    if amount >= 10_000:
        value = (amount / 1_000).quantize(Decimal(1))
        return f"{value} tys. zł"
    return format_amount(amount)
