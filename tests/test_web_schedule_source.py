"""ScheduleSource: the last good schedule, reloaded on change, kept when an edit is broken."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from web_fixtures import write_and_bump

from notifier.core.schedule import ScheduleError
from notifier.schedule_file import ScheduleSource, schedule_version


def test_version_is_a_short_hash_of_the_file_bytes(schedule_file: Path) -> None:
    schedule, version = ScheduleSource(schedule_file).current()
    assert version == schedule_version(schedule_file.read_bytes())
    assert len(version) == 12
    assert schedule.city == "Leszno"
    assert len(list(schedule.tasks())) == 28


def test_invalid_schedule_at_start_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text('[harmonogram]\ntitle = "x"\n', encoding="utf-8")
    with pytest.raises(ScheduleError) as caught:
        ScheduleSource(path)
    assert len(caught.value.problems) > 1


def test_missing_file_at_start_raises(tmp_path: Path) -> None:
    with pytest.raises(ScheduleError, match="nie ma takiego pliku"):
        ScheduleSource(tmp_path / "nope.toml")


def test_changed_file_is_reloaded(schedule_file: Path) -> None:
    source = ScheduleSource(schedule_file)
    _, old_version = source.current()
    text = schedule_file.read_text(encoding="utf-8")
    write_and_bump(schedule_file, text.replace('city = "Leszno"', 'city = "Leszno Nowe"'))
    schedule, version = source.current()
    assert schedule.city == "Leszno Nowe"
    assert version != old_version
    assert source.snapshot().problems == ()


def test_unchanged_file_is_not_read_again(schedule_file: Path) -> None:
    source = ScheduleSource(schedule_file)
    first, _ = source.current()
    second, _ = source.current()
    assert first is second


def test_touched_file_with_same_bytes_keeps_version_and_modified(schedule_file: Path) -> None:
    source = ScheduleSource(schedule_file)
    before = source.snapshot()
    write_and_bump(schedule_file, schedule_file.read_text(encoding="utf-8"))
    after = source.snapshot()
    assert (after.version, after.modified) == (before.version, before.modified)


def test_broken_edit_keeps_last_good_schedule_and_logs_problems(
    schedule_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = ScheduleSource(schedule_file)
    good, good_version = source.current()
    text = schedule_file.read_text(encoding="utf-8")
    broken = text.replace('period = "Maj 2024"', 'period = "Majówka 2024"', 1).replace(
        "year = 2024", 'year = "2024"'
    )
    with caplog.at_level(logging.ERROR, logger="notifier.schedule_file"):
        write_and_bump(schedule_file, broken)
        schedule, version = source.current()
    assert (schedule, version) == (good, good_version)
    problems = source.snapshot().problems
    assert any("year" in p for p in problems)
    assert "does not validate" in caplog.text
    assert all(p in caplog.text for p in problems)
    # Logged once per broken edit, not on every request.
    caplog.clear()
    source.current()
    assert caplog.text == ""


def test_fixed_edit_after_a_broken_one_is_served(schedule_file: Path) -> None:
    source = ScheduleSource(schedule_file)
    text = schedule_file.read_text(encoding="utf-8")
    write_and_bump(schedule_file, "this is not toml [")
    assert source.snapshot().problems
    write_and_bump(schedule_file, text.replace('city = "Leszno"', 'city = "Kalisz"'))
    snap = source.snapshot()
    assert snap.schedule.city == "Kalisz"
    assert snap.problems == ()


def test_deleted_file_keeps_serving(schedule_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = ScheduleSource(schedule_file)
    _, version = source.current()
    schedule_file.unlink()
    with caplog.at_level(logging.ERROR, logger="notifier.schedule_file"):
        assert source.current()[1] == version
    assert "gone" in caplog.text


def test_non_utf8_edit_is_rejected_in_polish(schedule_file: Path) -> None:
    source = ScheduleSource(schedule_file)
    data = schedule_file.read_text(encoding="utf-8").encode("cp1250")
    before = os.stat(schedule_file).st_mtime_ns
    schedule_file.write_bytes(data)
    os.utime(schedule_file, ns=(before + 10**9, before + 10**9))
    assert any("UTF-8" in p for p in source.snapshot().problems)
