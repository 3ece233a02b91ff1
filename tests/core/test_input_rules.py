"""One rule per kind of value entering the service (issue 25), whichever door it comes by:
dates the service can render, no control characters, whole numbers in ASCII digits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from schedule_text import SPORT, SPORT_CALL, with_calls

from notifier.cli.main import main
from notifier.core.input_rules import (
    day_problem,
    escaped_forbidden_chars,
    forbidden_char_problem,
    whole_number,
    without_forbidden_chars,
)
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025", 2025), (" 7 ", 7), ("0", 0), ("²", None), ("①", None), ("٣", None), ("1e3", None),
     ("-1", None), ("+1", None), ("", None), ("1_000", None), ("9" * 5000, None), ("12345", None)],
)  # fmt: skip
def test_a_whole_number_is_a_few_ascii_digits(text: str, expected: int | None) -> None:
    assert whole_number(text, 4) == expected


# Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): each reorders what follows.
BIDI_CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x9b",
                                  "\ufffe", "\uffff", *BIDI_CONTROLS])  # fmt: skip
def test_control_characters_are_refused_by_name(char: str) -> None:
    problem = forbidden_char_problem(f"ab{char}c")
    assert problem is not None
    assert f"U+{ord(char):04X} (na pozycji 3)" in problem
    assert without_forbidden_chars(f"a{char}b{char}") == ("ab", 2)


def test_tabs_and_line_breaks_and_polish_text_pass() -> None:
    assert forbidden_char_problem("Zażółć\tgęślą\r\njaźń – „cytat” № 5 ²") is None


def test_bidi_controls_are_named_and_the_marks_pass() -> None:
    problem = forbidden_char_problem("\u202eevil\u2066")
    assert problem is not None
    assert "znak sterujący kierunkiem pisma U+202E (na pozycji 1)" in problem
    # LRM, RLM and ALM reorder nothing after them; right-to-left text needs them.
    assert forbidden_char_problem("שלום\u200e 2024 \u200fمرحبا\u061c") is None


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(2200, 1, 1),
                                 date(9999, 12, 1), date(9999, 12, 31)])  # fmt: skip
def test_a_day_the_service_cannot_render_is_refused(day: date) -> None:
    assert day_problem(day) == f"data {day.isoformat()} spoza zakresu lat 1900–2199"


def test_days_of_the_range_pass() -> None:
    assert day_problem(date(1900, 1, 1)) is day_problem(date(2199, 12, 31)) is None


def _problems(text: str) -> list[str]:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text)
    return caught.value.problems


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("published = 2024-05-06", "published = 0001-01-01", "published: data 0001-01-01"),
        ("published = 2024-05-06", "published = 9999-12-01", "published: data 9999-12-01"),
        ("deadline = 2024-05-28T15:30:00", "deadline = 9999-12-31T23:59:00", "deadline: data"),
        ("deadline = 2024-05-28T15:30:00", "deadline = 0001-01-01", "deadline: data 0001-01-01"),
        ("date = 2024-06-20", "date = 9999-12-31", "date: data 9999-12-31"),
        ("as_of = 2024-01-10", "as_of = 0001-01-01", "as_of: data 0001-01-01"),
    ],
)
def test_a_file_date_out_of_range_is_refused(
    seed_schedule_path: Path, old: str, new: str, where: str
) -> None:
    text = with_calls(seed_schedule_path, SPORT_CALL)
    assert old in text
    problems = _problems(text.replace(old, new))
    assert any(where in p and "spoza zakresu lat 1900–2199" in p for p in problems), problems


@pytest.mark.parametrize(
    "escape", ["\\u0007", "\\u001b[2J", "\\u007f", "\\u009b", "\\b", "\\f", "\\u202e", "\\u2066"]
)
def test_a_control_character_in_any_text_of_a_file_is_refused(
    seed_schedule_path: Path, escape: str
) -> None:
    text = with_calls(seed_schedule_path, SPORT_CALL)
    text = text.replace('title = "Otwarty konkurs', f'title = "Otwarty{escape} konkurs')
    text = text.replace('city = "Leszno"', f'city = "Les{escape}zno"')
    problems = _problems(text)
    assert any(p.startswith("harmonogram.city: tekst zawiera niedozwolony znak") for p in problems)
    assert any(p.startswith("calls[1].title: tekst zawiera niedozwolony znak") for p in problems)


def test_a_control_character_in_a_key_is_refused(seed_schedule_path: Path) -> None:
    text = '"a\\u0007" = 1\n' + seed_schedule_path.read_text(encoding="utf-8")
    assert any("klucz 'a\\x07' zawiera niedozwolony znak" in p for p in _problems(text))


def _announce(path: Path, *extra: str) -> int:
    return main(["announce", SPORT, "--schedule", str(path), "--url", "https://bip.example.org/o",
                 "--as-of", "2024-06-01", *extra])  # fmt: skip


@pytest.mark.parametrize(
    "extra",
    [
        ["--published", "0001-01-01", "--deadline", "2024-05-28"],
        ["--published", "2024-05-06", "--deadline", "9999-12-31"],
        ["--published", "2024-05-06", "--deadline", "9999-12-31T10:00"],
    ],
)
def test_announce_refuses_a_day_out_of_range(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    path = tmp_path / "schedule.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    with pytest.raises(SystemExit) as caught:
        _announce(path, *extra)
    assert caught.value.code == 2
    assert "spoza zakresu lat 1900–2199" in capsys.readouterr().err
    assert path.read_bytes() == seed_schedule_path.read_bytes()


def test_announce_refuses_a_control_character_and_check_an_as_of_out_of_range(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schedule.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    args = ["--published", "2024-05-06", "--deadline", "2024-05-28", "--title", "Sport\x07\x1b[2J"]
    assert _announce(path, *args) == 1
    captured = capsys.readouterr()
    assert "calls[1].title: tekst zawiera niedozwolony znak sterujący U+0007" in captured.err
    assert "\x1b" not in captured.out + captured.err
    assert path.read_bytes() == seed_schedule_path.read_bytes()
    with pytest.raises(SystemExit):
        main(["check", "--schedule", str(path), "--as-of", "9999-12-31"])
    assert "spoza zakresu lat 1900–2199" in capsys.readouterr().err


def test_announce_refuses_a_bidi_override_in_a_title(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schedule.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    args = ["--published", "2024-05-06", "--deadline", "2024-05-28", "--title", "\u202eevil\u2066"]
    assert _announce(path, *args) == 1
    err = capsys.readouterr().err
    assert (
        "calls[1].title: tekst zawiera niedozwolony znak sterujący kierunkiem pisma U+202E" in err
    )
    assert path.read_bytes() == seed_schedule_path.read_bytes()


def test_a_file_name_is_shown_with_what_input_rules_refuse_escaped() -> None:
    """A harmonogram named "\u202eevil.toml" must not reverse check's, /healthz's or the
    office's text after it: what is refused in a text is shown as its escape in a name."""
    from notifier.files.reading import shown_path

    assert escaped_forbidden_chars("a\u202eb\u2066c\x9b\x07\tź") == "a\\u202eb\\u2066c\\x9b\\x07\tź"
    assert shown_path("/d/\u202eevil\x1b[31m.toml") == "/d/\\u202eevil\\x1b[31m.toml"
