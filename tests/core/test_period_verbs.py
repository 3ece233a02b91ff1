"""Verbs, a report's "za", a leading "okres", lost hour superscripts, loose punctuation, decade
ranges and hedges around a printed period (issue 21): each kind with the sibling forms a clerk
prints, and what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from notifier.core.periods import PeriodError, PeriodKind, parse_period

K = PeriodKind
AS_OF = date(2025, 1, 10)


def _read(text: str) -> tuple[PeriodKind, list[tuple[date, date]]]:
    period = parse_period(text, 2025, AS_OF)
    return period.kind, [(w.start, w.last_day) for w in period.windows]


Q1 = [(date(2025, 1, 1), date(2025, 3, 31))]
FEB = [(date(2025, 2, 1), date(2025, 2, 28))]
BY_8_SEPT = (K.DEADLINE, [(AS_OF, date(2025, 9, 8))])
MARCH = (K.DAYS, [(date(2025, 3, 1), date(2025, 3, 31))])


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        # the period a report covers ("za") is that period
        ("za I kwartał 2025 roku", (K.QUARTER, Q1)),
        ("za 1 kwartał 2025 r.", (K.QUARTER, Q1)),
        ("Sprawozdanie za I kwartał 2025", (K.QUARTER, Q1)),
        ("za 2025 rok", (K.YEAR, [(date(2025, 1, 1), date(2025, 12, 31))])),
        ("za rok 2025", (K.YEAR, [(date(2025, 1, 1), date(2025, 12, 31))])),
        ("za miesiąc luty", (K.MONTH, FEB)),
        ("za luty 2025 r.", (K.MONTH, FEB)),
        ("za okres od 1.02.2025 do 28.02.2025", (K.DAYS, FEB)),
        ("za II półrocze 2025 r.", (K.HALF_YEAR, [(date(2025, 7, 1), date(2025, 12, 31))])),
        # the noun "okres" first
        ("okres od 1.02.2025 do 28.02.2025", (K.DAYS, FEB)),
        ("Okres: 01.02.2025 – 28.02.2025", (K.DAYS, FEB)),
        ("okres realizacji: od 1 lutego do 28 lutego 2025 r.", (K.DAYS, FEB)),
        # an end verb before a date is the last day
        ("kończy się 8.09.2025r.", BY_8_SEPT),
        ("Termin składania wniosków kończy się 8.09.2025r.", BY_8_SEPT),
        ("nabór zakończy się 8 września 2025 r.", BY_8_SEPT),
        ("Realizacja projektu powinna zakończyć się do 8 września 2025 roku.", BY_8_SEPT),
        ("upływa z dniem 8 września 2025 r.", BY_8_SEPT),
        ("termin mija 8.09.2025", BY_8_SEPT),
        ("Termin składania wniosków na rok 2026 mija 8 września 2025 roku.", BY_8_SEPT),
        ("nabór zamyka się 8.09.2025 r.", BY_8_SEPT),
        ("Nabór zakończył się 8 września 2025 r.", BY_8_SEPT),
        ("termin upłynął 8.09.2025 r.", BY_8_SEPT),
        ("Sprawozdanie roczne za 2025 rok", (K.YEAR, [(date(2025, 1, 1), date(2025, 12, 31))])),
        ("sprawozdanie kwartalne za I kwartał 2025 r.", (K.QUARTER, Q1)),
        ("trwa do 8 września 2025 r.", BY_8_SEPT),
        ("Nabór trwać będzie do 8 września 2025 r.", BY_8_SEPT),
        # a start verb begins the window; an end verb after it ends it
        ("Nabór rozpoczyna się 1 marca i kończy się 31 marca 2025 r.", MARCH),
        ("zaczyna się 1 marca 2025 r., a kończy 31 marca 2025 r.", MARCH),
        ("nabór rusza 1 marca i potrwa do 31 marca 2025 r.", MARCH),
        ("Nabór rozpoczął się 1 marca, a zakończył się 31 marca 2025 r.", MARCH),
        ("rozpoczyna się 1 marca 2025 r.", (K.OPEN_ENDED, [(date(2025, 3, 1), date(2025, 12, 31))])),
        ("Rozstrzygnięcie konkursu zaplanowano na 28 lipca br.", (K.DAY, [(date(2025, 7, 28),) * 2])),
        # an hour whose superscript a PDF lost, an hour alone, the end of the day
        ("do 15 marca 2025 r. do godz. 1500", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("15 marca 2025 r. godz. 1530", (K.DAY, [(date(2025, 3, 15),) * 2])),
        ("do 15.03.2025 r. do godziny 12.", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("do godz. 930 dnia 15 marca 2025 r.", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("15 marca 2025 r. do końca dnia", (K.DAY, [(date(2025, 3, 15),) * 2])),
        ("do 15 marca 2025 r. (do godz. 1530)", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("do 15 marca 2025 r. do godz.1200", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("do dnia 15.03.2025 r. do godz. 15³⁰", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("Nabór zostanie zamknięty 15 marca 2025 r.", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("zakończenie naboru – 15 marca 2025 r.", (K.DAY, [(date(2025, 3, 15),) * 2])),
        # loose punctuation at either end
        ("marzec 2025:", (K.MONTH, [(date(2025, 3, 1), date(2025, 3, 31))])),
        ("do 15 marca 2025 r.;", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        ("do 15 marca 2025 r. !", (K.DEADLINE, [(AS_OF, date(2025, 3, 15))])),
        (": od 1 do 31 marca 2025 r.,", MARCH),
        # a range of decades across months
        ("III dekada marca – I dekada kwietnia", (K.DAYS, [(date(2025, 3, 21), date(2025, 4, 10))])),
        ("od II dekady marca do I dekady kwietnia 2025", (K.DAYS, [(date(2025, 3, 11), date(2025, 4, 10))])),
        ("III dekada grudnia 2025 – I dekada stycznia 2026", (K.DAYS, [(date(2025, 12, 21), date(2026, 1, 10))])),
        ("w III dekadzie marca i I dekadzie kwietnia", (K.DAYS, [(date(2025, 3, 21), date(2025, 4, 10))])),
        ("I dekada marca i I dekada kwietnia", (K.ROUNDS, [(date(2025, 3, 1), date(2025, 3, 10)), (date(2025, 4, 1), date(2025, 4, 10))])),
        # an end that is an event, after a printed start: open-ended, the words in the note
        ("od 1 marca 2025 r. do odwołania", (K.OPEN_ENDED, [(date(2025, 3, 1), date(2025, 12, 31))])),
        ("od 1 marca 2025 r. do czasu rozstrzygnięcia konkursu", (K.OPEN_ENDED, [(date(2025, 3, 1), date(2025, 12, 31))])),
        # quarters listed with "i": next to each other one span, apart two rounds
        ("na II i III kwartał 2025 roku", (K.QUARTERS, [(date(2025, 4, 1), date(2025, 9, 30))])),
        ("na I i III kwartał 2025 roku", (K.ROUNDS, [(date(2025, 1, 1), date(2025, 3, 31)), (date(2025, 7, 1), date(2025, 9, 30))])),
    ],
)  # fmt: skip
def test_each_kind_reads_as_a_polish_reader_reads_it(text, reading) -> None:
    assert _read(text) == reading


@pytest.mark.parametrize(
    "text",
    [
        "tj. do dnia 24 kwietnia 2025r., z możliwością dalszego wstrzymania",
        "do 24 kwietnia 2025 r., z możliwością przedłużenia",
        "do 24 kwietnia 2025 r. z możliwością przedłużenia terminu",
        "od 1 do 30 kwietnia 2025 r. (z możliwością wydłużenia)",
        "do 30 czerwca 2025 r., z możliwością zmiany terminu",
        "do 30 czerwca 2025 r. lub do odwołania",
        "od 1 marca do 30 czerwca 2025 r. do odwołania",
        "nabór w trybie ciągłym trwa do wyczerpania środków, maksymalnie do 17 października",
        "do 30 listopada 2025 r. lub do wyczerpania limitu",
        "do 30 czerwca 2025 r. lub do czasu rozstrzygnięcia",
        "do 15 marca 2025 r., z zastrzeżeniem możliwości przedłużenia",
        "do 15 marca 2025 r. (termin może ulec zmianie)",
        "od 1 marca 2025 r. do 15 marca 2025 r. – termin może zostać przedłużony",
        "do 15 marca 2025 r. z możliwością przedłużenia do 31 marca 2025 r.",
    ],
)
def test_a_hedge_that_makes_the_printed_end_uncertain_is_refused(text: str) -> None:
    with pytest.raises(PeriodError, match=r"window") as raised:
        parse_period(text, 2025, AS_OF)
    assert "2025" in str(raised.value)  # the example is in the harmonogram's year


@pytest.mark.parametrize(
    "text",
    [
        "kwiecień?",  # a question mark doubts the date
        "nie kończy się 8 września 2025 r.",  # a word that changes the meaning is never dropped
        "po godz. 15 kończy się 8 września 2025",
        "III dekada grudnia – I dekada stycznia 2026",  # which December?
        "II dekada marca – kwiecień 2025",
        "godziny 2025",  # a year as likely as 20:25
    ],
)
def test_what_stays_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, 2025, AS_OF)


def test_the_hour_and_the_year_the_tasks_are_for_are_kept_in_the_note() -> None:
    assert parse_period("do 15 marca 2025 r. do godz. 1500", 2025, AS_OF).note == "godz. 15:00"
    assert parse_period("do 15.03.2025 r. do godz. 15³⁰", 2025, AS_OF).note == "godz. 15:30"
    note = parse_period("Termin składania wniosków na rok 2026 mija 8 września 2025 roku.", 2025)
    assert note.note == "na rok 2026"
