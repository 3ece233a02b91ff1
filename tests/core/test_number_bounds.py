"""Every number the service takes lies in a range it can write, show and sum (issue 25):
whatever text arrives — typed in the office's form, given to `announce` or another command,
or in a file — it is either refused with a Polish message or taken within its Bound, and an
amount taken is written into the file and read back by `check` unchanged."""

from __future__ import annotations

import argparse
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.cli.arg_types import bounded
from notifier.core.call_input import CallInputError, read_amount_text
from notifier.core.input_rules import AMOUNTS, PORTS, WORKERS, YEARS, Bound
from notifier.core.preferences import DEADLINE_DAYS, LEAD_DAYS
from notifier.core.task_fields import read_amount
from notifier.files.record_call import NewCall, announce, call_block

NUMBER_LIKE = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A[-+ ]?[0-9 ]{0,20}([.,][0-9]{0,5})?([eE][-+]?[0-9]{1,4})?\Z"),
    st.sampled_from(["1e308", "NaN", "Infinity", "-0", "0x10", "1_000", "²", "①", "٣", "9" * 5000]),
)


@settings(deadline=None, max_examples=100)
@given(NUMBER_LIKE)
def test_an_amount_is_refused_in_polish_or_taken_within_its_range(text: str) -> None:
    try:
        amount = read_amount_text(text)
    except CallInputError as exc:
        refused = str(exc)
    else:
        assert AMOUNTS.low <= amount <= AMOUNTS.high
        assert amount == amount.quantize(Decimal("0.01"))
        return
    assert "to nie jest kwota w złotych" in refused
    assert len(refused) < 500  # a 5,000-digit text is not echoed back (echoed cuts it)


@pytest.mark.parametrize(
    "bound", [YEARS, PORTS, WORKERS, LEAD_DAYS, DEADLINE_DAYS], ids=lambda b: b.what
)
@settings(deadline=None, max_examples=40)
@given(text=NUMBER_LIKE)
def test_a_whole_number_is_refused_in_polish_or_taken_within_its_range(
    bound: Bound, text: str
) -> None:
    read = bounded(bound)
    try:
        number = read(text)
    except argparse.ArgumentTypeError as exc:
        refused = str(exc)
    else:
        assert bound.low <= number <= bound.high
        return
    assert "prosimy podać liczbę całkowitą od" in refused
    assert len(refused) < 200


def test_the_ends_of_each_range() -> None:
    assert YEARS.whole("2199") == 2199
    assert YEARS.whole("2200") is None
    assert PORTS.whole("65535") == 65535
    assert PORTS.whole("65536") is None
    assert PORTS.whole("0") is None
    assert read_amount_text("999 999 999 999,99") == Decimal("999999999999.99")
    with pytest.raises(CallInputError, match="najwyżej 999 999 999 999,99 zł"):
        read_amount_text("1 000 000 000 000")
    assert YEARS.problem(99999) == "rok (99 999) spoza zakresu 1900–2199"


@settings(deadline=None, max_examples=100)
@given(st.decimals(min_value=0, max_value=AMOUNTS.high, places=2, allow_nan=False))
def test_an_amount_taken_is_written_and_read_back_by_check(amount: Decimal) -> None:
    """The [[calls]] block `announce` and the office write, read back by check's rule."""
    typed = read_amount_text(format(amount, "f").replace(".", ","))
    new = NewCall(("a/b",), date(2024, 5, 6), date(2024, 5, 28), "https://b.example.org/1", typed)
    written = tomllib.loads(tomlkit.dumps(call_block(new)))
    problems: list[str] = []
    assert read_amount(written, "", lambda _, what: problems.append(what)) == amount
    assert not problems


def test_an_amount_taken_is_recorded_by_announce(tmp_path: Path, seed_schedule_path: Path) -> None:
    path = tmp_path / "schedule.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    new = NewCall(
        ("kultura-sport/rozwoj-sportu",),
        date(2024, 5, 6),
        date(2024, 5, 28),
        "https://bip.example.org/1",
        read_amount_text("999 999 999 999,99"),
    )
    _, call = announce(path, new, date(2024, 6, 1))
    assert call.amount == Decimal("999999999999.99")
