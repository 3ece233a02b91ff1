"""The kinds of period real harmonograms print: a table per kind and a property per kind.

Days and day ranges, deadlines ("do …"), halves of a month, ordinals, several and relative
years, rounds, continuous calls, open-ended periods, footnote marks, and the vague wordings
that are refused. Each property builds texts of its kind from parts and checks the windows.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifier.core.periods import (
    MONTH_NAMES,
    ROMAN,
    DatedPeriod,
    PeriodError,
    PeriodKind,
    Span,
    UndatedPeriod,
    parse_period,
)
from notifier.core.spans import window_wording

K = PeriodKind
D = date
YEAR = 2025
AS_OF = D(2025, 1, 20)
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def windows(text: str, year: int = YEAR, as_of: date = AS_OF) -> tuple[K, list[tuple[D, D]]]:
    period = parse_period(text, year, as_of)
    return period.kind, [(w.start, w.end) for w in period.windows]


def one(start: D, last: D) -> list[tuple[D, D]]:
    """One window from `start` to `last` inclusive."""
    return [(start, last + timedelta(days=1))]


TABLE = [
    # exact days and day ranges
    ("15.03.2025", K.DAY, one(D(2025, 3, 15), D(2025, 3, 15))),
    ("15 marca 2025 r.", K.DAY, one(D(2025, 3, 15), D(2025, 3, 15))),
    ("3–14 listopada 2025", K.DAYS, one(D(2025, 11, 3), D(2025, 11, 14))),
    ("od 2 czerwca do 23 czerwca 2025 r.", K.DAYS, one(D(2025, 6, 2), D(2025, 6, 23))),
    ("10 lutego – 3 marca", K.DAYS, one(D(2025, 2, 10), D(2025, 3, 3))),
    ("od 05.05.2025 r. do 26.05.2025 r.", K.DAYS, one(D(2025, 5, 5), D(2025, 5, 26))),
    ("pomiędzy 1.04.2025 a 30.04.2025", K.DAYS, one(D(2025, 4, 1), D(2025, 4, 30))),
    ("między marcem a kwietniem", K.MONTHS, one(D(2025, 3, 1), D(2025, 4, 30))),
    ("20 XI 2025", K.DAY, one(D(2025, 11, 20), D(2025, 11, 20))),
    ("7 luty 2025", K.DAY, one(D(2025, 2, 7), D(2025, 2, 7))),
    ("20 grudnia 2025 – 10 stycznia 2026", K.DAYS, one(D(2025, 12, 20), D(2026, 1, 10))),
    # deadlines: from as_of to the day after the deadline
    ("do 20 marca 2025 roku", K.DEADLINE, one(AS_OF, D(2025, 3, 20))),
    ("do końca lutego", K.DEADLINE, one(AS_OF, D(2025, 2, 28))),
    ("do końca 2025 r.", K.DEADLINE, one(AS_OF, D(2025, 12, 31))),
    ("do czerwca 2025", K.DEADLINE, one(AS_OF, D(2025, 6, 30))),
    ("najpóźniej do 20 marca 2025", K.DEADLINE, one(AS_OF, D(2025, 3, 20))),
    ("nie później niż do 15 kwietnia", K.DEADLINE, one(AS_OF, D(2025, 4, 15))),
    ("do dnia 31.05.2025 r.", K.DEADLINE, one(AS_OF, D(2025, 5, 31))),
    ("do końca II kwartału", K.DEADLINE, one(AS_OF, D(2025, 6, 30))),
    ("do 10 stycznia 2025", K.DEADLINE, one(D(2025, 1, 10), D(2025, 1, 10))),  # past at as_of
    # ordinals and parts
    ("w pierwszym półroczu", K.HALF_YEAR, one(D(2025, 1, 1), D(2025, 6, 30))),
    ("w drugim kwartale", K.QUARTER, one(D(2025, 4, 1), D(2025, 6, 30))),
    ("w I połowie października", K.HALF_MONTH, one(D(2025, 10, 1), D(2025, 10, 15))),
    ("w II połowie października", K.HALF_MONTH, one(D(2025, 10, 16), D(2025, 10, 31))),
    ("II połowa lutego 2024", K.HALF_MONTH, one(D(2024, 2, 16), D(2024, 2, 29))),
    # several years
    ("w latach 2025–2027", K.YEARS, one(D(2025, 1, 1), D(2027, 12, 31))),
    ("2025–2027", K.YEARS, one(D(2025, 1, 1), D(2027, 12, 31))),
    ("styczeń 2025 – grudzień 2027", K.YEARS, one(D(2025, 1, 1), D(2027, 12, 31))),
    # relative years
    ("w styczniu nowego roku", K.MONTH, one(D(2025, 1, 1), D(2025, 1, 31))),
    ("marzec bieżącego roku", K.MONTH, one(D(2025, 3, 1), D(2025, 3, 31))),
    ("bieżącego roku", K.YEAR, one(D(2025, 1, 1), D(2025, 12, 31))),
    # rounds
    ("marzec, wrzesień 2025", K.ROUNDS, [(D(2025, 3, 1), D(2025, 4, 1)), (D(2025, 9, 1), D(2025, 10, 1))]),
    ("I nabór: marzec; II nabór: wrzesień", K.ROUNDS, [(D(2025, 3, 1), D(2025, 4, 1)), (D(2025, 9, 1), D(2025, 10, 1))]),
    ("I, III kwartał", K.ROUNDS, [(D(2025, 1, 1), D(2025, 4, 1)), (D(2025, 7, 1), D(2025, 10, 1))]),
    ("nabór I: luty, nabór II: maj – czerwiec", K.ROUNDS, [(D(2025, 2, 1), D(2025, 3, 1)), (D(2025, 5, 1), D(2025, 7, 1))]),
    ("I nabór: do 20 marca; II nabór: do 30 września", K.DEADLINE, [(AS_OF, D(2025, 3, 21)), (D(2025, 3, 21), D(2025, 10, 1))]),
    # continuous calls
    ("w trybie ciągłym", K.CONTINUOUS, one(D(2025, 1, 1), D(2025, 12, 31))),
    ("na bieżąco", K.CONTINUOUS, one(D(2025, 1, 1), D(2025, 12, 31))),
    ("przez cały rok (tryb ciągły)", K.CONTINUOUS, one(D(2025, 1, 1), D(2025, 12, 31))),
    # open-ended: the rest of that year (check warns)
    ("od marca 2025 r.", K.OPEN_ENDED, one(D(2025, 3, 1), D(2025, 12, 31))),
    ("od 1 lipca", K.OPEN_ENDED, one(D(2025, 7, 1), D(2025, 12, 31))),
    # previous-year month, footnotes
    ("listopad 2024", K.MONTH, one(D(2024, 11, 1), D(2024, 11, 30))),
    ("do 24.04.2025 r.**", K.DEADLINE, one(AS_OF, D(2025, 4, 24))),
    ("maj 2025*", K.MONTH, one(D(2025, 5, 1), D(2025, 5, 31))),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "expected"), TABLE)
def test_each_printed_kind_gives_its_windows(text: str, kind: K, expected: list) -> None:
    assert windows(text) == (kind, expected)


NOTES = [
    ("do 24.04.2025 r.**", "przypis „**” w druku"),
    ("maj 2025¹", "przypis „¹” w druku"),
    ("konkurs trzyletni 2025–2027", "konkurs trzyletni"),
    ("w latach 2025-2027 (konkurs wieloletni)", "konkurs wieloletni"),
]


@pytest.mark.parametrize(("text", "note"), NOTES)
def test_footnote_marks_and_multi_year_words_are_kept_as_the_note(text: str, note: str) -> None:
    period = parse_period(text, YEAR, AS_OF)
    assert isinstance(period, DatedPeriod)
    assert period.note == note
    assert period.text == text


WORDINGS = [
    ("do 20 marca 2025 roku", "najpóźniej do 20 marca 2025"),
    ("w trybie ciągłym", "w trybie ciągłym, 1 stycznia – 31 grudnia 2025"),
    ("15 marca 2025 r.", "15 marca 2025"),
    ("maj", "1 maja – 31 maja 2025"),
]


@pytest.mark.parametrize(("text", "wording"), WORDINGS)
def test_each_window_is_worded_by_its_kind(text: str, wording: str) -> None:
    period = parse_period(text, YEAR, AS_OF)
    assert isinstance(period, DatedPeriod)
    assert period.wording(period.windows[0]) == wording


REFUSED = [
    ("na początku marca", "nieprecyzyjny"),
    ("w połowie października", "nieprecyzyjny"),
    ("pod koniec roku", "nieprecyzyjny"),
    ("koniec marca", "nieprecyzyjny"),
    ("31 kwietnia 2025", "nie ma dnia 31 kwietnia 2025"),
    ("31.02.2025", 'nie ma dnia "31.02.2025"'),
    ("14 – 3 listopada", "odwrotnej kolejności"),
    ("20 grudnia – 10 stycznia", "na przełomie roku"),
    ("III połowa marca", "nie ma połowy miesiąca III"),
    ("do marca, maja", "jeden termin"),
    ("pomiędzy marcem", 'po "pomiędzy" proszę podać dwie daty'),
    ("najpóźniej do 20 marcaa", 'czy chodziło o "marca"'),
    ("3 – listopada", "brakuje miesiąca"),
    ("I nabór: maj; II nabór: marzec", "odwrotnej kolejności"),
]


@pytest.mark.parametrize(("text", "detail"), REFUSED)
def test_vague_or_impossible_wording_is_an_error_naming_the_text(text: str, detail: str) -> None:
    with pytest.raises(PeriodError) as excinfo:
        parse_period(text, YEAR, AS_OF)
    message = str(excinfo.value)
    assert message.startswith(f'nie rozpoznano okresu "{text}": ')
    assert detail in message


def test_a_phrase_without_date_words_stays_an_undated_note() -> None:
    assert parse_period("do uzgodnienia", YEAR) == UndatedPeriod("do uzgodnienia", "do uzgodnienia")


def test_a_span_refuses_to_be_empty() -> None:
    with pytest.raises(ValueError, match="empty span"):
        Span(D(2025, 3, 1), D(2025, 3, 1))


# --- properties, one per kind -----------------------------------------------------------------

years = st.integers(1901, 2198)
days_of_year = st.integers(0, 364)
month_form = st.integers(0, 2)
suffixes = st.sampled_from(["", " r.", " roku", " r"])
dashes = st.sampled_from(["-", "–", " – ", " — ", " do "])


def _day(year: int, offset: int) -> date:
    return date(year, 1, 1) + timedelta(days=offset)


def _written(day: date, style: int, with_year: bool = True) -> str:
    year = f" {day.year}" if with_year else ""
    if style == 0:
        return f"{day.day:02d}.{day.month:02d}.{day.year}" if with_year else f"{day.day}"
    if style == 1:
        return f"{day.day} {MONTH_NAMES[day.month - 1][1]}{year}"
    if style == 2:
        return f"{day.day} {ROMAN[day.month]}{year}"
    return f"{day.day} {MONTH_NAMES[day.month - 1][0]}{year}"  # the nominative slip


@PROPERTY
@given(years, days_of_year, st.integers(0, 3), suffixes)
def test_property_an_exact_day_is_a_one_day_window(
    year: int, offset: int, style: int, suffix: str
) -> None:
    day = _day(year, offset)
    assert windows(_written(day, style) + suffix) == (K.DAY, one(day, day))


@PROPERTY
@given(years, days_of_year, st.integers(1, 60), st.integers(1, 3), dashes, st.booleans())
def test_property_a_day_range_spans_both_ends(
    year: int, offset: int, length: int, style: int, dash: str, leading_od: bool
) -> None:
    first = _day(year, offset)
    last = first + timedelta(days=length)
    text = f"{_written(first, style)}{dash}{_written(last, style)}"
    if leading_od and dash == " do ":
        text = f"od {text}"
    assert windows(text) == (K.DAYS, one(first, last))


@PROPERTY
@given(years, st.integers(1, 12), st.integers(1, 27), st.integers(1, 27))
def test_property_a_bare_first_day_takes_the_month_of_the_second(
    year: int, month: int, a: int, b: int
) -> None:
    first, last = sorted((a, b))
    if first == last:
        last += 1
    text = f"{first}–{last} {MONTH_NAMES[month - 1][1]} {year}"
    assert windows(text) == (K.DAYS, one(date(year, month, first), date(year, month, last)))


deadline_openers = st.sampled_from(["do", "najpóźniej do", "nie później niż do", "do dnia"])


@PROPERTY
@given(years, days_of_year, st.integers(0, 400), deadline_openers, st.integers(0, 3), suffixes)
def test_property_a_deadline_runs_from_as_of_to_the_day_after(
    year: int, offset: int, before: int, opener: str, style: int, suffix: str
) -> None:
    deadline = _day(year, offset)
    as_of = deadline - timedelta(days=before)
    text = f"{opener} {_written(deadline, style)}{suffix}"
    period = parse_period(text, year, as_of)
    assert period.kind == K.DEADLINE
    assert [(w.start, w.end) for w in period.windows] == one(as_of, deadline)
    assert window_wording(period.kind, period.windows[0]).startswith("najpóźniej do ")


@PROPERTY
@given(years, st.integers(1, 12), month_form, st.booleans(), st.integers(1, 30))
def test_property_a_deadline_by_a_month_ends_with_that_month(
    year: int, month: int, form: int, end_word: bool, days_before: int
) -> None:
    as_of = date(year, month, 1) - timedelta(days=days_before)
    name = MONTH_NAMES[month - 1][1 if end_word else form]
    text = f"do {'końca ' if end_word else ''}{name} {year}"
    last = date(year, month, calendar.monthrange(year, month)[1])
    assert windows(text, year, as_of) == (K.DEADLINE, one(as_of, last))


@PROPERTY
@given(years, st.integers(1, 12), st.integers(1, 2), month_form)
def test_property_a_half_of_a_month_is_days_1_to_15_or_16_to_the_end(
    year: int, month: int, half: int, form: int
) -> None:
    text = f"w {ROMAN[half]} połowie {MONTH_NAMES[month - 1][1]} {year}"
    last_day = calendar.monthrange(year, month)[1]
    first, last = (1, 15) if half == 1 else (16, last_day)
    assert windows(text) == (K.HALF_MONTH, one(date(year, month, first), date(year, month, last)))


ORDINAL = ("", "pierwszym", "drugim", "trzecim", "czwartym")


@PROPERTY
@given(years, st.integers(1, 4), st.booleans())
def test_property_an_ordinal_quarter_or_half_is_that_quarter_or_half(
    year: int, number: int, quarter: bool
) -> None:
    if quarter:
        kind, text = K.QUARTER, f"w {ORDINAL[number]} kwartale {year} r."
        start, end_month = date(year, 3 * number - 2, 1), 3 * number
    else:
        number = min(number, 2)
        kind, text = K.HALF_YEAR, f"w {ORDINAL[number]} półroczu {year}"
        start, end_month = date(year, 6 * number - 5, 1), 6 * number
    last = date(year, end_month, calendar.monthrange(year, end_month)[1])
    assert windows(text) == (kind, one(start, last))


@PROPERTY
@given(years, st.integers(1, 5), st.sampled_from(["w latach ", "", "lata "]), dashes)
def test_property_several_years_span_them_all(first: int, count: int, lead: str, dash: str) -> None:
    last = min(first + count, 2199)
    text = f"{lead}{first}{dash}{last}"
    assert windows(text) == (K.YEARS, one(date(first, 1, 1), date(last, 12, 31)))


@PROPERTY
@given(years, st.integers(1, 12), month_form, st.sampled_from(["nowego roku", "bieżącego roku"]))
def test_property_a_relative_year_is_the_harmonogram_year(
    year: int, month: int, form: int, relative: str
) -> None:
    text = f"{MONTH_NAMES[month - 1][form]} {relative}"
    start = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    assert windows(text, year, date(year, 1, 1)) == (K.MONTH, one(start, last))


@PROPERTY
@given(
    years,
    st.lists(st.integers(1, 12), min_size=2, max_size=4, unique=True).map(sorted),
    st.booleans(),
)
def test_property_months_with_gaps_are_rounds_and_neighbours_merge(
    year: int, months: list[int], labelled: bool
) -> None:
    if labelled:
        text = "; ".join(
            f"{ROMAN[i]} nabór: {MONTH_NAMES[m - 1][0]}" for i, m in enumerate(months, 1)
        )
    else:
        text = ", ".join(MONTH_NAMES[m - 1][0] for m in months)
    text += f" {year}"
    runs: list[list[int]] = []
    for month in months:  # a list merges neighbours; labelled rounds stay apart
        if runs and not labelled and runs[-1][-1] == month - 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    spans = [
        (date(year, run[0], 1), date(year + run[-1] // 12, run[-1] % 12 + 1, 1)) for run in runs
    ]
    assert windows(text, year) == (K.ROUNDS if len(spans) > 1 else K.MONTHS, spans)


@PROPERTY
@given(
    years,
    st.sampled_from(
        ["w trybie ciągłym", "na bieżąco", "przez cały rok (tryb ciągły)", "nabór ciągły"]
    ),
)
def test_property_a_continuous_call_is_the_whole_year(year: int, text: str) -> None:
    assert windows(text, year) == (K.CONTINUOUS, one(date(year, 1, 1), date(year, 12, 31)))


@PROPERTY
@given(years, st.integers(1, 12), month_form, st.booleans())
def test_property_an_open_ended_period_runs_to_the_end_of_that_year(
    year: int, month: int, form: int, with_day: bool
) -> None:
    name = MONTH_NAMES[month - 1][1 if with_day else form]
    text = f"od {'5 ' if with_day else ''}{name} {year} r."
    start = date(year, month, 5 if with_day else 1)
    assert windows(text) == (K.OPEN_ENDED, one(start, date(year, 12, 31)))


@PROPERTY
@given(years, days_of_year, st.sampled_from(["*", "**", "***", "¹", "²"]))
def test_property_a_footnote_mark_changes_no_date(year: int, offset: int, mark: str) -> None:
    day = _day(year, offset)
    plain = parse_period(f"do {_written(day, 0)} r.", year, date(year, 1, 1))
    marked = parse_period(f"do {_written(day, 0)} r.{mark}", year, date(year, 1, 1))
    assert marked.windows == plain.windows
    assert marked.note == f"przypis „{mark}” w druku"


@PROPERTY
@given(st.sampled_from(["na początku", "w połowie", "pod koniec"]), st.integers(1, 12), years)
def test_property_vague_parts_of_a_month_are_refused(vague: str, month: int, year: int) -> None:
    text = f"{vague} {MONTH_NAMES[month - 1][1]} {year}"
    with pytest.raises(PeriodError, match="nieprecyzyjny"):
        parse_period(text, year)
