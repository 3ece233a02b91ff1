"""A count of calls is no date, Excel's month abbreviations are months
(notifier.core.period_shorthand), read by check and the import alike."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.periods import DatedPeriod, PeriodError, UndatedPeriod, parse_period


@pytest.mark.parametrize(
    "text",
    ["1 x w roku", "2 x w roku", "3 X w roku", "2 x w 2027 r.", "nabór 2 x w roku", "2x w roku",
     "4 × w roku"],
)  # fmt: skip
def test_a_count_of_calls_a_year_is_refused_asking_for_the_months(text: str) -> None:
    with pytest.raises(PeriodError, match=r"to liczba naborów .* a nie ich termin"):
        parse_period(text, 2027)


@pytest.mark.parametrize(("text", "day"), [("4 x 2027", 4), ("5 x 2027", 5), ("12 x 2027", 12)])
def test_a_lower_case_x_between_a_number_and_a_year_is_named_as_ambiguous(
    text: str, day: int
) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text, 2027)
    assert f"{day} października 2027 (X jako miesiąc) czy {day} razy w 2027 roku?" in str(
        caught.value
    )


def test_the_roman_x_in_capitals_and_a_count_per_month_read_as_before() -> None:
    roman = parse_period("2 X 2027", 2027)
    assert isinstance(roman, DatedPeriod)
    assert roman.windows == parse_period("2 października 2027", 2027).windows
    assert isinstance(parse_period("1 x w miesiącu", 2027), UndatedPeriod)


@pytest.mark.parametrize(
    ("text", "months"),
    [("sty-lut 2027", (1, 2)), ("kwi", (4, 4)), ("cze 2027", (6, 6)), ("lip", (7, 7)),
     ("sie 2027", (8, 8)), ("paź", (10, 10)), ("gru 2027", (12, 12)), ("lis–gru 2027", (11, 12)),
     ("Maj", (5, 5)), ("mar - kwi 2027 r.", (3, 4))],
)  # fmt: skip
def test_excel_s_month_abbreviations_read_as_months(text: str, months: tuple[int, int]) -> None:
    period = parse_period(text, 2027)
    assert isinstance(period, DatedPeriod)
    (window,) = period.windows
    end = date(2028, 1, 1) if months[1] == 12 else date(2027, months[1] + 1, 1)
    assert (window.start, window.end) == (date(2027, months[0], 1), end)


def test_an_abbreviation_among_other_words_stays_a_word() -> None:
    with pytest.raises(PeriodError):
        parse_period("sie zobaczy 2027", 2027)
