"""A period of digits alone ("46100": a spreadsheet's date that lost its format, or any
number) is no period: `notifier check` and the importer say so by one rule
(notifier.core.undated_wording), and a bare number the reader refuses ("2") is refused by
both (blind11 F7)."""

from __future__ import annotations

import tomllib
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.core.importing.model import ImportedDepartment, ImportedSchedule, ImportedTask, Where
from notifier.core.importing.review import build_import
from notifier.core.periods import PeriodError, UndatedPeriod, parse_period
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule

YEAR = 2027
NUMBERS = st.text(st.sampled_from("0123456789 /.,-"), min_size=1, max_size=12).filter(
    lambda t: any(c.isdigit() for c in t)
)


def _imported(period: str) -> ImportedSchedule:
    task = ImportedTask("Plener malarski", Where(1, 4, "arkusz"), period=period)
    department = ImportedDepartment("Wydział Kultury", "Wydział Kultury", Where(1, 3), tasks=[task])
    return ImportedSchedule(f"Harmonogram {YEAR}", YEAR, date(2026, 11, 30), [department])


def _reading(text: str) -> UndatedPeriod | PeriodError | None:
    try:
        period = parse_period(text, YEAR)
    except PeriodError as exc:
        return exc
    return period if isinstance(period, UndatedPeriod) else None


@settings(deadline=None, max_examples=60)
@given(NUMBERS)
def test_check_and_the_importer_agree_on_every_period_of_digits_alone(text: str) -> None:
    text = " ".join(text.split())  # as a document reader gives a cell
    reading = _reading(text)
    if reading is None:
        return  # "2027", "15.03.2027": a date
    result = build_import(_imported(text), source="d.xlsx", city="Leszno", year=None, as_of=None)
    (task,) = tomllib.loads(result.toml)["departments"][0]["tasks"]
    shown = text
    if isinstance(reading, PeriodError):  # "2", "03.26": refused by check, undated by import
        assert task["period"] == "-"
        assert "arkusz 1, wiersz 4:" in result.review
        return
    assert task["period"] == shown
    assert f"arkusz 1, wiersz 4: zadanie „Plener malarski”: nie wygląda na termin: „{shown}”" in (
        result.review
    )
    warnings = schedule_warnings(parse_schedule(result.toml))
    assert any(f"nie wygląda na termin: „{shown}”" in w for w in warnings)


def test_a_date_serial_is_named_with_its_day() -> None:
    result = build_import(_imported("46100"), source="d.xlsx", city="Leszno", year=None, as_of=None)
    assert "46100 to w Excelu 19.03.2026" in result.review
    assert any("46100 to w Excelu" in w for w in schedule_warnings(parse_schedule(result.toml)))
