"""parse_period: the printed periods of a harmonogram, their spans, and the errors staff see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier.core.errors import NotifierError
from notifier.core.periods import (
    MONTH_NAMES,
    ROMAN,
    DatedPeriod,
    Period,
    PeriodError,
    PeriodKind,
    parse_period,
)

K = PeriodKind
D = date
YEAR = 2024  # the harmonogram's year, used as default_year throughout

# (text, kind, start, end, note)
SEED = [
    ("Październik 2024", K.MONTH, D(2024, 10, 1), D(2024, 11, 1), None),
    ("Czerwiec 2024", K.MONTH, D(2024, 6, 1), D(2024, 7, 1), None),
    (
        "Tryb ustawy o zatrudnieniu socjalnym",
        K.UNDATED,
        None,
        None,
        "Tryb ustawy o zatrudnieniu socjalnym",
    ),
    ("Marzec 2024", K.MONTH, D(2024, 3, 1), D(2024, 4, 1), None),
    ("Maj 2024", K.MONTH, D(2024, 5, 1), D(2024, 6, 1), None),
    ("-", K.UNDATED, None, None, None),
    ("II, III kwartał roku 2024", K.QUARTERS, D(2024, 4, 1), D(2024, 10, 1), None),
    ("II połowa 2024 r.", K.HALF_YEAR, D(2024, 7, 1), D(2025, 1, 1), None),
    ("Marzec/Kwiecień 2024", K.MONTHS, D(2024, 3, 1), D(2024, 5, 1), None),
]

MAY = (K.MONTH, D(2024, 5, 1), D(2024, 6, 1), None)
MARCH_APRIL = (K.MONTHS, D(2024, 3, 1), D(2024, 5, 1), None)
Q2 = (K.QUARTER, D(2024, 4, 1), D(2024, 7, 1), None)
H1 = (K.HALF_YEAR, D(2024, 1, 1), D(2024, 7, 1), None)
H2 = (K.HALF_YEAR, D(2024, 7, 1), D(2025, 1, 1), None)
WHOLE_2024 = (K.YEAR, D(2024, 1, 1), D(2025, 1, 1), None)
UNDATED = (K.UNDATED, None, None, None)

ACCEPTED = [
    # single months: nominative, genitive, locative, any case, with/without year and "r."
    ("Maj 2024", *MAY),
    ("maja 2024", *MAY),
    ("MAJ 2024 R.", *MAY),
    ("maj 2024 r", *MAY),
    ("maj 2024 roku", *MAY),
    ("w maju 2024", *MAY),
    ("maj", *MAY),
    ("  Maj   2024  ", *MAY),
    ("października 2024", K.MONTH, D(2024, 10, 1), D(2024, 11, 1), None),
    ("Październik", K.MONTH, D(2024, 10, 1), D(2024, 11, 1), None),
    ("pazdziernik", K.MONTH, D(2024, 10, 1), D(2024, 11, 1), None),
    ("wrzesień", K.MONTH, D(2024, 9, 1), D(2024, 10, 1), None),
    ("września", K.MONTH, D(2024, 9, 1), D(2024, 10, 1), None),
    ("styczeń 2025", K.MONTH, D(2025, 1, 1), D(2025, 2, 1), None),
    ("05.2024", *MAY),
    ("5.2024", *MAY),
    ("5/2024", *MAY),
    ("05-2024", *MAY),
    ("12.2024", K.MONTH, D(2024, 12, 1), D(2025, 1, 1), None),
    # month runs
    ("Marzec/Kwiecień 2024", *MARCH_APRIL),
    ("marzec-kwiecień", *MARCH_APRIL),
    ("marzec – kwiecień", *MARCH_APRIL),
    ("marzec — kwiecień 2024 r.", *MARCH_APRIL),
    ("marzec, kwiecień", *MARCH_APRIL),
    ("marzec i kwiecień", *MARCH_APRIL),
    ("marzec oraz kwiecień", *MARCH_APRIL),
    ("przełom marca i kwietnia", *MARCH_APRIL),
    ("na przełomie marca i kwietnia 2024 r.", *MARCH_APRIL),
    ("od marca do maja", K.MONTHS, D(2024, 3, 1), D(2024, 6, 1), None),
    ("marzec-maj 2024", K.MONTHS, D(2024, 3, 1), D(2024, 6, 1), None),
    ("marzec, kwiecień, maj", K.MONTHS, D(2024, 3, 1), D(2024, 6, 1), None),
    ("grudzień 2024 – styczeń 2025", K.MONTHS, D(2024, 12, 1), D(2025, 2, 1), None),
    ("grudzień 2024 r. - styczeń 2025 r.", K.MONTHS, D(2024, 12, 1), D(2025, 2, 1), None),
    ("listopad, grudzień 2024 – styczeń 2025", K.MONTHS, D(2024, 11, 1), D(2025, 2, 1), None),
    ("11.2024 - 01.2025", K.MONTHS, D(2024, 11, 1), D(2025, 2, 1), None),
    # quarters
    ("II kwartał 2024", *Q2),
    ("II kw. 2024", *Q2),
    ("2 kwartał", *Q2),
    ("w II kwartale 2024", *Q2),
    ("II KWARTAŁ 2024 R.", *Q2),
    ("II, III kwartał roku 2024", K.QUARTERS, D(2024, 4, 1), D(2024, 10, 1), None),
    ("II-III kwartał", K.QUARTERS, D(2024, 4, 1), D(2024, 10, 1), None),
    ("I i II kwartał", K.QUARTERS, D(2024, 1, 1), D(2024, 7, 1), None),
    ("II–IV kwartał", K.QUARTERS, D(2024, 4, 1), D(2025, 1, 1), None),
    ("w II i III kwartale 2025 r.", K.QUARTERS, D(2025, 4, 1), D(2025, 10, 1), None),
    ("1-2 kwartały", K.QUARTERS, D(2024, 1, 1), D(2024, 7, 1), None),
    ("IV kwartał 2024", K.QUARTER, D(2024, 10, 1), D(2025, 1, 1), None),
    # halves
    ("I połowa 2024", *H1),
    ("II połowa 2024 r.", *H2),
    ("I półrocze", *H1),
    ("II półrocze 2024", *H2),
    ("w II połowie roku", *H2),
    ("w I półroczu 2024 r.", *H1),
    # the whole year
    ("cały rok", *WHOLE_2024),
    ("w ciągu roku", *WHOLE_2024),
    ("przez cały rok", *WHOLE_2024),
    ("2024", *WHOLE_2024),
    ("rok 2024", *WHOLE_2024),
    ("cały 2024 r.", *WHOLE_2024),
    ("2025", K.YEAR, D(2025, 1, 1), D(2026, 1, 1), None),
    # undated
    ("-", *UNDATED),
    ("–", *UNDATED),
    ("—", *UNDATED),
    (" - ", *UNDATED),
    ("", *UNDATED),
    ("   ", *UNDATED),
    ("w zależności od potrzeb", K.UNDATED, None, None, "w zależności od potrzeb"),
    # short nonsense stays an undated note (`notifier check` warns of it) ...
    ("xyz", K.UNDATED, None, None, "xyz"),
    ("brak", K.UNDATED, None, None, "brak"),
    ("nd", K.UNDATED, None, None, "nd"),
    # ... and a two-letter word close to a month is only suspect when it stands alone
    ("ma być ustalony", K.UNDATED, None, None, "ma być ustalony"),
    (
        "  Tryb ustawy o zatrudnieniu socjalnym ",
        K.UNDATED,
        None,
        None,
        "Tryb ustawy o zatrudnieniu socjalnym",
    ),
]

REJECTED = [
    ("Mj 2024", 'czy chodziło o "maj"'),
    ("Mj", 'czy chodziło o "maj"?'),
    ("mj.", 'czy chodziło o "maj"?'),
    ("Ma", 'czy chodziło o "maj"?'),
    ("Lu", 'czy chodziło o "luty"?'),
    ("V kwartał 2024", "nie ma kwartału V"),
    ("13.2024", "miesiąc 13"),
    ("0.2024", "miesiąc 0"),
    ("kwartał 2024", "brak numeru"),
    ("Marzec/Kwiecen", 'czy chodziło o "kwiecień"'),
    ("III połowa 2024", "nie ma połowy roku III"),
    ("2024/2023", "odwrotnej kolejności"),
    ("kwiecień/marzec", "odwrotnej kolejności"),
    ("marzec/marzec", "dwa razy"),
    ("III-II kwartał", "odwrotnej kolejności"),
    ("grudzień – styczeń", "na przełomie roku proszę podać rok"),
    ("grudzień - styczeń 2025", "na przełomie roku proszę podać rok"),
    ("marzec 2024 2025", "rok 2025"),
    ("II 2024", "brakuje słowa"),
    ("marzec kwartał", "po nazwie miesiąca"),
    ("marzec, II kwartał", "pomieszano"),
    ("I i II połowa marca 2024", "jedną połowę miesiąca"),
    ("1899", "spoza zakresu"),
    ("maj 2200", "spoza zakresu"),
    ("05.3000", "spoza zakresu"),
    ("kwiecień?", 'nieznany znak "?"'),
    ("raz na rok", 'nieznane słowo "raz"'),
    # blind4 n3: an invisible character is named by its code point, a digit of another
    # script as the digit to type.
    ("Maj 2026\u200b", "nieznany znak U+200B (spacja o zerowej szerokości)"),
    ("15.03.2026 r.\u00ad", "nieznany znak U+00AD (miękki dywiz)"),
    ("Maj 2026\ufeff", "U+FEFF (znak kolejności bajtów, BOM)"),
    ("Maj ２０２６", '"２" (U+FF12, cyfra innego pisma – proszę wpisać 2)'),
]


def _as_tuple(period: Period) -> tuple[PeriodKind, date | None, date | None, str | None]:
    start = period.windows[0].start if period.windows else None
    end = period.windows[-1].end if period.windows else None
    return (period.kind, start, end, period.note)


def _start(period: Period) -> date:
    assert isinstance(period, DatedPeriod)
    return period.start


def _end(period: Period) -> date:
    assert isinstance(period, DatedPeriod)
    return period.end


@pytest.mark.parametrize(("text", "kind", "start", "end", "note"), SEED)
def test_every_seed_period_parses_to_its_span(
    text: str, kind: PeriodKind, start: date | None, end: date | None, note: str | None
) -> None:
    period = parse_period(text, YEAR)
    assert _as_tuple(period) == (kind, start, end, note)
    assert period.text == text


@pytest.mark.parametrize(("text", "kind", "start", "end", "note"), ACCEPTED)
def test_accepted_form_parses_to_its_span(
    text: str, kind: PeriodKind, start: date | None, end: date | None, note: str | None
) -> None:
    assert _as_tuple(parse_period(text, YEAR)) == (kind, start, end, note)


@pytest.mark.parametrize(("text", "detail"), REJECTED)
def test_unparseable_period_is_an_error_naming_the_text(text: str, detail: str) -> None:
    with pytest.raises(PeriodError) as excinfo:
        parse_period(text, YEAR)
    message = str(excinfo.value)
    assert message.startswith(f'nie rozpoznano okresu "{text}": ')
    assert detail in message


def test_period_error_is_a_notifier_error() -> None:
    assert issubclass(PeriodError, NotifierError)


def test_text_is_kept_stripped_but_otherwise_as_printed() -> None:
    period = parse_period("  II  połowa 2024 r.\n", YEAR)
    assert period.text == "II  połowa 2024 r."
    assert period.dated


def test_undated_dash_has_no_note_and_is_not_dated() -> None:
    period = parse_period("—", YEAR)
    assert period.note is None
    assert not period.dated


def test_period_without_a_year_falls_in_default_year() -> None:
    assert _start(parse_period("Październik", 2031)) == D(2031, 10, 1)
    assert _start(parse_period("II kwartał", 2031)) == D(2031, 4, 1)
    assert _start(parse_period("cały rok", 2031)) == D(2031, 1, 1)


def test_printed_year_wins_over_default_year() -> None:
    assert _start(parse_period("styczeń 2025", 2024)) == D(2025, 1, 1)


def test_default_year_outside_accepted_range_is_an_error() -> None:
    with pytest.raises(PeriodError, match="rok domyślny 9999"):
        parse_period("grudzień", 9999)


def test_quarter_span_ends_exclusive() -> None:
    assert _end(parse_period("IV kwartał 2024", YEAR)) == D(2025, 1, 1)


def test_years_at_the_edges_of_the_accepted_range_parse() -> None:
    assert _start(parse_period("styczeń 1900", YEAR)) == D(1900, 1, 1)
    assert _end(parse_period("grudzień 2199", YEAR)) == D(2200, 1, 1)


# --- properties ---------------------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2199)
months = st.integers(min_value=1, max_value=12)
cases = st.sampled_from([str.lower, str.upper, str.title, str])
year_suffixes = st.sampled_from(["", " r.", " r", " roku", " r. "])
separators = st.sampled_from(["/", "-", " - ", "–", " – ", " — ", ", ", " i ", " oraz "])


def _first_of_month(index: int) -> date:
    """Month index = year * 12 + month - 1."""
    return date(index // 12, index % 12 + 1, 1)


@given(years, months, st.integers(0, 2), cases, year_suffixes)
def test_month_name_in_any_form_spans_that_whole_month(
    year: int, month: int, form: int, case: Callable[[str], str], suffix: str
) -> None:
    name = MONTH_NAMES[month - 1][form]
    text = case(f"{name} {year}{suffix}")
    period = parse_period(text, YEAR)
    index = year * 12 + month - 1
    assert (period.kind, period.start, period.end) == (
        K.MONTH,
        _first_of_month(index),
        _first_of_month(index + 1),
    )


@given(years, months, st.sampled_from(["{m:02d}.{y}", "{m}.{y}", "{m}/{y}", "{m:02d}/{y}"]))
def test_numeric_month_spans_that_whole_month(year: int, month: int, pattern: str) -> None:
    period = parse_period(pattern.format(m=month, y=year), YEAR)
    index = year * 12 + month - 1
    assert (period.kind, period.start, period.end) == (
        K.MONTH,
        _first_of_month(index),
        _first_of_month(index + 1),
    )


@given(years, months, st.integers(0, 2))
def test_month_without_year_falls_in_default_year(year: int, month: int, form: int) -> None:
    period = parse_period(MONTH_NAMES[month - 1][form], year)
    assert period.start == date(year, month, 1)


@st.composite
def month_runs_within_a_year(draw: st.DrawFn) -> tuple[str, int, int, int]:
    first = draw(st.integers(1, 11))
    last = draw(st.integers(first + 1, 12))
    year = draw(years)
    names = [MONTH_NAMES[m - 1][draw(st.integers(0, 1))] for m in range(first, last + 1)]
    text = names[0]
    for name in names[1:]:
        text += draw(separators) + name
    text += draw(st.sampled_from([f" {year}", f" {year} r.", f" roku {year}"]))
    return text, year, first, last


@given(month_runs_within_a_year())
def test_consecutive_month_run_spans_exactly_those_months(run: tuple[str, int, int, int]) -> None:
    text, year, first, last = run
    period = parse_period(text, YEAR)
    assert (period.kind, period.start, period.end) == (
        K.MONTHS,
        date(year, first, 1),
        _first_of_month(year * 12 + last),
    )


@given(st.integers(1900 * 12, 2199 * 12 + 10), st.integers(2, 14), separators)
def test_month_run_with_a_year_on_each_month_may_cross_new_year(
    start: int, length: int, separator: str
) -> None:
    last = min(start + length - 1, 2199 * 12 + 11)
    text = separator.join(f"{MONTH_NAMES[i % 12][0]} {i // 12}" for i in range(start, last + 1))
    period = parse_period(text, YEAR)
    assert (period.start, period.end) == (_first_of_month(start), _first_of_month(last + 1))


@given(st.tuples(months, months).filter(lambda pair: pair[1] <= pair[0]))
def test_backwards_or_repeated_month_list_is_an_error(pair: tuple[int, int]) -> None:
    text = f"{MONTH_NAMES[pair[0] - 1][0]}, {MONTH_NAMES[pair[1] - 1][0]}"
    with pytest.raises(PeriodError, match="nie rozpoznano okresu"):
        parse_period(text, YEAR)


@st.composite
def quarter_runs(draw: st.DrawFn) -> tuple[str, int, int, int]:
    first = draw(st.integers(1, 4))
    last = draw(st.integers(first, 4))
    year = draw(years)
    numeral = draw(st.sampled_from([lambda q: ROMAN[q], str]))
    word = draw(st.sampled_from(["kwartał", "kw.", "kwartały", "KWARTAŁ"]))
    if first == last:
        numbers = numeral(first)
    elif draw(st.booleans()):
        numbers = numeral(first) + draw(st.sampled_from(["-", " – ", "—"])) + numeral(last)
    else:
        sep = draw(st.sampled_from([", ", " i ", ","]))
        numbers = sep.join(numeral(q) for q in range(first, last + 1))
    suffix = draw(st.sampled_from([f" {year}", f" {year} r.", f" roku {year}"]))
    return f"{numbers} {word}{suffix}", year, first, last


@given(quarter_runs())
def test_quarter_run_spans_from_first_quarter_to_the_day_after_the_last(
    run: tuple[str, int, int, int],
) -> None:
    text, year, first, last = run
    period = parse_period(text, YEAR)
    assert period.start == date(year, 3 * first - 2, 1)
    assert period.end == _first_of_month(year * 12 + 3 * last)
    assert period.kind == (K.QUARTER if first == last else K.QUARTERS)


@given(years, st.integers(1, 2), st.sampled_from(["połowa", "półrocze", "połowie"]))
def test_half_year_spans_six_months(year: int, half: int, word: str) -> None:
    period = parse_period(f"{ROMAN[half]} {word} {year} r.", YEAR)
    assert period.kind == K.HALF_YEAR
    assert period.start == date(year, 6 * half - 5, 1)
    assert period.end == _first_of_month(year * 12 + 6 * half)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


SPAN_OF_KIND = {K.MONTH: {1}, K.QUARTER: {3}, K.HALF_YEAR: {6}, K.YEAR: {12}}

MONTH_BITS = ("marzec", "kwietnia", "maj", "grudzień", "styczeń", "05.2024", "13.2024", "x")
NUMBER_BITS = ("II", "I", "IV", "V", "2", "2024", "2025", "kwartał", "kw.", "połowa", "półrocze")
WORD_BITS = ("rok", "roku", "r.", "cały", "w", "od", "do", "przełom", "i", "-", "–", "/", ",")
NEW_BITS = ("15", "15.03.2025", "XI", "najpóźniej", "końca", "nabór", ";", ":", "ciągłym")
NEW_BITS += ("połowie", "pomiędzy", "a", "drugim", "nowego", "latach", "**", "trzyletni")
fragments = st.sampled_from((*MONTH_BITS, *NUMBER_BITS, *WORD_BITS, *NEW_BITS))


@given(st.lists(fragments, max_size=7).map(" ".join) | st.text())
def test_parsing_any_text_gives_a_period_or_a_period_error(text: str) -> None:
    try:
        period = parse_period(text, YEAR)
    except PeriodError as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        assert f'"{text.strip()}"' in message
        return
    assert period.text == text.strip()
    if period.kind == K.UNDATED:
        assert period.windows == ()
        return
    assert period.windows
    for window in period.windows:
        assert window.start < window.end
    for before, after in zip(period.windows, period.windows[1:], strict=False):
        assert before.end <= after.start, "rounds are in order and never overlap"
    if period.kind in SPAN_OF_KIND:
        assert len(period.windows) == 1
        assert period.windows[0].start.day == period.windows[0].end.day == 1
        months_spanned = _months_between(period.windows[0].start, period.windows[0].end)
        assert months_spanned in SPAN_OF_KIND[period.kind]
    elif period.kind == K.ROUNDS:
        assert len(period.windows) >= 2
