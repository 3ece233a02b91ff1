"""Runs of whitespace in a printed period (a PDF's spacing, a cell's line breaks, NBSPs).

A run of spaces once made the reader's framing patterns backtrack super-linearly: a 1 kB cell
("marzec", 1,000 spaces, "2026") held `check` and every web process for minutes (blind round
three, F18). Any run of whitespace is one space before anything else reads the text.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from notifier.core.periods import PeriodError, parse_period

CORPUS = tomllib.loads((Path(__file__).parent / "period_corpus.toml").read_text("utf-8"))
RUNS = (" " * 10_000, "\u00a0" * 10_000, "\t \n" * 3_000, "\r\n\u2009\u00a0  ")


@pytest.mark.parametrize("run", RUNS, ids=("spaces", "nbsp", "tabs-and-lines", "mixed"))
def test_a_long_run_of_whitespace_is_one_space(run: str) -> None:
    """Before the fix each of these took longer than the suite; now it is one pass."""
    period = parse_period(f"marzec{run}2026", 2025)
    assert [(w.start, w.last_day) for w in period.windows] == [
        (date(2026, 3, 1), date(2026, 3, 31))
    ]
    assert period.text == f"marzec{run}2026".strip()  # the print is kept as it was
    with pytest.raises(PeriodError):
        parse_period(f"na początku{run}marca 2026", 2025)


@pytest.mark.parametrize("entry", CORPUS["wording"][::3], ids=lambda e: e["text"])
def test_whitespace_between_words_never_changes_a_reading(entry: dict) -> None:
    """Every third real wording, each space made a run of mixed whitespace, reads the same."""

    def read(text: str) -> object:
        try:
            period = parse_period(text, entry["default_year"], entry["as_of"])
        except PeriodError:
            return "refused"
        note = " ".join(period.note.split()) if period.note else None  # a rule keeps its print
        return period.kind, [(w.start, w.last_day) for w in period.windows], note

    assert read(entry["text"].replace(" ", " \u00a0\t\n ")) == read(entry["text"])
