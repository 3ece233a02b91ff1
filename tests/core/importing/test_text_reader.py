"""The text reader on the seed document (the key acceptance) and on the kinds of layout it
stands for: merged period cells, periods beside the task, page breaks, no department."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.core.importing.cells import (
    dates_printed_in,
    join_lines,
    trailing_period,
)
from notifier.core.importing.letter_case import readable_case
from notifier.core.importing.model import DocumentError, ImportedSchedule
from notifier.core.importing.sanity import title_problem
from notifier.core.importing.text_reader import NO_DEPARTMENT, read_text
from notifier.core.schedule import Schedule

SEED = Path(__file__).parents[2] / "examples" / "harmonogram-2024-leszno.txt"


@pytest.fixture(scope="module")
def seed_import() -> ImportedSchedule:
    return read_text(SEED.read_text(encoding="utf-8"))


def test_the_seed_gives_schedule_toml_titles_periods_and_as_of(
    seed_import: ImportedSchedule, leszno: Schedule
) -> None:
    assert seed_import.as_of == date(2024, 1, 10) == leszno.as_of
    assert seed_import.year == 2024
    assert seed_import.title == leszno.title
    assert len(seed_import.departments) == len(leszno.departments) == 9
    got = [(t.title, t.period) for t in seed_import.tasks()]
    want = [(t.title, t.period.text) for t in leszno.tasks()]
    assert len(got) == 28
    assert got == want


def test_the_seed_departments_numbers_and_scopes(
    seed_import: ImportedSchedule, leszno: Schedule
) -> None:
    for got, want in zip(seed_import.departments, leszno.departments, strict=True):
        assert got.scope == want.scope
        assert [t.number for t in got.tasks] == [t.number for t in want.tasks]
        if "KRYSYSOWEGO" not in got.printed:  # schedule.toml fixed that misprint by hand
            assert got.name == want.name


def test_a_merged_period_reaches_every_task_it_covers(seed_import: ImportedSchedule) -> None:
    by_name = {d.name: d for d in seed_import.departments}
    for name, period in [
        ("Centrum Informacji Turystycznej", "II, III kwartał roku 2024"),
        ("Biuro Pełnomocnika ds. Współpracy z Organizacjami Pozarządowymi", "II połowa 2024 r."),
    ]:
        tasks = by_name[name].tasks
        assert len(tasks) == 5
        assert all(t.period == period and t.merged for t in tasks)
    assert any("scalona komórka" in n and "strona 1" in n for n in seed_import.notes)


def test_a_period_printed_in_the_middle_of_its_merged_cell() -> None:
    text = (
        "WYDZIAŁ KULTURY\n\n1) koncerty\n\n2) wystawy\n\nMaj 2025\n\n3) festiwale\n\n"
        "WYDZIAŁ SPORTU\n\n1) ligi szkolne\n\n- \n"
    )
    result = read_text(text, 2025)
    assert [(t.title, t.period) for t in result.tasks()] == [
        ("koncerty", "Maj 2025"),
        ("wystawy", "Maj 2025"),
        ("festiwale", "Maj 2025"),
        ("ligi szkolne", "-"),
    ]


def test_a_group_split_by_a_page_break_and_a_repeated_heading_row() -> None:
    text = (
        "Zadanie Termin ogłoszenia\n\nWYDZIAŁ ZDROWIA\n\n1) profilaktyka chorób\n\n"
        "serca i naczyń\f\nZadanie Termin ogłoszenia\n\nkrwiobiegu\n\nI kwartał 2025\n"
    )
    result = read_text(text, 2025)
    (task,) = result.tasks()
    assert task.title == "profilaktyka chorób serca i naczyń krwiobiegu"
    assert task.period == "I kwartał 2025"
    assert task.period_where is not None
    assert task.period_where.page == 2


def test_no_department_at_all_gives_one_marked_department() -> None:
    result = read_text("1) kluby seniora\n\nMarzec 2025\n\n2) kolonie\n\nCzerwiec 2025\n", 2025)
    assert [d.name for d in result.departments] == [NO_DEPARTMENT]
    assert [t.period for t in result.tasks()] == ["Marzec 2025", "Czerwiec 2025"]


MONTHS = ["Styczeń", "Luty", "Marzec", "Kwiecień", "Maj", "Czerwiec", "Lipiec", "Wrzesień"]
WORDS = st.sampled_from(
    ["prowadzenie", "klubów", "działania", "na", "rzecz", "seniorów", "i", "dzieci", "w", "mieście"]
)


@settings(max_examples=40, deadline=None)
@given(
    tasks=st.lists(
        st.tuples(st.lists(WORDS, min_size=1, max_size=8), st.sampled_from(MONTHS)),
        min_size=1,
        max_size=6,
    ),
    beside=st.booleans(),
)
def test_any_list_of_tasks_with_periods_reads_back(
    tasks: list[tuple[list[str], str]], beside: bool
) -> None:
    blocks = ["WYDZIAŁ SPRAW SPOŁECZNYCH"]
    for i, (words, month) in enumerate(tasks, start=1):
        title = f"{i}) " + " ".join(words)
        blocks += [f"{title} {month} 2025"] if beside else [title, f"{month} 2025"]
    result = read_text("\n\n".join(blocks) + "\n", 2025)
    assert [(t.number, t.title, t.period) for t in result.tasks()] == [
        (str(i), " ".join(words), f"{month} 2025") for i, (words, month) in enumerate(tasks, 1)
    ]


def test_cells_helpers() -> None:
    assert readable_case("BIURO DS. UZALEŻNIEŃ") == "Biuro ds. Uzależnień"
    assert readable_case("Wydział Rozwoju") == "Wydział Rozwoju"
    assert join_lines(["oferty turystyczno-", "rekreacyjnej"]) == "oferty turystyczno-rekreacyjnej"
    assert join_lines(["organiza-", "cja imprez"]) == "organizacja imprez"
    assert trailing_period("pomoc ofiarom przemocy domowej Maj 2024", 2024) == (
        "pomoc ofiarom przemocy domowej",
        "Maj 2024",
    )
    assert trailing_period("rozwój sportu – II tura", 2024) is None


def test_the_dates_printed_among_other_words_of_a_period_cell() -> None:
    assert dates_printed_in("Konkurs ofert (termin ogłoszenia:Styczeń/luty 2022)", 2022, None) == (
        "Styczeń/luty 2022"
    )
    two = "Konkurs na operatora – grudzień 2021, konkurs ogłoszony przez operatora 1 lutego 2022 r"
    assert dates_printed_in(two, 2022, None) is None
    assert dates_printed_in("Zakup usługi", 2022, None) is None


def test_a_table_printed_with_its_columns_side_by_side_is_refused_not_misread() -> None:
    """`pdftotext -layout`: read line by line it gave the annex heading and the page footer as
    tasks; a clear refusal beats such garbage."""
    text = (
        "Załącznik nr 1 do Zarządzenia nr 123/2026 Prezydenta Miasta z dnia 30 listopada 2026 r.\n"
        "\n"
        "Lp.   Komórka organizacyjna      Zadanie                          Termin ogłoszenia\n"
        "1.    Wydział Kultury            prowadzenie klubów seniora       styczeń 2027\n"
        "2.    Wydział Sportu             organizacja zawodów              luty 2027\n"
        "                                 sportowych dla dzieci\n"
        "\n"
        "Strona 1 z 1\n"
    )
    with pytest.raises(DocumentError, match=r"nie znaleziono tabeli harmonogramu.*-layout"):
        read_text(text, 2027)


@pytest.mark.parametrize(
    "title", ["Strona 1 z 1", "Załącznik nr 1 do Zarządzenia nr 123/2026 — 30 listopada 2026 r."]
)
def test_page_furniture_is_no_task_title(title: str) -> None:
    assert title_problem(title, 2027) == (
        "to numer strony albo nagłówek załącznika, nie nazwa zadania"
    )
