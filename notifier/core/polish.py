"""Wording shared by the calendar, the page and the emails: plurals, dates, date spans, amounts.

Polish as it always was; in English or Ukrainian when an adapter speaks that language
(`notifier.core.language`): month names from Babel's locale data, in the case a date needs
("1–31 May 2025", "1–31 травня 2025").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import get_month_names
from babel.numbers import format_decimal

from notifier.core.language import (
    BABEL_LOCALES,
    N_,
    POLISH,
    current_language,
    polish_plural,
    tr_plural,
)
from notifier.core.language import gettext as _

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
    (but not 12–14), `many` otherwise (0, 5–21, 25–31…): 1 zadanie, 2 zadania, 5 zadań.
    Always Polish (the CLI, the office): `notifier.core.language.tr_plural` translates."""
    return polish_plural(n, one, few, many)


def count_minutes(n: int) -> str:
    """ "1 minutę", "2 minuty", "15 minut" (Polish, as after "ważny")."""
    return f"{n} {plural(n, 'minutę', 'minuty', 'minut')}"


def count_tasks(n: int) -> str:
    """'1 zadanie', '3 zadania', '12 zadań' ('3 tasks', '3 завдання')."""
    return tr_plural(n, "%(n)s zadanie", "%(n)s zadania", "%(n)s zadań") % {"n": n}


def count_more_tasks(n: int) -> str:
    """'jeszcze 1 zadanie', 'jeszcze 3 zadania' ('3 more tasks', 'ще 3 завдання'): the word
    order of "more" differs by language, so it is one plural message, not count_tasks."""
    return tr_plural(n, "jeszcze %(n)s zadanie", "jeszcze %(n)s zadania", "jeszcze %(n)s zadań") % {
        "n": n
    }


def count_days(n: int) -> str:
    """'1 dzień', '2 dni', '5 dni' ('2 days', '2 дні')."""
    return tr_plural(n, "%(n)s dzień", "%(n)s dni", "%(n)s dni") % {"n": n}


def short_month_names() -> tuple[str, ...]:
    """January to December, abbreviated, as a timeline labels its months ('sty', 'Jan', 'січ.')."""
    locale = _locale()
    if locale is None:
        return MONTHS_SHORT
    names = get_month_names("abbreviated", "stand-alone", locale)
    return tuple(str(names[month]) for month in range(1, 13))


def _locale() -> str | None:
    """Babel's locale of the current language, None for Polish (written by our own rules)."""
    language = current_language()
    return None if language == POLISH else BABEL_LOCALES[language]


def format_date(day: date) -> str:
    """'1 maja 2024': day, month in the genitive, year ('1 May 2024', '1 травня 2024')."""
    locale = _locale()
    if locale is not None:
        return babel_format_date(day, "d MMMM y", locale=locale)
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


def format_span(start: date, end: date) -> str:
    """A half-open span of days [start, end) as people read it, naming its last day:
    '1 maja – 31 maja 2024'; '1 maja 2024' for one day; both years when they differ
    ('1 grudnia 2024 – 31 stycznia 2025'). `end` must be after `start`."""
    last = end - timedelta(days=1)
    if start == last:
        return format_date(start)
    locale = _locale()
    if locale is not None:  # "1–31 May 2025", "1 April – 31 May 2025"
        if (start.year, start.month) == (last.year, last.month):
            return f"{start.day}–{format_date(last)}"
        pattern = "d MMMM" if start.year == last.year else "d MMMM y"
        return f"{babel_format_date(start, pattern, locale=locale)} – {format_date(last)}"
    first = f"{start.day} {MONTHS_GENITIVE[start.month - 1]}"
    if start.year != last.year:
        first += f" {start.year}"
    return f"{first} – {format_date(last)}"


def format_as_of(day: date) -> str:
    """'10.01.2024 r.', as the harmonogram prints 'stan na dzień' ('10 January 2024')."""
    if _locale() is not None:
        return format_date(day)
    return f"{day:%d.%m.%Y} r."


def format_amount(amount: Decimal) -> str:
    """PLN as Poles write it: '150 000 zł', '12 500,50 zł' (a no-break space between thousands);
    'PLN 150,000', '150 000 зл' in English and Ukrainian."""
    locale = _locale()
    if locale is not None:
        number = format_decimal(amount, "#,##0" if amount == int(amount) else "#,##0.00", locale)
        return _("%(amount)s zł") % {"amount": number}
    whole, cents = divmod(amount.quantize(Decimal("0.01")), 1)
    digits = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{digits},{int(cents * 100):02d} zł" if cents else f"{digits} zł"


# A total's units, largest first: (size, pattern of the rounded figure, its text). The
# figure is grouped by Babel in the reader's language ("12 346 mln" is never written: from
# a thousand million on, "mld zł").
_TOTAL_UNITS = (
    (Decimal(1_000_000_000), "#,##0.#", N_("%(amount)s mld zł")),
    (Decimal(1_000_000), "#,##0.#", N_("%(amount)s mln zł")),
    (Decimal(1_000), "#,##0", N_("%(amount)s tys. zł")),
)


def format_total(amount: Decimal) -> str:
    """A total in a heading: '2,3 mln zł', '850 tys. zł', '9 500 zł', '12,3 mld zł'; the
    largest unit of which the rounded figure is at least 1 (999 999 999 zł is '1 mld zł',
    not '1000 mln zł'); figures grouped and written by Babel in the reader's language
    ('PLN 12.3 billion', '12,3 млрд зл')."""
    if amount < 10_000:
        return format_amount(amount)
    locale = BABEL_LOCALES[current_language()]
    for size, pattern, text in _TOTAL_UNITS:
        step = Decimal("0.1") if "." in pattern else Decimal(1)
        value = (amount / size).quantize(step, ROUND_HALF_UP)
        if value >= 1:
            return _(text) % {"amount": format_decimal(value, pattern, locale)}
    return format_amount(amount)  # not reached: 10 000 zł is 10 tys. zł


_SCOPE_PREFIX = "W zakresie "


def listed_names(names: Sequence[str]) -> list[str]:
    """Task names to list in one line, the shared "W zakresie" said once: ["W zakresie
    rewitalizacji", "W zakresie turystyki"] -> ["W zakresie rewitalizacji", "turystyki"]
    (names built from fragments of a scope, Department.title_of); others as they are."""
    if len(names) > 1 and all(n.startswith(_SCOPE_PREFIX) for n in names):
        return [names[0]] + [n.removeprefix(_SCOPE_PREFIX) for n in names[1:]]
    return list(names)
