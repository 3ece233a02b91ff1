"""CSV injection (OWASP): no cell of the CSV sheet (/api/tasks.csv, `notifier export --format
csv`, the published copy — all written by schedules_csv) starts a formula, whatever the
harmonogram file holds."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from notifier.core.schedule_toml import parse_schedule
from notifier.web.export import FORMULA_STARTS, schedules_csv, sheet_cell, tasks_csv

HOSTILE = (
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
    '=HYPERLINK("http://evil.example","Kliknij")',
    "+cmd;X",
    "@SUM(A1:A9)",
    "\t=1+1",
)

SCHEDULE = f"""
[harmonogram]
title = "Harmonogram"
city = "Leszno"
year = 2024
as_of = 2024-01-10

[office]
name = "Biuro"
email = "biuro@example.org"

[topics]
sport = {HOSTILE[2]!r}

[[departments]]
id = "sport"
name = "{HOSTILE[0]}"

  [[departments.tasks]]
  id = "zawody"
  number = "{HOSTILE[1]}"
  title = {HOSTILE[2]!r}
  short = "{HOSTILE[3]}"
  period = "Maj 2024"
  topics = ["sport"]
  contact = {{ name = "=A1", email = "a@example.org" }}
  amount_note = "@SUM(A1:A9)"
"""


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_start_gets_an_apostrophe(text: str) -> None:
    assert sheet_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "-", "=", "Sport", "2024-05-01", "150000,00", "'=1", " =1", "a=b"]
)
def test_other_cells_stay_as_they_are(text: str) -> None:
    assert sheet_cell(text) == text


def test_no_cell_of_the_sheet_starts_a_formula() -> None:
    schedule = parse_schedule(SCHEDULE)
    for text in (
        tasks_csv(schedule, date(2024, 3, 1)),
        schedules_csv((schedule,), date(2024, 3, 1)),
    ):
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS) and len(c) > 1]
        for hostile in (*HOSTILE[:4], "=A1"):  # shown, behind the apostrophe
            assert any(c.startswith("'" + hostile) for c in cells), hostile
