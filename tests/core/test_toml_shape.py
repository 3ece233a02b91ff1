"""Harmonogram texts that would exhaust the TOML parser are refused before it runs, each kind
with its Polish reason (notifier.core.toml_shape): issue 25's nesting, TOML bomb and long
number."""

from __future__ import annotations

import pytest

from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule
from notifier.core.toml_shape import MAX_DIGITS, MAX_KEY_PARTS, MAX_NESTING, toml_shape_problems

NESTED = "zbyt głębokie zagnieżdżenie"
LONG = "liczba za długa"

HOSTILE = {
    "1,000 nested arrays": ("x = " + "[" * 1000 + "]" * 1000, NESTED),
    "nested inline tables": ("x = " + "{a = " * 500 + "1" + "}" * 500, NESTED),
    "arrays of tables in arrays": ("x = [" + "[{a = [" * 200, NESTED),
    "unclosed brackets": ("x = " + "[" * 100_000, NESTED),
    "dotted key bomb": ("a" + ".a" * 20_000 + " = 1", NESTED),
    "dotted quoted keys": ('"a"' + '."a"' * 5_000 + " = 1", NESTED),
    "dotted key with spaces": ("a" + " . a" * 5_000 + " = 1", NESTED),
    "dotted table header": ("[a" + ".a" * 20_000 + "]", NESTED),
    "dotted key in an inline table": ("x = {" + "a" + ".a" * 500 + " = 1}", NESTED),
    "5,000-digit integer": ("x = 1" + "0" * 5_000, LONG),
    "negative long integer": ("x = -" + "9" * 5_000, LONG),
    "long integer with underscores": ("x = " + "1_" * 3_000 + "1", LONG),
    "long hexadecimal": ("x = 0x" + "f" * 5_000, LONG),
    "long float": ("x = 0." + "1" * 5_000, LONG),
    "long number in an array": ("x = [1, 2, " + "3" * 100 + "]", LONG),
}


@pytest.mark.parametrize(("text", "why"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_shapes_are_refused_before_parsing(text: str, why: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text)
    (problem,) = caught.value.problems
    assert problem.startswith(why)
    assert "w wierszu 1" in problem


def test_the_line_is_counted_past_strings_and_comments() -> None:
    text = (
        'a = """\n[[[\n"""\n# [[[[[[[[[[[[[[[[[[[[[[[[[\nb = "{{{{{{{{{{{{{{{{{{{{{{{{{"\nc = 1'
        + ("0" * 50)
    )
    (problem,) = toml_shape_problems(text)
    assert problem.startswith("liczba za długa w wierszu 6")


SHAPES_THAT_PASS = {
    "brackets, dots and digits in strings": (
        'x = "' + "[" * 100 + "a." * 100 + "1" * 100 + '"\n'
        "y = '" + "{" * 100 + "'\n"
        'z = """\n' + "[" * 100 + '\n"""\n'
        "w = '''" + "." * 100 + "'''\n"
        'v = "escaped \\" [[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n'
    ),
    "in comments": "# " + "[" * 100 + "." * 100 + "9" * 100 + "\n",
    "at the limits": (
        "x = " + "[" * MAX_NESTING + "]" * MAX_NESTING + "\n"
        "a" + ".a" * (MAX_KEY_PARTS - 1) + " = 1\n"
        "n = " + "9" * MAX_DIGITS + "\n"
        "h = 0x" + "f" * MAX_DIGITS + "\n"
    ),
    "dates, times and floats": "d = 2024-05-28T15:30:00.123456+01:00\nf = 1.5e3\nt = 10:30:00\n",
    "many shallow tables": "[[departments.tasks]]\nx = [[1, 2], [3]]\n" * 1000,
}


@pytest.mark.parametrize("text", SHAPES_THAT_PASS.values(), ids=SHAPES_THAT_PASS.keys())
def test_what_a_harmonogram_may_hold_passes(text: str) -> None:
    assert toml_shape_problems(text) == []


def test_the_shipped_harmonograms_pass(seed_schedule_path, examples_dir) -> None:
    for path in [seed_schedule_path, *examples_dir.glob("*.toml")]:
        assert toml_shape_problems(path.read_text(encoding="utf-8")) == [], path
