"""Qualifiers that change no date, and the cells that must refuse naming their readings
(notifier.core.period_qualifiers, issue 21's second round). Pure core."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.periods import PeriodError, parse_period

AS_OF = date(2025, 1, 10)


def _read(text: str) -> tuple[str, list[tuple[date, date]]]:
    period = parse_period(text, 2025, AS_OF)
    return period.kind.name, [(w.start, w.last_day) for w in period.windows]


def _refusal(text: str) -> str:
    with pytest.raises(PeriodError) as excinfo:
        parse_period(text, 2025, AS_OF)
    return str(excinfo.value)


JAN_31 = ("DEADLINE", [(AS_OF, date(2025, 1, 31))])


@pytest.mark.parametrize(
    "text",
    [
        "w nieprzekraczalnym terminie do 31 stycznia br.",
        "w ostatecznym terminie do 31 stycznia 2025 r.",
        "w terminie nieprzekraczalnym do 31 stycznia 2025",
        "w wyznaczonym terminie do 31 stycznia 2025",
        "najpóźniej do dnia 31 stycznia 2025",
        "w terminie nie dłuższym niż 21 dni, tj. do 31 stycznia 2025 r.",
        "Nieprzekraczalny termin składania ofert: do 31 stycznia 2025",
    ],
)
def test_adjectives_of_the_framing_word_change_no_date(text: str) -> None:
    assert _read(text) == JAN_31


@pytest.mark.parametrize(
    "text", ["w planowanym terminie: marzec 2025", "w przewidywanym terminie marzec 2025",
             "planowana data ogłoszenia: marzec 2025", "w ustalonym okresie marzec 2025"],
)  # fmt: skip
def test_planned_frames_a_harmonogram_period_without_making_it_vaguer(text: str) -> None:
    assert _read(text) == ("MONTH", [(date(2025, 3, 1), date(2025, 3, 31))])


@pytest.mark.parametrize(
    ("text", "bound"),
    [("najpóźniej od 1 lutego", "początek może być wcześniej"),
     ("nie później niż od 1 lutego 2025", "początek może być wcześniej"),
     ("najwcześniej do 1 lutego", "koniec może być później")],
)  # fmt: skip
def test_a_bound_against_its_connective_is_refused_in_a_clerks_words(text: str, bound: str) -> None:
    message = _refusal(text)
    assert "nie podaje ani pierwszego, ani ostatniego dnia" in message
    assert bound in message
    assert "„do …”" in message
    assert "„od …”" in message


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("XI – II 2025", "listopad 2024 – luty 2025", "listopad 2025 – luty 2026"),
        ("listopad – luty 2025", "listopad 2024 – luty 2025", "listopad 2025 – luty 2026"),
        ("grudzień – styczeń 2026", "grudzień 2025 – styczeń 2026", "grudzień 2026 – styczeń 2027"),
        ("IX–VI 2025", "wrzesień 2024 – czerwiec 2025", "wrzesień 2025 – czerwiec 2026"),
    ],
)
def test_a_run_across_new_year_with_one_year_names_both_readings(
    text: str, before: str, after: str
) -> None:
    message = _refusal(text)
    assert f"{before} czy {after}?" in message


def test_a_run_across_new_year_with_both_years_reads() -> None:
    assert _read("XI 2024 – II 2025") == ("MONTHS", [(date(2024, 11, 1), date(2025, 2, 28))])


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("II-gie półrocze", ("HALF_YEAR", [(date(2025, 7, 1), date(2025, 12, 31))])),
        ("I-szy kwartał 2025 r.", ("QUARTER", [(date(2025, 1, 1), date(2025, 3, 31))])),
        ("2-gi kwartał", ("QUARTER", [(date(2025, 4, 1), date(2025, 6, 30))])),
        ("III-ci kwartał", ("QUARTER", [(date(2025, 7, 1), date(2025, 9, 30))])),
        ("IV-ty kwartał", ("QUARTER", [(date(2025, 10, 1), date(2025, 12, 31))])),
        ("w 1-szej połowie marca", ("HALF_MONTH", [(date(2025, 3, 1), date(2025, 3, 15))])),
        ("w 2-giej połowie marca", ("HALF_MONTH", [(date(2025, 3, 16), date(2025, 3, 31))])),
        ("do 15-go marca 2025", ("DEADLINE", [(AS_OF, date(2025, 3, 15))])),
        ("od 1-go do 21-szego marca", ("DAYS", [(date(2025, 3, 1), date(2025, 3, 21))])),
    ],
)
def test_an_ordinal_ending_that_agrees_with_its_number_changes_nothing(
    text: str, reading: tuple[str, list[tuple[date, date]]]
) -> None:
    assert _read(text) == reading


def test_an_ordinal_ending_that_disagrees_is_refused_never_guessed() -> None:
    assert "końcówka „-szy” nie pasuje do liczby „2”" in _refusal("2-szy kwartał")


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("V", ["maj 2025"]),
        ("IV", ["kwiecień 2025", "IV kwartał 2025"]),
        ("II", ["luty 2025", "II kwartał 2025", "II półrocze 2025"]),
        ("V-VI", ["maj – czerwiec 2025"]),
    ],
)
def test_a_roman_number_alone_is_never_silently_undated(text: str, readings: list[str]) -> None:
    message = _refusal(text)
    assert "sam numer rzymski" in message
    assert all(reading in message for reading in readings)
    if len(readings) == 1:  # only a month: with its year it reads ("V 2025" is May)
        assert _read(f"{text} 2025")[1]


@pytest.mark.parametrize(
    ("text", "first", "last", "kind"),
    [
        ("I dekada kwietnia 2025", date(2025, 4, 1), date(2025, 4, 10), "DECADE"),
        ("w III dekadzie lutego", date(2025, 2, 21), date(2025, 2, 28), "DECADE"),
        ("3-cia dekada marca", date(2025, 3, 21), date(2025, 3, 31), "DECADE"),
        ("I–II dekada marca", date(2025, 3, 1), date(2025, 3, 20), "DAYS"),
        ("ogłoszenie konkursu planowane na marzec 2025", date(2025, 3, 1), date(2025, 3, 31), "MONTH"),
    ],
)  # fmt: skip
def test_decades_and_a_planned_month_after_the_lead_words(text, first, last, kind) -> None:
    assert _read(text) == (kind, [(first, last)])


@pytest.mark.parametrize(
    ("text", "names"),
    [("druga dekada", "miesiąc"), ("IV dekada marca", "I, II i III"),
     ("2", "luty 2025"), ("2", "II kwartał 2025"), ("15", "15 marca 2025"),
     ("ok. marzec 2025", "window"), ("orientacyjnie 10 marca", "przybliżony")],
)  # fmt: skip
def test_a_decade_without_its_month_a_bare_number_and_an_estimate_are_refused(text, names) -> None:
    assert names in _refusal(text)
