"""The reader's language: choosing it, plurals, dates and amounts in Polish, English, Ukrainian."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from notifier.core.language import (
    accepted_language,
    choose_language,
    current_language,
    gettext,
    quoted,
)
from notifier.core.polish import (
    count_days,
    count_more_tasks,
    count_tasks,
    format_amount,
    format_as_of,
    format_date,
    format_span,
    format_total,
)
from notifier.i18n import speaking


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("uk", "uk"),
        ("uk-UA,uk;q=0.9,en-US;q=0.8,en;q=0.7", "uk"),
        ("en-US,en;q=0.9,pl;q=0.8", "en"),
        ("pl-PL,pl;q=0.9,en;q=0.8", "pl"),
        ("de-DE,de;q=0.9,uk;q=0.5,en;q=0.6", "en"),
        ("ru;q=1, UK;q=0.3", "uk"),
        ("en;q=0, uk;q=0.1", "uk"),
        ("de, fr", None),
        ("", None),
        ("en;q=abc", None),
        # blind round five: the highest weight wins, wherever it stands; a weight RFC 9110
        # does not allow (over 1, "inf", an exponent) is no weight: the language is not chosen
        ("uk;q=0.9, pl;q=0.8", "uk"),
        ("pl;q=0.1, uk", "uk"),
        ("pl;q=0.8, en;q=0.85, uk;q=0.849", "en"),
        ("en;q=0", None),
        ("en;q=0.000, pl;q=0.001", "pl"),
        ("en;q=5, uk;q=0.5", "uk"),
        ("en;q=inf, uk;q=0.2", "uk"),
        ("en;q=1e0, uk;q=0.2", "uk"),
        ("en;q=1.000, uk", "en"),
        ("en ; q = 0.7 , uk;q=0.6", "en"),
        (";;,,q=1", None),
    ],
)
def test_accept_language_picks_the_most_wanted_language_we_write(
    header: str, expected: str | None
) -> None:
    assert accepted_language(header) == expected


def test_an_explicit_choice_beats_the_cookie_which_beats_the_browser() -> None:
    assert choose_language("en", "uk", "pl") == "en"
    assert choose_language(None, "uk", "en") == "uk"
    assert choose_language("xx", "yy", "uk-UA") == "uk"
    assert choose_language(None, None, None) == "pl"


def test_polish_is_spoken_unless_an_adapter_says_otherwise() -> None:
    assert current_language() == "pl"
    with speaking("uk"):
        assert current_language() == "uk"
        with speaking("pl"):
            assert current_language() == "pl"
    assert current_language() == "pl"


def test_polish_stays_exactly_as_it_was() -> None:
    assert format_span(date(2024, 5, 1), date(2024, 6, 1)) == "1 maja – 31 maja 2024"
    assert format_span(date(2024, 12, 1), date(2025, 2, 1)) == "1 grudnia 2024 – 31 stycznia 2025"
    assert format_date(date(2024, 5, 1)) == "1 maja 2024"
    assert format_as_of(date(2024, 1, 10)) == "10.01.2024 r."
    assert [count_tasks(n) for n in (1, 3, 12, 22)] == [
        "1 zadanie",
        "3 zadania",
        "12 zadań",
        "22 zadania",
    ]
    assert format_amount(Decimal("12500.5")) == "12\u00a0500,50 zł"
    assert format_total(Decimal(2_300_000)) == "2,3 mln zł"


@pytest.mark.parametrize(
    ("lang", "month", "months", "years", "day"),
    [
        (
            "en",
            "1–31 May 2025",
            "1 April – 31 May 2025",
            "1 December 2024 – 31 January 2025",
            "1 May 2025",
        ),
        (
            "uk",
            "1–31 травня 2025",
            "1 квітня – 31 травня 2025",
            "1 грудня 2024 – 31 січня 2025",
            "1 травня 2025",
        ),
    ],
)
def test_dates_are_written_in_the_readers_language_with_months_in_the_right_case(
    lang: str, month: str, months: str, years: str, day: str
) -> None:
    with speaking(lang):
        assert format_span(date(2025, 5, 1), date(2025, 6, 1)) == month
        assert format_span(date(2025, 4, 1), date(2025, 6, 1)) == months
        assert format_span(date(2024, 12, 1), date(2025, 2, 1)) == years
        assert format_span(date(2025, 5, 1), date(2025, 5, 2)) == day
        assert format_date(date(2025, 5, 1)) == day


def test_counts_and_amounts_in_english_and_ukrainian() -> None:
    with speaking("en"):
        assert [count_days(n) for n in (1, 2, 5)] == ["1 day", "2 days", "5 days"]
        assert format_amount(Decimal(150000)) == "PLN 150,000"
        assert format_total(Decimal(2_300_000)) == "PLN 2.3 million"
        assert format_total(Decimal(12345678901)) == "PLN 12.3 billion"
        assert format_total(Decimal("999999999999.99")) == "PLN 1,000 billion"
    with speaking("uk"):
        assert [count_tasks(n) for n in (1, 3, 5, 21)] == [
            "1 завдання",
            "3 завдання",
            "5 завдань",
            "21 завдання",
        ]
        assert format_amount(Decimal(150000)) == "150\u00a0000 зл"
        assert format_total(Decimal(850_000)) == "850 тис. зл"
        assert format_total(Decimal(12345678901)) == "12,3 млрд зл"


def test_more_tasks_in_each_languages_word_order_and_plural() -> None:
    assert [count_more_tasks(n) for n in (1, 3, 5)] == [
        "jeszcze 1 zadanie",
        "jeszcze 3 zadania",
        "jeszcze 5 zadań",
    ]
    with speaking("en"):
        assert [count_more_tasks(n) for n in (1, 3)] == ["1 more task", "3 more tasks"]
        more = {"first": "Sport", "more": count_more_tasks(3)}
        assert gettext("%(first)s i %(more)s") % more == "Sport and 3 more tasks"
    with speaking("uk"):
        assert [count_more_tasks(n) for n in (1, 3, 5, 21)] == [
            "ще 1 завдання",
            "ще 3 завдання",
            "ще 5 завдань",
            "ще 21 завдання",
        ]


def test_quotation_marks_are_each_languages_own() -> None:
    assert quoted("Maj 2024") == "„Maj 2024”"
    with speaking("en"):
        assert quoted("Maj 2024") == "“Maj 2024”"
    with speaking("uk"):
        assert quoted("Maj 2024") == "«Maj 2024»"
