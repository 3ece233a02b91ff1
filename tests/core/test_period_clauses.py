"""Clauses a Polish reader reads through (notifier.core.period_clauses), each tested as a kind:
submission labels, "z końcem", relative years, office hours, conditions, who picks the day,
"nie dłużej niż do", verbs between the bounds and "ostatni kwartał" (issue 21, round 8)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier.core.periods import MONTH_NAMES, PeriodError, PeriodKind, parse_period

K = PeriodKind
AS_OF = date(2025, 1, 10)


def _read(text: str, year: int = 2025):
    period = parse_period(text, year, AS_OF if year == 2025 else date(year, 1, 1))
    return period.kind, [(w.start, w.last_day) for w in period.windows], period.note


@pytest.mark.parametrize(
    "label",
    [
        "Termin składania ofert:",
        "TERMIN SKŁADANIA WNIOSKÓW:",
        "Termin złożenia oferty:",
        "Termin nadsyłania zgłoszeń –",
        "Termin przyjmowania projektów",
        "Termin naboru wniosków:",
        "Nieprzekraczalny termin składania ofert:",
        "Ostatni dzień składania ofert:",
        "Ostatecznym dniem składania wniosków jest",
    ],
)
@pytest.mark.parametrize(
    "day", ["19 czerwca 2025", "19.06.2025 r.", "2025-06-19", "19 czerwca br."]
)
def test_a_submission_label_before_one_day_is_the_deadline(label: str, day: str) -> None:
    assert _read(f"{label} {day}")[:2] == (K.DEADLINE, [(AS_OF, date(2025, 6, 19))])


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        (
            "Termin składania ofert: od 1 do 19 czerwca 2025",
            K.DAYS,
            date(2025, 6, 1),
            date(2025, 6, 19),
        ),
        ("Termin składania ofert: do 19 czerwca 2025", K.DEADLINE, AS_OF, date(2025, 6, 19)),
        (
            "Termin składania ofert od 1 czerwca 2025",
            K.OPEN_ENDED,
            date(2025, 6, 1),
            date(2025, 12, 31),
        ),
        ("Termin ogłoszenia: 19 czerwca 2025", K.DAY, date(2025, 6, 19), date(2025, 6, 19)),
        ("Termin ogłoszenia konkursu – 19.06.2025", K.DAY, date(2025, 6, 19), date(2025, 6, 19)),
    ],
)
def test_a_label_before_a_range_a_bound_or_an_announcement_reads_as_printed(
    text: str, kind: PeriodKind, first: date, last: date
) -> None:
    assert _read(text)[:2] == (kind, [(first, last)])


@pytest.mark.parametrize(
    ("text", "both"),
    [
        ("Termin realizacji zadania: 30 czerwca 2025", ("do 30 czerwca 2025", "(30 czerwca 2025)")),
        (
            "Termin rozstrzygnięcia konkursu: 30.06.2025",
            ("do 30 czerwca 2025", "(30 czerwca 2025)"),
        ),
        ("Termin składania ofert: czerwiec 2025", ("do 30 czerwca 2025", "czerwca 2025")),
        ("Termin składania ofert: II kwartał 2025", ("do 30 czerwca 2025", "kwietnia")),
        ("Składanie ofert: 19 czerwca 2025", ("do 19 czerwca 2025", "(19 czerwca 2025)")),
        ("Nabór wniosków – 19.06.2025 r.", ("do 19 czerwca 2025", "(19 czerwca 2025)")),
    ],
)
def test_a_label_that_does_not_say_which_names_both_readings(
    text: str, both: tuple[str, str]
) -> None:
    with pytest.raises(PeriodError) as raised:
        _read(text)
    assert all(reading in str(raised.value) for reading in both), str(raised.value)


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("z końcem września", date(2025, 9, 30)),
        ("z końcem I kwartału", date(2025, 3, 31)),
        ("Z końcem roku 2025", date(2025, 12, 31)),
        ("z upływem dnia 15 marca 2025 r.", date(2025, 3, 15)),
        ("nie dłużej niż do 31 sierpnia 2025 r.", date(2025, 8, 31)),
        ("najdłużej do 31 sierpnia", date(2025, 8, 31)),
        ("maksymalnie do 31.08.2025", date(2025, 8, 31)),
        ("w terminie do dnia 15 marca 2025 r. w godzinach pracy Urzędu", date(2025, 3, 15)),
        ("do 15 marca 2025 r. w godzinach od 8:00 do 15:30", date(2025, 3, 15)),
    ],
)
def test_an_end_in_words_is_a_deadline(text: str, last: date) -> None:
    assert _read(text)[:2] == (K.DEADLINE, [(AS_OF, last)])


# Relative years count from the harmonogram's year, before or after "roku".
NEXT = (
    "przyszłego roku",
    "następnego roku",
    "kolejnego roku",
    "roku następnego",
    "roku przyszłego",
)
PREVIOUS = ("ubiegłego roku", "poprzedniego roku", "zeszłego roku", "roku ubiegłego")


@given(
    st.integers(2001, 2098),
    st.integers(1, 12),
    st.integers(1, 12),
    st.sampled_from(NEXT + PREVIOUS),
)
def test_a_relative_year_counts_from_the_harmonograms(year, first, last, words) -> None:
    first, last = min(first, last), max(first, last)
    shift = 1 if words in NEXT else -1
    text = f"od {MONTH_NAMES[first - 1][1]} do {MONTH_NAMES[last - 1][1]} {words}"
    period = parse_period(text, year, date(year, 1, 1))
    assert period.windows[0].start == date(year + shift, first, 1), text
    assert period.windows[-1].end == date(year + shift + last // 12, last % 12 + 1, 1), text


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("w przyszłym roku", date(2026, 1, 1), date(2026, 12, 31)),
        ("w roku ubiegłym", date(2024, 1, 1), date(2024, 12, 31)),
        ("I kwartał następnego roku", date(2026, 1, 1), date(2026, 3, 31)),
        ("od listopada br. do lutego przyszłego roku", date(2025, 11, 1), date(2026, 2, 28)),
        ("od listopada do lutego przyszłego roku", date(2025, 11, 1), date(2026, 2, 28)),
        ("od 15 listopada do 15 lutego następnego roku", date(2025, 11, 15), date(2026, 2, 15)),
        ("do 15 marca danego roku", AS_OF, date(2025, 3, 15)),
    ],
)
def test_relative_year_phrasings(text: str, first: date, last: date) -> None:
    assert _read(text)[1] == [(first, last)]


@pytest.mark.parametrize(
    "text",
    [
        "do 31 stycznia roku następnego po roku udzielenia dotacji",
        "do 15 marca każdego kolejnego roku",
        "do 30 listopada roku poprzedzającego rok budżetowy",
        "od listopada do lutego roku następnego po roku realizacji",
    ],
)
def test_a_year_counted_from_an_event_or_left_open_is_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        _read(text)


WINDOW = "od 4 maja 2025 r. do 29 maja 2025 r."
OFFICE_HOURS = (
    "w dni robocze w godzinach od 8:00 do 15:00",
    "w godzinach pracy Urzędu Miejskiego Kościana (tj. od godz. 7.15 do 16.15)",
    "(w godzinach pracy urzędu)",
    "w godzinach urzędowania",
    "od poniedziałku do piątku w godzinach 7.30-15.30",
    "pn.–pt. w godz. 7:30–15:30",
    ", pon.-pt. 8-16",
    "w dni powszednie",
    "w godz. 9-15",
)
CONDITIONS = (
    "w miarę posiadanych środków finansowych",
    "(w miarę posiadanych środków)",
    ", w zależności od posiadanych środków finansowych",
    "w ramach posiadanych środków",
    "w razie potrzeby",
    "(w miarę potrzeb)",
)


@pytest.mark.parametrize("clause", OFFICE_HOURS + CONDITIONS)
def test_office_hours_and_conditions_stay_in_the_note_and_never_change_the_window(
    clause: str,
) -> None:
    kind, windows, note = _read(f"{WINDOW} {clause}")
    assert (kind, windows) == (K.DAYS, [(date(2025, 5, 4), date(2025, 5, 29))])
    assert note
    assert note.split(" ")[-1].strip("()") in clause.replace("–", "-")


@pytest.mark.parametrize(
    "frame",
    [
        "w wybranym przez wykonawcę terminie",
        "w dowolnym terminie",
        "w terminie uzgodnionym z Zamawiającym",
        "w dogodnym dla siebie terminie",
    ],
)
@pytest.mark.parametrize("window", ["od 1 lipca do 30 września 2025", "1.07.2025 – 30.09.2025"])
def test_who_picks_the_day_changes_no_bound(frame: str, window: str) -> None:
    assert _read(f"{frame} {window}")[:2] == (K.DAYS, [(date(2025, 7, 1), date(2025, 9, 30))])


@pytest.mark.parametrize(
    "text",
    [
        "od 1 marca nabór trwa do 15 marca 2025",
        "od 1 marca przyjmowane są do 15 marca 2025",
        "od 1 marca 2025 r., do 15 marca 2025 r.",
        "od 1 marca 2025 r, nie dłużej niż do 15 marca 2025 r.",
        "od 1 do 15 marca 2025 r. trwa nabór wniosków",
        "są przyjmowane od dnia 1 marca 2025 roku do dnia 15 marca 2025 roku",
    ],
)
def test_verbs_and_bounds_in_words_leave_the_range(text: str) -> None:
    assert _read(text)[:2] == (K.DAYS, [(date(2025, 3, 1), date(2025, 3, 15))])


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        (
            "w ostatnim kwartale roku w miarę posiadanych środków",
            date(2025, 10, 1),
            date(2025, 12, 31),
        ),
        ("ostatni kwartał 2025", date(2025, 10, 1), date(2025, 12, 31)),
        ("w ostatnim półroczu", date(2025, 7, 1), date(2025, 12, 31)),
        ("ostatnia dekada marca", date(2025, 3, 21), date(2025, 3, 31)),
    ],
)
def test_the_last_quarter_half_or_decade(text: str, first: date, last: date) -> None:
    assert _read(text)[1] == [(first, last)]


@pytest.mark.parametrize(
    "text",
    [
        "w ostatnim tygodniu marca",
        "od 1 marca trwa nabór, do 15 marca ocena",  # two events: never one window
        "w wybranym przez wykonawcę terminie po 15 marca 2025",
        "w godzinach od 8:00 do 15:00 po 15 marca",
        "z końcem marca po ogłoszeniu wyników",
        "ostatni dzień składania ofert po 23 marca 2025",
    ],
)
def test_a_clause_never_takes_a_word_that_changes_the_meaning_with_it(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, 2025, AS_OF)


def test_the_year_a_report_is_for_in_brackets_is_a_note() -> None:
    kind, windows, note = _read("do 31 stycznia 2026 r. (za rok 2025)")
    assert (kind, windows, note) == (K.DEADLINE, [(AS_OF, date(2026, 1, 31))], "za rok 2025")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("między III kwartałem 2025 a I kwartałem 2026 roku", date(2025, 7, 1), date(2026, 3, 31)),
        ("od III kwartału 2025 do I kwartału 2026", date(2025, 7, 1), date(2026, 3, 31)),
        ("pomiędzy I kwartałem a II kwartałem 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("od II półrocza 2025 do I półrocza 2026", date(2025, 7, 1), date(2026, 6, 30)),
        ("Składanie ofert: 1–19 czerwca 2025", date(2025, 6, 1), date(2025, 6, 19)),
        ("planuje się ogłoszenie konkursu w marcu 2025", date(2025, 3, 1), date(2025, 3, 31)),
    ],
)
def test_quarters_and_halves_between_bounds_and_stage_ranges(
    text: str, first: date, last: date
) -> None:
    assert _read(text)[1] == [(first, last)]


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        (
            "z dniem 15 marca 2025 r. rozpoczyna się nabór",
            K.OPEN_ENDED,
            date(2025, 3, 15),
            date(2025, 12, 31),
        ),
        (
            "15.03.2025 r. rusza nabór wniosków.",
            K.OPEN_ENDED,
            date(2025, 3, 15),
            date(2025, 12, 31),
        ),
        ("31 marca 2025 r. kończy się nabór wniosków", K.DEADLINE, AS_OF, date(2025, 3, 31)),
        (
            "od 1 marca br. trwa nabór wniosków do 15 marca br.",
            K.DAYS,
            date(2025, 3, 1),
            date(2025, 3, 15),
        ),
    ],
)
def test_a_verb_after_one_day_says_whether_it_starts_or_ends_the_call(
    text: str, kind: PeriodKind, first: date, last: date
) -> None:
    assert _read(text)[:2] == (kind, [(first, last)])


@pytest.mark.parametrize(
    "text", ["1-15 marca 2025 rozpoczyna się nabór", "marzec 2025 rozpoczyna się nabór"]
)
def test_a_start_verb_after_a_span_is_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        _read(text)


# One day, then its one hour after "do": offers until that hour, a deadline (issue 21, round 9:
# "5 listopada 2015 r., do godziny 12.00" was read as that one day).
@pytest.mark.parametrize(
    "day",
    ["30 czerwca 2025 r.", "30.06.2025", "w poniedziałek, 30 czerwca", "30 czerwca (poniedziałek)"],
)
@pytest.mark.parametrize(
    "hour", ["do godz. 16:00", ", do godziny 16.00", "do godz. 16", "do 16:00", ", do godz: 16:00"]
)
def test_a_day_with_an_hour_after_do_is_a_deadline_at_that_hour(day: str, hour: str) -> None:
    kind, windows, note = _read(f"{day} {hour}".replace(" ,", ","))
    assert (kind, windows) == (K.DEADLINE, [(AS_OF, date(2025, 6, 30))])
    assert "godz. 16:00" in note


@pytest.mark.parametrize(
    ("text", "kind", "first"),
    [
        ("30 czerwca 2025 r. o godz. 16:00", K.DAY, date(2025, 6, 30)),  # at that hour
        ("30 czerwca 2025 r., godz. 16:00", K.DAY, date(2025, 6, 30)),
        ("30 czerwca 2025 r. od godz. 16:00", K.DAY, date(2025, 6, 30)),
        ("30 czerwca 2025 r. po godz. 16:00", K.DAY, date(2025, 6, 30)),
        ("30 czerwca 2025 r. w godz. 8:00–16:00", K.DAY, date(2025, 6, 30)),  # office hours
        (
            "od 10 do 30 czerwca 2025 r. do godz. 16:00",
            K.DAYS,
            date(2025, 6, 10),
        ),  # last day's hour
        ("10.06.2025 – 30.06.2025 do godz. 16:00", K.DAYS, date(2025, 6, 10)),
        ("do 30 czerwca 2025 r. do godz. 16:00", K.DEADLINE, AS_OF),
    ],
)
def test_an_hour_that_is_not_the_end_of_offers_keeps_the_window(text, kind, first) -> None:
    assert _read(text)[:2] == (kind, [(first, date(2025, 6, 30))])


# The lower bound, then the upper one in any of the verbs printed around it: the window between.
@pytest.mark.parametrize(
    "upper",
    [
        "i nie później niż",
        ", a kończy najpóźniej",
        ", a kończy się nie później niż",
        "i zakończy się najpóźniej",
        "i trwające nie dłużej niż do",
        "i trwający do",
    ],
)
@pytest.mark.parametrize("end", ["30 kwietnia 2025 r.", "30.04.2025"])
def test_bounds_with_a_verb_between_them_are_the_window(upper: str, end: str) -> None:
    text = f"nie wcześniej niż 1 marca 2025 r. {upper} {end}".replace(" ,", ",")
    assert _read(text)[:2] == (K.DAYS, [(date(2025, 3, 1), date(2025, 4, 30))])


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("pomiędzy 1 lipca 2025 r., a 30 listopada 2025 r.", date(2025, 7, 1), date(2025, 11, 30)),
        ("między 1.07.2025, a 30.11.2025", date(2025, 7, 1), date(2025, 11, 30)),
        ("w trakcie całego roku budżetowego", date(2025, 1, 1), date(2025, 12, 31)),
        ("w trakcie marca 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("do 1️⃣6️⃣ maja włącznie", AS_OF, date(2025, 5, 16)),
        ("do 3⃣0⃣.0⃣4⃣.2025", AS_OF, date(2025, 4, 30)),  # keycaps without the selector
        ("od 1.07.02025 r. do 31.12.02025 r.", date(2025, 7, 1), date(2025, 12, 31)),
    ],
)
def test_printing_slips_a_reader_reads_through(text: str, first: date, last: date) -> None:
    assert _read(text)[1] == [(first, last)]


def test_an_upper_bound_with_po_is_refused_never_read_as_the_window() -> None:
    with pytest.raises(PeriodError, match="zmienia termin"):
        parse_period("nie wcześniej niż 1 marca 2025 r., a kończy po 30 kwietnia 2025 r.", 2025)


@pytest.mark.parametrize("bound", ["maksymalnie", "max.", "najdłużej", "nie dłużej niż"])
def test_an_upper_bound_before_a_whole_range_is_that_range(bound: str) -> None:
    text = f"{bound} od 13 lutego do 30 kwietnia 2025"
    assert _read(text)[:2] == (K.DAYS, [(date(2025, 2, 13), date(2025, 4, 30))])
    with pytest.raises(PeriodError):  # no end printed: never an open-ended start
        parse_period(f"{bound} od 13 lutego 2025", 2025)
