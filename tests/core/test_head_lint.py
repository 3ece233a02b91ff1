"""The harmonogram's head (blind round seven): a long title, a "stan na dzień" after the year
or far ahead, a placeholder office address — each warned of; the importer never proposes a
"stan na dzień" after the day it runs."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from notifier.core.head_lint import (
    PLACEHOLDER_EMAIL,
    as_of_ahead_warning,
    head_warnings,
    placeholder_office,
)
from notifier.core.importing.draft import DraftRow, imported_from_rows
from notifier.core.importing.review import build_import
from notifier.core.schedule import Schedule


@pytest.mark.parametrize(
    ("email", "placeholder"),
    [
        (PLACEHOLDER_EMAIL, True),
        ("URZAD@example.org", True),
        ("ngo@miasto.invalid", True),
        ("ngo@miasto.test", True),
        ("biuro@localhost", True),
        ("ngo@leszno.pl", False),
        ("pelnomocnik-ngo@example.org", False),  # the shipped example's own address
    ],
)
def test_a_placeholder_office_address_is_known(email: str, placeholder: bool) -> None:
    assert placeholder_office(email) is placeholder


def test_the_heads_slips_are_warned_of(leszno: Schedule) -> None:
    assert head_warnings(leszno) == []
    office = dataclasses.replace(leszno.office, email=PLACEHOLDER_EMAIL)
    odd = dataclasses.replace(leszno, title="T" * 301, as_of=date(2199, 12, 31), office=office)
    warnings = head_warnings(odd)
    assert len(warnings) == 3
    assert "ma 301 znaków – najwyżej 300" in warnings[0]
    assert len(warnings[0]) < 300  # the title itself is quoted cut
    assert warnings[1].startswith("stan na dzień 31 grudnia 2199 wypada po roku harmonogramu")
    assert "adres zastępczy" in warnings[2]
    assert as_of_ahead_warning(odd, date(2026, 12, 7)) is not None
    assert as_of_ahead_warning(leszno, date(2024, 1, 1)) is None


def test_the_import_proposes_no_stan_na_dzien_after_today() -> None:
    rows = [DraftRow("Wydział Sportu", "Zajęcia sportowe", "Maj 2027")]
    imported = imported_from_rows(rows, title=None, year=2027, as_of=None)
    today = date(2026, 11, 20)
    result = build_import(
        imported, source="x.docx", city="Kalisz", year=2027, as_of=None, today=today
    )
    assert result.schedule.as_of == today
    earlier = build_import(
        imported, source="x.docx", city="Kalisz", year=2027, as_of=None, today=date(2027, 3, 1)
    )
    assert earlier.schedule.as_of == date(2027, 1, 1)
