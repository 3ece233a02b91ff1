"""Numbered and numeric forms (notifier.core.period_numeric): lists of quarters and halves,
the unit word printed after each number, quarters across a new year, and the forms that allow
two readings, refused naming both (issue 21)."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.periods import ROMAN, PeriodError, PeriodKind, parse_period

K = PeriodKind


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("kw. I i II 2025", K.QUARTERS, date(2025, 1, 1), date(2025, 6, 30)),
        ("kwartał II–III", K.QUARTERS, date(2025, 4, 1), date(2025, 9, 30)),
        ("I kw. II kw. 2025", K.QUARTERS, date(2025, 1, 1), date(2025, 6, 30)),
        ("I kw. – II kw. 2025", K.QUARTERS, date(2025, 1, 1), date(2025, 6, 30)),
        ("I kwartał i II kwartał 2025 r.", K.QUARTERS, date(2025, 1, 1), date(2025, 6, 30)),
        ("I kw. 2025 – II kw. 2025", K.QUARTERS, date(2025, 1, 1), date(2025, 6, 30)),
        ("II kw. III kw. IV kw.", K.QUARTERS, date(2025, 4, 1), date(2025, 12, 31)),
        ("III kwartał 2025 r. – I kwartał 2026 r.", K.MONTHS, date(2025, 7, 1), date(2026, 3, 31)),
        ("IV kw. 2025, I kw. 2026", K.MONTHS, date(2025, 10, 1), date(2026, 3, 31)),
        ("I i II półrocze", K.YEAR, date(2025, 1, 1), date(2025, 12, 31)),
        ("I–II półrocze 2025", K.YEAR, date(2025, 1, 1), date(2025, 12, 31)),
        ("II półrocze 2025 – I półrocze 2026", K.MONTHS, date(2025, 7, 1), date(2026, 6, 30)),
        ("II półr. 2025 - I półr. 2026", K.MONTHS, date(2025, 7, 1), date(2026, 6, 30)),
        ("2025-12", K.MONTH, date(2025, 12, 1), date(2025, 12, 31)),
        ("półrocze II 2025", K.HALF_YEAR, date(2025, 7, 1), date(2025, 12, 31)),
        ("08-19.08.2025 r.", K.DAYS, date(2025, 8, 8), date(2025, 8, 19)),
        ("Termin składania ofert upływa 11 grudnia 2025 r.", K.DEADLINE, date(2025, 1, 1), date(2025, 12, 11)),
        ("termin mija z dniem 5 maja 2025 r.", K.DEADLINE, date(2025, 1, 1), date(2025, 5, 5)),
        ("upływa dnia 05.05.2025", K.DEADLINE, date(2025, 1, 1), date(2025, 5, 5)),
    ],
)  # fmt: skip
def test_numbered_forms_read_as_their_span(text, kind, first, last) -> None:
    period = parse_period(text, 2025)
    assert period.kind == kind
    assert (period.windows[0].start, period.windows[-1].last_day) == (first, last)


def test_disjoint_quarters_listed_are_rounds() -> None:
    period = parse_period("I kw. i III kw. 2025", 2025)
    assert period.kind == K.ROUNDS
    assert [w.start.month for w in period.windows] == [1, 7]


@pytest.mark.parametrize(
    ("text", "both"),
    [
        ("10-12.2025", ("październik–grudzień 2025", "dni 10–12", "10 grudnia 2025")),
        ("3-5.2025", ("marzec–maj 2025", "dni 3–5", "3 maja 2025")),
        # two months joined by a dash or a slash, then a year: months, or one day whose
        # separators are mixed (a tester's "03/04.2025" was read as 3 April)
        ("03-04.2025", ("marzec–kwiecień 2025", "3 kwietnia 2025", "dni 3–4")),
        ("01 - 06.2025", ("styczeń–czerwiec 2025", "1 czerwca 2025")),
        ("09-12.2025", ("wrzesień–grudzień 2025", "9 grudnia 2025")),
        ("03/04.2025", ("marzec–kwiecień 2025", "3 kwietnia 2025")),
        ("03.-04.2025", ("marzec–kwiecień 2025", "3 kwietnia 2025")),
        ("03./04.2025", ("marzec–kwiecień 2025", "3 kwietnia 2025")),
        ("03 2025", ("marzec 2025", "III kwartał 2025")),
        ("2025/26", ("lata 2025–2026", "rok szkolny lub sezon 2025/2026")),
        ("03/04 2025", ("marzec–kwiecień 2025", "3 kwietnia 2025")),
        ("do 3/4.2025 r.", ("marzec–kwiecień 2025", "3 kwietnia 2025")),
        ("III/IV 2025", ("marzec–kwiecień 2025", "III–IV kwartał 2025")),
        ("III-IV 2025", ("marzec–kwiecień 2025", "III–IV kwartał 2025")),
        ("III/IV", ("marzec – kwiecień 2025", "III/IV kwartał 2025")),
        ("III 2024 – I 2025", ("marzec 2024 – styczeń 2025", "III kwartał 2024 – I kwartał 2025")),
        ("I kw. III kw. 2025", ("I–III kwartał", "I i III kwartał")),
        ("sezon 2025/2026", ("lipiec 2025 – czerwiec 2026", "październik 2025 – kwiecień 2026")),
        ("w sezonie sportowym 2025/26", ("lipiec 2025", "czerwiec 2026")),
        ("2011-12", ("grudzień 2011", "2011–2012")),
    ],
)
def test_two_readings_are_refused_naming_both(text: str, both: tuple[str, ...]) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(text, 2025)
    for reading in both:
        assert reading in str(raised.value)


@pytest.mark.parametrize("text", ["upływa po 11 grudnia 2025 r.", "mija około 5 maja 2025"])
def test_an_expiry_with_a_meaning_word_is_still_refused(text: str) -> None:
    with pytest.raises(PeriodError, match=r"zmienia termin|przybliżony"):
        parse_period(text, 2025)


@pytest.mark.parametrize("text", ["przełom 2025/2026", "na przełomie roku 2025/2026"])
def test_the_turn_of_a_year_is_not_two_whole_years(text: str) -> None:
    with pytest.raises(PeriodError, match="grudzień 2025 – styczeń 2026"):
        parse_period(text, 2025)


def test_two_deadlines_are_two_rounds() -> None:
    period = parse_period("do 31 stycznia 2025 r. i do 31 lipca 2025 r.", 2025)
    assert [w.last_day for w in period.windows] == [date(2025, 1, 31), date(2025, 7, 31)]


def test_a_round_label_before_a_dash() -> None:
    period = parse_period("I nabór – marzec, II nabór – wrzesień", 2025)
    assert [w.start.month for w in period.windows] == [3, 9]


@pytest.mark.parametrize("text", ["przd 15 marca", "okoł 15 marca"])
def test_a_misprint_is_never_skipped_as_a_leading_word(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, 2025)


def test_round_labels_in_brackets_leave_the_rounds() -> None:
    period = parse_period("styczeń 2025 (I nabór), wrzesień 2025 (II nabór)", 2025)
    assert [w.start.month for w in period.windows] == [1, 9]


# A day with a Roman month and no year is read in the harmonogram's year, however the two are
# joined (outside testers: "28 XI - 9XII" became undated, "5 XII" was refused as "same liczby").
ROMAN_DAY_JOINS = ("{d} {m}", "{d}.{m}", "{d}-{m}", "{d}{m}", "{d}. {m}", "{d} {m}.")


@pytest.mark.parametrize("join", ROMAN_DAY_JOINS)
@pytest.mark.parametrize(
    ("framing", "kind"),
    [("{}", K.DAY), ("do {}", K.DEADLINE), ("{} br.", K.DAY), ("dnia {}", K.DAY)],
)
def test_a_day_with_a_roman_month_and_no_year_is_read_in_the_harmonogram_year(
    join: str, framing: str, kind: K
) -> None:
    for day, month in ((5, 12), (1, 1), (28, 2), (31, 10), (15, 4)):
        text = framing.format(join.format(d=day, m=ROMAN[month]))
        period = parse_period(text, 2026, date(2026, 1, 1))
        assert period.kind == kind, text
        assert period.windows[-1].last_day == date(2026, month, day), text


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("28 XI - 9XII", date(2026, 11, 28), date(2026, 12, 9)),
        ("28 XI – 9 XII", date(2026, 11, 28), date(2026, 12, 9)),
        ("28.XI-9.XII", date(2026, 11, 28), date(2026, 12, 9)),
        ("od 3 III do 24 III", date(2026, 3, 3), date(2026, 3, 24)),
        ("3-24 III", date(2026, 3, 3), date(2026, 3, 24)),
        ("przełom III/IV", date(2026, 3, 1), date(2026, 4, 30)),
        ("na przełomie III i IV", date(2026, 3, 1), date(2026, 4, 30)),
        ("przełom III-IV 2027", date(2027, 3, 1), date(2027, 4, 30)),
        ("przełom XI/XII", date(2026, 11, 1), date(2026, 12, 31)),
        ("Przełom III/IV 2026", date(2026, 3, 1), date(2026, 4, 30)),
        ("PRZEŁOM III/IV", date(2026, 3, 1), date(2026, 4, 30)),
        ("28 xi - 9 xii", date(2026, 11, 28), date(2026, 12, 9)),  # Roman months in lower case
        ("do 5 xii", date(2026, 1, 1), date(2026, 12, 5)),
    ],
)
def test_roman_months_without_a_year_read_like_their_names(
    text: str, first: date, last: date
) -> None:
    period = parse_period(text, 2026, date(2026, 1, 1))
    assert (period.windows[0].start, period.windows[-1].last_day) == (first, last)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("przełom III/V", "nie następują po sobie"),
        ("przełom marca i maja", "przełom"),
        ("w I", "styczeń"),
        ("do V", "maj"),
        ("III/IV", "kwartał"),
        ("przełom III i IV kwartału", "przełom"),
        ("5 XIII", "XIII"),
    ],
)
def test_a_roman_date_like_cell_is_never_undated(text: str, said: str) -> None:
    with pytest.raises(PeriodError, match=said):
        parse_period(text, 2026)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025-26", date(2025, 1, 1), date(2026, 12, 31)),
        ("w latach 2025-26", date(2025, 1, 1), date(2026, 12, 31)),
        ("lata 2025/26", date(2025, 1, 1), date(2026, 12, 31)),
        ("rok szkolny 2025/26", date(2025, 9, 1), date(2026, 8, 31)),
    ],
)
def test_a_next_year_printed_in_two_digits_reads_as_written_out(
    text: str, first: date, last: date
) -> None:
    period = parse_period(text, 2025)
    assert (period.windows[0].start, period.windows[-1].last_day) == (first, last)
