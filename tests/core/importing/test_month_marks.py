"""Month columns marked "X" and lists of "period – task" items: the kinds a plan prints
instead of a period cell."""

from __future__ import annotations

import pytest

from notifier.core.importing.month_marks import marked_period, month_columns, month_of
from notifier.core.importing.period_list import leading_period, read_period_list

ROMAN = ["Lp.", "Zadanie", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@pytest.mark.parametrize(
    ("label", "month"),
    [
        ("IV", ("month", 4)),
        ("VII\nI", ("month", 8)),
        ("kwiecień", ("month", 4)),
        ("lis.", ("month", 11)),
        ("II kw.", ("quarter", 2)),
        ("Zadanie", None),
        ("Lp.", None),
        ("ma", None),
    ],
)
def test_a_month_columns_heading_is_read(label: str, month: tuple[str, int] | None) -> None:
    assert month_of(label) == month


@pytest.mark.parametrize(
    ("marks", "period"),
    [
        ({4, 5, 6}, "kwiecień–czerwiec"),
        ({11}, "listopad"),
        ({1, 4, 5}, "styczeń, kwiecień–maj"),
        (set(), None),
    ],
)
def test_a_run_of_marks_is_that_span_of_months(marks: set[int], period: str | None) -> None:
    columns = month_columns(ROMAN)
    row = ["1.", "zadanie", *("X" if m in marks else "" for m in range(1, 13))]
    assert marked_period(columns, row) == period


def test_quarter_columns_and_no_month_columns() -> None:
    columns = month_columns(["Zadanie", "I kw.", "II kw.", "III kw.", "IV kw."])
    assert marked_period(columns, ["a", "", "x", "x", ""]) == "II–III kwartał"
    assert month_columns(["Zadanie", "Termin", "Uwagi"]) == ()
    assert month_columns(["1.", "X", "X", "X"]) == ()  # a row of marks is no heading


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (
            "grudzień 2005 — luty 2006 roku – otwarte konkursy ofert",
            ("grudzień 2005 — luty 2006 roku", "otwarte konkursy ofert"),
        ),
        ("maj-czerwiec – konkurs z dziedziny", ("maj-czerwiec", "konkurs z dziedziny")),
        (
            "do 30 kwietnia 2024 roku dla zadań realizowanych w drugiej połowie roku;",
            ("do 30 kwietnia 2024 roku", "dla zadań realizowanych w drugiej połowie roku;"),
        ),
        ("Maj 2024", None),
        ("Program jest finansowany z budżetu na rok 2006", None),
    ],
)
def test_a_list_item_starting_with_its_period(line: str, found: tuple[str, str] | None) -> None:
    assert leading_period(line, 2024) == found


def test_a_list_item_runs_on_until_its_semicolon_and_a_second_sentence_is_a_remark() -> None:
    text = (
        "Terminy ogłoszenia konkursów w 2024 roku:\n"
        "1) do 29 lutego 2024 roku dla zadań dotyczących wypoczynku dzieci\n"
        "podczas ferii letnich. Dla biur termin jest uzgadniany;\n"
        "2) do 30 kwietnia 2024 roku dla zadań realizowanych w drugiej połowie roku.\n"
        "Konkursy mogą być ogłaszane także w innych terminach.\n"
    )
    imported = read_period_list(text, 2024)
    assert imported is not None
    tasks = [(t.number, t.title, t.period) for t in imported.tasks()]
    assert tasks == [
        (
            "1",
            "dla zadań dotyczących wypoczynku dzieci podczas ferii letnich",
            "do 29 lutego 2024 roku",
        ),
        ("2", "dla zadań realizowanych w drugiej połowie roku", "do 30 kwietnia 2024 roku"),
    ]
    assert "Dla biur" in (imported.tasks()[0].remark or "")  # kept in the file as a comment
    assert read_period_list("Maj 2024 – zajęcia sportowe dla dzieci.\n", 2024) is None


def test_a_bulleted_list_with_commas_is_read_too() -> None:
    text = (
        "Planowane terminy ogłoszenia konkursów w 2026 roku:\n"
        "- do 31 stycznia 2026 r. – konkurs na wspieranie kultury fizycznej,\n"
        "- II kwartał 2026: konkurs na wypoczynek letni dzieci i młodzieży.\n"
    )
    imported = read_period_list(text, 2026)
    assert imported is not None
    assert [(t.title, t.period) for t in imported.tasks()] == [
        ("konkurs na wspieranie kultury fizycznej", "do 31 stycznia 2026 r."),
        ("konkurs na wypoczynek letni dzieci i młodzieży", "II kwartał 2026"),
    ]
