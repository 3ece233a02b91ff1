"""Messages about a harmonogram file are Polish through and through (issue 25): no English
fragment of the TOML parser or of the UTF-8 decoder, and the right diagnosis for a year."""

from __future__ import annotations

import re

import pytest

from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule, parse_schedule_bytes

# Every message of tomllib, by a text that raises it.
BROKEN = [
    "a = ",
    "a = 1\na = 2",
    'a = "x',
    "[a\nb = 1",
    "a = [1,",
    "a = {b = 1",
    'a = "\\q"',
    "x y = 1",
    "[[a]\n",
    'a = "\\uD800"',
    "= 1",
    "a = {b = 1, b = 2}",
    "[k]\nb = 1\n[k]",
    "k = {}\nk.b = 1",
    "a = 0x",
    'a = "\x01"',
]
ENGLISH = re.compile(r"\b(?:the|at|of|in|a|an|is|Invalid|Expected|Cannot|line|column)\b")


def _problems(data: bytes) -> list[str]:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule_bytes(data, "x.toml")
    return caught.value.problems


@pytest.mark.parametrize("text", BROKEN)
def test_a_syntax_error_is_told_in_polish_alone(text: str) -> None:
    (problem,) = _problems(text.encode())
    assert problem.startswith("błąd składni TOML")
    assert not ENGLISH.search(problem), problem


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("a = 1\n".encode("utf-16"), "plik jest zapisany w UTF-16 – proszę zapisać go jako UTF-8"),
        (
            'a = 1\nb = "zażółć"\n'.encode("iso-8859-2"),
            (
                "plik nie jest zapisany w UTF-8: bajt 0xBF w wierszu 2 (może to Windows-1250 albo "
                "ISO-8859-2) – proszę zapisać plik jako UTF-8"
            ),
        ),
    ],
)
def test_a_file_not_in_utf8_is_told_what_it_looks_like(data: bytes, says: str) -> None:
    assert _problems(data) == [says]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("1" + "0" * 37, "year 10000000000000000000000000000000000000 spoza zakresu lat 1900–2199"),
        ("12024", "year 12024 spoza zakresu lat 1900–2199"),
        ('"2024"', "year musi być rokiem bez cudzysłowu, np. year = 2024 (jest '2024')"),
        ("2024.5", "year musi być rokiem, np. year = 2024 (jest 2024.5)"),
        ("true", "year musi być rokiem, np. year = 2024 (jest true)"),
    ],
)
def test_a_wrong_year_is_diagnosed_by_what_it_is(value: str, says: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(f"[harmonogram]\nyear = {value}\n")
    assert any(says in p for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2025-02-29", "2025-02-29: w 2025 roku luty ma 28 dni – nie ma dnia 29"),
        ("2024-02-30", "2024-02-30: w 2024 roku luty ma 29 dni – nie ma dnia 30"),
        ("2025-04-31", "2025-04-31: kwiecień ma 30 dni – nie ma dnia 31"),
        ("2025-01-32", "2025-01-32: styczeń ma 31 dni – nie ma dnia 32"),
        ("2025-13-01", "2025-13-01: miesiąca 13 nie ma – miesiące mają numery od 01 do 12"),
        ("2025-00-10", "2025-00-10: miesiąca 0 nie ma – miesiące mają numery od 01 do 12"),
        (
            "2025-01-10T25:00:00",
            "2025-01-10T25:00:00: godziny 25 nie ma – godziny mają numery od 00 do 23",
        ),
        ("2025-01-10 10:61:00", "2025-01-10 10:61:00: minut jest od 00 do 59"),
        ("2025-01-10T10:00:60", "2025-01-10T10:00:60: sekund jest od 00 do 59"),
    ],
)
def test_an_impossible_date_is_named_with_its_line_not_as_syntax(value: str, said: str) -> None:
    """Issue 25 m2: a well-formed date no calendar has is no syntax error; no advice about
    quotes and brackets, the line and the impossible part."""
    text = f'# komentarz\n[harmonogram]\ntitle = "H"\nas_of = {value}\n'
    with pytest.raises(ScheduleError) as refused:
        parse_schedule(text, "x.toml")
    assert refused.value.problems == [f"4: {said}"]
    assert "cudzysłowy" not in str(refused.value)


def test_a_malformed_date_still_gets_the_syntax_advice() -> None:
    with pytest.raises(ScheduleError) as refused:
        parse_schedule("[harmonogram]\nas_of = 2025-1-10\n", "x.toml")
    assert "błąd składni TOML w wierszu 2" in refused.value.problems[0]
