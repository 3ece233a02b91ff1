"""Lead words anywhere in a cell, stage labels and "każdego roku" (issue 21, round 2).

Properties: a window printed with framing words inside the cell ("W tegorocznej edycji nabór
trwa do …"), a stage label before or after it ("Etap I: …", "… – nabór uzupełniający"), a
month heading over its dates ("MARZEC - zgłaszanie projektów (od … do …)") or "każdego roku"
reads back to the same window; a heading the dates do not fall in, a word that changes the
window and a word not in the lexicon are never skipped. No deadlines (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schedule_text import department_toml, schedule_toml, task_toml

from notifier.core.periods import MONTH_NAMES, ROMAN, PeriodError, PeriodKind, parse_period
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule

K = PeriodKind
AS_OF = date(2020, 1, 1)


def _words(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1][1]} {day.year}"


FORMS: dict[str, Callable[[date], str]] = {
    "words": _words,
    "words r.": lambda d: f"{_words(d)} r.",
    "dots": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "roman": lambda d: f"{d.day} {ROMAN[d.month]} {d.year}",
}
forms = st.sampled_from(sorted(FORMS))
days = st.dates(date(2020, 1, 2), date(2030, 12, 1))
# Framing words of the lexicon, as cells print them before a window (real wordings).
LEADS = (
    "nabór trwa",
    "Nabór wniosków trwa",
    "oferty można składać",
    "nabór ofert będzie prowadzony",
    "termin składania ofert",
)
OPENINGS = ("", "W tegorocznej edycji ", "Uwaga: ")
# Stage labels as harmonogramy print them (budżet obywatelski, a call's timetable of stages).
LABELS = (
    "Etap I",
    "nabór uzupełniający",
    "zgłaszanie projektów",
    "Możliwość konsultowania wniosków",
    "weryfikacja formalna",
)
LABELLED = ("{label}: {window}", "{label} – {window}", "{label} - {window}", "{window} – {label}")


@given(days, st.integers(1, 90), forms, forms, st.sampled_from(LEADS), st.sampled_from(OPENINGS))
def test_lead_words_inside_a_cell_change_no_range(start, length, form_a, form_b, lead, opening):
    end = start + timedelta(days=length)
    text = f"{opening}{lead} od {FORMS[form_a](start)} do {FORMS[form_b](end)}"
    period = parse_period(text, start.year, AS_OF)
    assert period.kind == K.DAYS, text
    assert [(w.start, w.last_day) for w in period.windows] == [(start, end)], text


@given(days, forms, st.sampled_from(LEADS), st.sampled_from(OPENINGS))
def test_lead_words_inside_a_cell_change_no_deadline(day, form, lead, opening) -> None:
    text = f"{opening}{lead} do {FORMS[form](day)}"
    period = parse_period(text, day.year, AS_OF)
    assert period.kind == K.DEADLINE, text
    assert [(w.start, w.last_day) for w in period.windows] == [(AS_OF, day)], text


@given(days, st.integers(1, 60), forms, forms, st.sampled_from(LABELS), st.sampled_from(LABELLED))
def test_a_stage_label_keeps_its_window_and_goes_to_the_note(
    start, length, form_a, form_b, label, shape
) -> None:
    end = start + timedelta(days=length)
    window = f"od {FORMS[form_a](start)} do {FORMS[form_b](end)}"
    text = shape.format(label=label, window=window)
    period = parse_period(text, start.year, AS_OF)
    assert [(w.start, w.last_day) for w in period.windows] == [(start, end)], text
    assert label in (period.note or ""), text


def _overlaps(month: int, start: date, end: date) -> bool:
    first = date(start.year, month, 1)
    after = date(start.year + (month == 12), month % 12 + 1, 1)
    return first <= end and start < after


@given(days, st.integers(0, 45), st.integers(1, 12), st.sampled_from(LABELS))
def test_a_month_heading_over_precise_dates_is_read_only_when_they_agree(
    start, length, month, label
) -> None:
    end = start + timedelta(days=length)
    heading = MONTH_NAMES[month - 1][0].upper()
    text = f"{heading} - {label} (od {_words(start)} do {_words(end)})"
    if start.year == end.year and _overlaps(month, start, end):
        period = parse_period(text, start.year, AS_OF)
        assert [(w.start, w.last_day) for w in period.windows] == [(start, end)], text
        assert heading in (period.note or ""), text
    elif start.year == end.year:
        with pytest.raises(PeriodError) as raised:
            parse_period(text, start.year, AS_OF)
        assert f"nagłówek „{heading}”" in str(raised.value), text  # both are named


YEARLY = ("każdego roku", "co roku", "corocznie", "rokrocznie")


@given(days, st.integers(0, 20), st.sampled_from(YEARLY), st.booleans())
def test_every_year_words_are_the_harmonograms_year(start, length, words, before) -> None:
    end = min(start + timedelta(days=length), date(start.year, 12, 31))
    genitive = MONTH_NAMES[end.month - 1][1]
    window = f"od {start.day} {MONTH_NAMES[start.month - 1][1]} do {end.day} {genitive}"
    text = f"{words} {window}" if before else f"{window} {words}"
    period = parse_period(text, start.year, AS_OF)
    assert [(w.start, w.last_day) for w in period.windows] == [(start, end)], text
    assert words in (period.note or ""), text


@pytest.mark.parametrize(
    "text",
    [
        "nabór trwa po 15 marca",  # a word that changes the window is never framing
        "nabór trwa przed 15 marca",
        "nabór trwa około 15 marca",
        "nabór trwa na początku marca",
        "W tegorocznej edycji nabór trwa blablabla do 15 marca",  # unknown: never skipped
        "nabór przedłużony – 1–10 czerwca",  # a label that changes the window
        "nabór wstępnie – 1–10 czerwca",
        "po ogłoszeniu wyników do 15 maja",
        "MAJ – zgłaszanie projektów (od 14 marca do 13 kwietnia)",  # the heading disagrees
    ],
)
def test_what_changes_the_window_is_never_skipped(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, 2025)


@pytest.mark.parametrize(
    "text",
    [
        "do 31 stycznia roku następnego po roku udzielenia dotacji",
        "do 15 marca każdego roku, w którym udzielono dotacji",
        "do 15 marca każdego roku następnego",
        "nie później niż do 30 listopada roku, w którym nastąpiło udzielenie dotacji",
    ],
)
def test_a_relative_year_is_asked_for_never_taken_for_the_harmonograms(text: str) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(text, 2025)
    assert "proszę wpisać rok" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "last"),
    [
        (
            "w terminie 7 dni przed rozpoczęciem rekrutacji na kolejny rok szkolny (tj. do 24 lutego)",
            date(2026, 2, 24),
        ),
        ("7 dni przed rozpoczęciem roku szkolnego, tj. do 24 sierpnia", date(2026, 8, 24)),
        ("na 14 dni przed początkiem roku akademickiego, tj. do 16 września", date(2026, 9, 16)),
    ],
)
def test_a_rule_naming_a_school_year_then_tj_is_the_deadline_after_tj(text, last) -> None:
    period = parse_period(text, 2026, date(2026, 1, 1))
    assert period.kind == K.DEADLINE
    assert period.windows[0].last_day == last
    assert "przed" in (period.note or "")  # the rule is kept, not dropped


def test_a_heading_that_disagrees_is_named_with_its_line() -> None:
    bad = "MAJ - zgłaszanie projektów (od 14 marca do 13 kwietnia)"
    text = schedule_toml(
        department_toml("bo", "Budżet obywatelski", task_toml("a", "A", "Marzec 2024")),
        department_toml("sport", "Wydział Sportu", task_toml("b", "B", bad)),
    )
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(text, source="bo-2024.toml")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if bad in row)
    assert f"bo-2024.toml:{line}: " in str(raised.value)
    assert "nagłówek „MAJ”" in str(raised.value)
