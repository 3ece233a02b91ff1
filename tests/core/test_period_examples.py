"""The reader's own examples (notifier.core.period_examples) read as promised, and the README's
table of forms is exactly the one generated from them (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifier.core.period_examples import (
    EXAMPLE_AS_OF,
    EXAMPLE_YEAR,
    FORMS,
    FRAMING,
    REFUSED,
    forms_markdown,
)
from notifier.core.periods import PeriodError, PeriodKind, parse_period

README = Path(__file__).resolve().parents[2] / "README.md"


def _read(text: str):
    return parse_period(text, EXAMPLE_YEAR, EXAMPLE_AS_OF)


@pytest.mark.parametrize(
    ("example", "form"), [(e, f) for f in FORMS for e in f.examples], ids=lambda v: str(v)[:40]
)
def test_every_example_in_the_table_reads_as_its_kind(example, form) -> None:
    assert _read(example).kind in form.kinds


@pytest.mark.parametrize(("printed", "plain"), FRAMING)
def test_framing_words_read_as_the_plain_form(printed: str, plain: str) -> None:
    framed, bare = _read(printed), _read(plain)
    assert (framed.kind, framed.windows) == (bare.kind, bare.windows)


@pytest.mark.parametrize(("printed", "why"), REFUSED)
def test_every_refused_example_is_refused(printed: str, why: str) -> None:
    with pytest.raises(PeriodError):
        _read(printed)


def test_the_readme_table_is_generated_from_the_examples() -> None:
    assert forms_markdown() in README.read_text("utf-8"), (
        "README's table of forms is stale: run .venv/bin/python scripts/period_forms.py"
    )


def test_every_kind_the_reader_gives_has_a_row_in_the_table() -> None:
    shown = {kind for form in FORMS for kind in form.kinds}
    assert set(PeriodKind) - shown == set(), "a kind the README's table of forms does not show"
