"""Correcting, resulting and withdrawing one recorded call in a harmonogram file: the rest of
the file stays as written, `check`'s rules hold, and a changed call is a conflict."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notifier.core.calls import CallResults
from notifier.core.schedule import ScheduleError
from notifier.files.call_blocks import (
    EditConflict,
    call_version,
    correct_call,
    record_results,
    withdraw_call,
)
from notifier.files.reading import load_schedule
from notifier.files.record_call import NewCall, announce

SPORT = "kultura-sport/rozwoj-sportu"
SENIORS = "mopr/wsparcie-seniorow"
TODAY = date(2024, 7, 1)


@pytest.fixture
def path(tmp_path: Path, seed_schedule_path: Path) -> Path:
    path = tmp_path / "schedule.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    first = NewCall((SPORT,), date(2024, 5, 6), date(2024, 5, 28), "https://bip.example.org/1")
    announce(path, first, TODAY)
    second = NewCall((SENIORS,), date(2024, 6, 3), date(2024, 6, 24), "https://bip.example.org/2")
    announce(path, second, TODAY)
    return path


def test_results_then_a_correction_then_withdrawal(path: Path, seed_schedule_path: Path) -> None:
    [sport, seniors] = load_schedule(path).calls
    results = CallResults(date(2024, 6, 20), "https://bip.example.org/wyniki-1")
    schedule, before = record_results(path, sport.key, call_version(sport), results, TODAY)
    assert before == sport
    assert schedule.calls[0].results == results
    assert schedule.calls[1] == seniors
    now = schedule.calls[0]
    fixed = NewCall((SPORT,), date(2024, 5, 6), date(2024, 5, 30), "https://bip.example.org/1b")
    schedule, _ = correct_call(path, now.key, call_version(now), fixed, TODAY)
    assert schedule.calls[0].deadline == date(2024, 5, 30)
    assert schedule.calls[0].results == results  # kept by a correction
    schedule, _ = withdraw_call(path, sport.key, call_version(schedule.calls[0]), TODAY)
    assert [c.tasks for c in schedule.calls] == [(SENIORS,)]
    schedule, _ = withdraw_call(path, seniors.key, None, TODAY)
    assert schedule.calls == ()
    text = path.read_text(encoding="utf-8")
    assert text.rstrip() == seed_schedule_path.read_text(encoding="utf-8").rstrip()


def test_a_call_changed_since_the_form_was_shown_is_a_conflict(path: Path) -> None:
    sport = load_schedule(path).calls[0]
    seen = call_version(sport)
    fixed = NewCall((SPORT,), date(2024, 5, 6), date(2024, 5, 30), "https://bip.example.org/x")
    correct_call(path, sport.key, seen, fixed, TODAY)
    before = path.read_bytes()
    with pytest.raises(EditConflict) as caught:
        correct_call(path, sport.key, seen, fixed, TODAY)
    assert caught.value.current is not None
    assert "2024-05-30" in caught.value.current
    withdraw_call(path, sport.key, None, TODAY)
    with pytest.raises(EditConflict) as gone:
        record_results(path, sport.key, None, CallResults(TODAY, "https://b.example"), TODAY)
    assert gone.value.current is None
    assert path.read_bytes() != before


@pytest.mark.parametrize(
    ("new", "words"),
    [
        (NewCall((SPORT,), date(2024, 5, 6), date(2024, 5, 1), "https://b.example"), "po dniu"),
        (NewCall((SPORT,), date(2024, 5, 6), date(2024, 6, 1), "javascript:alert(1)"), "https"),
        (NewCall((SPORT,), date(2024, 7, 2), date(2024, 8, 1), "https://b.example"), "później"),
    ],
)
def test_a_correction_keeps_the_rules_of_check(path: Path, new: NewCall, words: str) -> None:
    sport = load_schedule(path).calls[0]
    before = path.read_bytes()
    with pytest.raises(ScheduleError) as caught:
        correct_call(path, sport.key, None, new, TODAY)
    assert any(words in p for p in caught.value.problems), caught.value.problems
    assert path.read_bytes() == before


def test_a_file_saved_with_a_utf8_bom_is_read_and_edited_keeping_it(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    """Windows Notepad starts a UTF-8 file with a byte order mark: it is read (it was a
    'błąd składni TOML w wierszu 1'), and an edit keeps it, as it keeps the line endings."""
    path = tmp_path / "schedule.toml"
    path.write_bytes(b"\xef\xbb\xbf" + seed_schedule_path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_schedule(path).city == "Leszno"
    new = NewCall((SPORT,), date(2024, 5, 6), date(2024, 5, 28), "https://bip.example.org/1")
    announce(path, new, TODAY)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\xef\xbb\xbf" not in data[3:]
    assert b"\r\n" in data
    assert [c.url for c in load_schedule(path).calls] == ["https://bip.example.org/1"]
