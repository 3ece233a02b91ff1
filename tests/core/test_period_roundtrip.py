"""Property: any window printed in any supported form, framed in any words that change nothing,
reads back to the same window (issue 21). No deadlines: see tests/conftest.py's profiles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier.core.period_lexicon import WEEKDAYS
from notifier.core.periods import MONTH_NAMES, ROMAN, PeriodError, PeriodKind, parse_period

K = PeriodKind
AS_OF = date(2020, 1, 1)  # before every drawn window, so a deadline's window starts here


def _words(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1][1]} {day.year}"


# One printed day, each as a real document prints it; the year is always printed.
DAY_FORMS: dict[str, Callable[[date], str]] = {
    "dots": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "short dots": lambda d: f"{d.day}.{d.month}.{d.year}",
    "dots r.": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year} r.",
    "iso": lambda d: d.isoformat(),
    "slashes": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "dashes": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "year first dots": lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    "words": _words,
    "words r.": lambda d: f"{_words(d)} r.",
    "words roku": lambda d: f"{_words(d)} roku",
    "roman": lambda d: f"{d.day} {ROMAN[d.month]} {d.year}",
    "weekday": lambda d: f"{_words(d)} r. ({WEEKDAYS[d.weekday()][0]})",
    "hour": lambda d: f"{_words(d)} r., godz. 15:30",
    "hour before": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year} r. do godz. 16.00",
    "seconds": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year} r. do godziny 23:59:59",
    "after an hour": lambda d: f"{_words(d)} po godz. 18.00",
    "weekday and hour": lambda d: (
        f"{d.day:02d}.{d.month:02d}.{d.year} {WEEKDAYS[d.weekday()][0]} 9:00"
    ),
    "o godzinie": lambda d: f"{_words(d)} r. o godzinie 17.00",
    "spaced slashes": lambda d: f"{d.day:02d} / {d.month:02d} / {d.year}",
    "comma before the year": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1][1]}, {d.year}",
    "hour without its colon": lambda d: f"{_words(d)} r. godz. 1530",
    "hour alone": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year} r. do godziny 12.",
    "end of the day": lambda d: f"{_words(d)} r. do końca dnia",
}
# A range of two printed days: start, end.
RANGE_FORMS = (
    "od {} do {}",
    "{} – {}",
    "{} - {}",
    "{} {}",  # the dash a PDF lost
    "od: {} do: {}",
    "od dnia {} do dnia {}",
    "pomiędzy {} a {}",
    "nie wcześniej niż {} i nie później niż {}",
    "nie wcześniej niż od {} i nie później niż do dnia {}",
    "może rozpocząć się nie wcześniej niż {} i nie może skończyć się później niż {}",
    "rusza {} i potrwa do {}",
    "z dniem {} do {}",
)
# A range in a sentence: the noun or the verbs say which end is which (no framing around it).
SENTENCE_RANGES = (
    "okres od {} do {}",
    "za okres od {} do {}",
    "rozpoczyna się {} i kończy się {}",
    "Nabór zaczyna się {}, a kończy {}",
)
DEADLINE_FORMS = (
    "do {}",
    "do dnia {}",
    "do dn. {}",
    "najpóźniej do {}",
    "nie później niż {}",
    "od dnia ogłoszenia do {}",
    "od dnia zawarcia umowy do {}",
    "w ciągu 21 dni od dnia ogłoszenia, tj. do {}",
)
# A sentence around a deadline: the verb says the date is the last day (no framing around it).
VERB_DEADLINES = (
    "kończy się {}",
    "Termin składania wniosków upływa z dniem {}",
    "Realizacja zadania powinna zakończyć się do {}",
    "nabór trwa do {}",
    "Termin składania wniosków na rok 2031 mija {}",
)
# Framing around the whole period: words that change nothing.
FRAMES = (
    "{}",
    "w terminie {}",
    "w okresie {}",
    "Termin składania ofert: {}",
    "{} (decyduje data wpływu)",
    "{} włącznie",
    "{}:",
    "{};",
    "{} w dni robocze w godzinach od 8:00 do 15:00",
    "{} w godzinach pracy Urzędu Miejskiego (tj. od godz. 7.15 do 16.15)",
    "{}, w miarę posiadanych środków finansowych",
)
days = st.dates(date(2020, 1, 2), date(2030, 12, 1))
forms = st.sampled_from(sorted(DAY_FORMS))


@given(
    days,
    st.integers(1, 90),
    forms,
    forms,
    st.sampled_from(RANGE_FORMS),
    st.sampled_from((*FRAMES, "w wybranym przez wykonawcę terminie {}", "w dowolnym terminie {}")),
)
def test_any_range_reads_back(start, length, form_a, form_b, shape, framing) -> None:
    end = start + timedelta(days=length)
    text = framing.format(shape.format(DAY_FORMS[form_a](start), DAY_FORMS[form_b](end)))
    period = parse_period(text, start.year, AS_OF)
    assert period.kind == K.DAYS, text
    assert [(w.start, w.last_day) for w in period.windows] == [(start, end)], text


@given(days, forms, st.sampled_from(DEADLINE_FORMS), st.sampled_from(FRAMES))
def test_any_deadline_reads_back(day, form, shape, framing) -> None:
    text = framing.format(shape.format(DAY_FORMS[form](day)))
    period = parse_period(text, day.year, AS_OF)
    assert period.kind == K.DEADLINE, text
    assert [(w.start, w.last_day) for w in period.windows] == [(AS_OF, day)], text


@given(days, st.integers(1, 90), forms, forms, st.sampled_from(SENTENCE_RANGES))
def test_any_range_in_a_sentence_reads_back(start, length, form_a, form_b, shape) -> None:
    end = start + timedelta(days=length)
    text = shape.format(DAY_FORMS[form_a](start), DAY_FORMS[form_b](end)) + ":"
    period = parse_period(text, end.year, AS_OF)
    assert [(w.start, w.last_day) for w in period.windows] == [(start, end)], text


@given(days, forms, st.sampled_from(VERB_DEADLINES), st.sampled_from(("{}", "{}:", "{}.")))
def test_any_deadline_in_a_sentence_reads_back(day, form, shape, framing) -> None:
    text = framing.format(shape.format(DAY_FORMS[form](day)))
    period = parse_period(text, day.year, AS_OF)
    assert period.kind == K.DEADLINE, text
    assert [(w.start, w.last_day) for w in period.windows] == [(AS_OF, day)], text


DAY_FRAMES = tuple(f for f in FRAMES if not f.startswith("Termin"))


# A day with its one hour after "do" ("05.11.2015 r. do godziny 12.00"): offers until that hour.
UNTIL_HOUR_FORMS = ("hour before", "seconds", "hour alone")


@given(
    days,
    st.sampled_from(sorted(set(DAY_FORMS) - set(UNTIL_HOUR_FORMS))),
    st.sampled_from(
        (*DAY_FRAMES, "z dniem {}", "z dnia {}", "Dodano: {}", "Termin ogłoszenia: {}")
    ),
)
def test_any_day_reads_back(day, form, framing) -> None:
    text = framing.format(DAY_FORMS[form](day))
    period = parse_period(text, day.year, AS_OF)
    assert [(w.start, w.last_day) for w in period.windows] == [(day, day)], text


@given(days, st.sampled_from(UNTIL_HOUR_FORMS), st.sampled_from(FRAMES))
def test_any_day_until_its_hour_is_the_deadline(day, form, framing) -> None:
    text = framing.format(DAY_FORMS[form](day))
    period = parse_period(text, day.year, AS_OF)
    assert period.kind == K.DEADLINE, text
    assert [(w.start, w.last_day) for w in period.windows] == [(AS_OF, day)], text


# "Termin składania ofert: 19 czerwca 2025": the last day for offers, whatever is submitted.
SUBMISSION_LABELS = (
    "Termin składania ofert: {}",
    "TERMIN SKŁADANIA WNIOSKÓW: {}",
    "Termin nadsyłania zgłoszeń: {}",
    "Termin złożenia projektów – {}",
    "termin do składania ofert {}",
)


@given(days, forms, st.sampled_from(SUBMISSION_LABELS))
def test_a_submission_label_makes_any_day_the_deadline(day, form, label) -> None:
    text = label.format(DAY_FORMS[form](day))
    period = parse_period(text, day.year, AS_OF)
    assert period.kind == K.DEADLINE, text
    assert [(w.start, w.last_day) for w in period.windows] == [(AS_OF, day)], text


def _month_end(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)


MONTH_FORMS: dict[str, Callable[[date], str]] = {
    "name": lambda d: f"{MONTH_NAMES[d.month - 1][0]} {d.year}",
    "name r.": lambda d: f"{MONTH_NAMES[d.month - 1][0]} {d.year} r.",
    "genitive": lambda d: f"{MONTH_NAMES[d.month - 1][1]} {d.year} roku",
    "locative": lambda d: f"w {MONTH_NAMES[d.month - 1][2]} {d.year}",
    "w miesiącu": lambda d: f"w miesiącu {MONTH_NAMES[d.month - 1][2]} {d.year} r.",
    "numeric": lambda d: f"{d.month:02d}.{d.year}",
}


@given(days, st.sampled_from(sorted(MONTH_FORMS)), st.sampled_from(FRAMES[:3]))
def test_any_month_reads_back(day, form, framing) -> None:
    text = framing.format(MONTH_FORMS[form](day))
    period = parse_period(text, day.year, AS_OF)
    first = day.replace(day=1)
    assert [(w.start, w.last_day) for w in period.windows] == [(first, _month_end(day))], text


@given(days, st.integers(1, 20), st.sampled_from(("{} – {}", "{}-{}", "od {} do {}")))
def test_any_run_of_months_in_one_year_reads_back(day, months, shape) -> None:
    first = day.replace(day=1)
    last_month = min(first.month + months % 12, 12)
    if last_month == first.month:
        return
    text = shape.format(
        MONTH_NAMES[first.month - 1][0], f"{MONTH_NAMES[last_month - 1][0]} {first.year} r."
    )
    period = parse_period(text, first.year, AS_OF)
    last = _month_end(date(first.year, last_month, 1))
    assert [(w.start, w.last_day) for w in period.windows] == [(first, last)], text


@given(
    st.integers(2020, 2030), st.sampled_from(("b.r.", "br.", "r.b.", "bieżącego roku", "tego roku"))
)
def test_the_current_year_in_any_abbreviation(year, words) -> None:
    period = parse_period(f"do 15 kwietnia {words}", year, date(year, 1, 1))
    assert period.windows[-1].last_day == date(year, 4, 15)


QUARTER_FORMS = ("{q} kwartał {y}", "w {q} kwartale {y} r.", "{q} kw. {y}", "{q} kwartał roku {y}")
HALF_FORMS = ("{h} połowa {y} r.", "w {h} półroczu {y}", "{h} poł. {y}", "{h} półr. {y}")


@given(
    st.integers(2020, 2030),
    st.integers(1, 4),
    st.sampled_from(QUARTER_FORMS),
    st.sampled_from(("{}", "w terminie: {}", "{} (planowany termin)")),
)
def test_any_quarter_reads_back(year, quarter, shape, framing) -> None:
    text = framing.format(shape.format(q=ROMAN[quarter], y=year))
    period = parse_period(text, year, AS_OF)
    first = date(year, 3 * quarter - 2, 1)
    last = _month_end(date(year, 3 * quarter, 1))
    assert [(w.start, w.last_day) for w in period.windows] == [(first, last)], text


@given(st.integers(2020, 2030), st.integers(1, 2), st.sampled_from(HALF_FORMS))
def test_any_half_year_reads_back(year, half, shape) -> None:
    period = parse_period(shape.format(h=ROMAN[half], y=year), year, AS_OF)
    first, last = date(year, 6 * half - 5, 1), _month_end(date(year, 6 * half, 1))
    assert [(w.start, w.last_day) for w in period.windows] == [(first, last)]


@given(days, st.sampled_from(("10:00", "8:00")), st.sampled_from(("12:00", "15:30", "23:59")))
def test_one_day_printed_twice_with_two_hours_is_that_day(day, start, end) -> None:
    text = f"{day:%d.%m.%Y} {start} {day:%d.%m.%Y} {end}"
    period = parse_period(text, day.year, AS_OF)
    assert [(w.start, w.last_day) for w in period.windows] == [(day, day)], text


DECADE_FORMS = (
    "{r} dekada {m} {y}", "w {r} dekadzie {m} {y} r.", "{n}{end} dekada {m} {y}",
    "w {w} dekadzie {m} {y}", "{w} dekada {m} {y} roku",
)  # fmt: skip
_DECADE_ENDINGS = {1: "-sza", 2: "-ga", 3: "-cia"}
_DECADE_WORDS = {1: ("pierwszej", "pierwsza"), 2: ("drugiej", "druga"), 3: ("trzeciej", "trzecia")}


@given(days, st.integers(1, 3), st.sampled_from(DECADE_FORMS))
def test_any_decade_of_a_month_reads_back(day, decade, shape) -> None:
    locative, nominative = _DECADE_WORDS[decade]
    text = shape.format(
        r=ROMAN[decade], n=decade, end=_DECADE_ENDINGS[decade], y=day.year,
        m=MONTH_NAMES[day.month - 1][1], w=locative if "w {w}" in shape else nominative,
    )  # fmt: skip
    period = parse_period(text, day.year, AS_OF)
    first = day.replace(day=10 * decade - 9)
    last = day.replace(day=10 * decade) if decade < 3 else _month_end(day)
    assert period.kind == K.DECADE, text
    assert [(w.start, w.last_day) for w in period.windows] == [(first, last)], text


APPROXIMATE = (
    "ok. {}",
    "około {}",
    "orientacyjnie {}",
    "{} (orientacyjnie)",
    "szacowany termin {}",
)


@given(days, forms, st.sampled_from(APPROXIMATE))
def test_an_estimate_of_any_day_is_refused_never_read_as_exact(day, form, shape) -> None:
    with pytest.raises(PeriodError, match="przybliżony"):
        parse_period(shape.format(DAY_FORMS[form](day)), day.year, AS_OF)


@given(st.integers(1, 31), st.sampled_from(("{}", " {} ", "{}.")))
def test_a_bare_number_is_refused_naming_what_it_may_be(number, shape) -> None:
    with pytest.raises(PeriodError, match=f"sama liczba „{number}”"):
        parse_period(shape.format(number), 2025, AS_OF)
