"""Which of two files of one city and year serves it: recorded in the database, so an edit of
the served file changes nothing in a process running at the time, in one started after it (a
restart, a second web process, the worker) or in `notifier check` (issue 25)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notifier.cli.main import main
from notifier.core.served_files import served_choice, takeovers
from notifier.files.source import CatalogSource
from notifier.store.served_files import RecordedChoices, recorded_choices


def _write(path: Path, text: str, mtime_s: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_s * 10**9, mtime_s * 10**9))


def _served(source: CatalogSource) -> tuple[str, str]:
    """(file name, first task's title) of what serves Leszno 2024."""
    entry = source.snapshot().catalog.entry("leszno", 2024)
    assert entry is not None
    return Path(entry.source).name, next(iter(entry.schedule.tasks())).title


def _process(folder: Path, database_url: str) -> CatalogSource:
    """What a web process, the worker or a command started now reads."""
    return CatalogSource(folder, choices=RecordedChoices(database_url))


def test_an_edit_never_hands_a_city_to_a_copy_across_restarts_and_processes(
    tmp_path: Path,
    seed_schedule_path: Path,
    database_url: str,
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    text = seed_schedule_path.read_text(encoding="utf-8")
    first_title = next(iter(CatalogSource(seed_schedule_path).served.catalog.first.tasks())).title
    served, copy = folder / "leszno-2024.toml", folder / "leszno-kopia.toml"
    _write(served, text, 1_700_000_000)
    running = _process(folder, database_url)
    _write(copy, text.replace(first_title, "KOPIA", 1), 1_700_000_100)  # a newer copy
    assert _served(running) == ("leszno-2024.toml", first_title)
    # The served file is edited: now it is the newest of the two.
    _write(served, text.replace(first_title, "POPRAWKA", 1), 1_700_000_200)
    assert CatalogSource(folder).snapshot().catalog.entry("leszno", 2024).source == str(copy)
    for source in (running, _process(folder, database_url), _process(folder, database_url)):
        assert _served(source) == ("leszno-2024.toml", "POPRAWKA")
        assert list(source.snapshot().problems) == [str(copy)]
        (why,) = source.snapshot().problems[str(copy)]
        assert f"są już w pliku {served}" in why
    clean_env.setenv("NOTIFIER_DATABASE_URL", database_url)
    assert main(["check", str(folder)]) == 1
    report = capsys.readouterr().out
    assert f"{copy}: 1 błąd:" in report
    assert f"są już w pliku {served}" in report
    assert recorded_choices(database_url) == {("leszno", 2024): "leszno-2024.toml"}
    # The served file deleted: the copy takes the year over, everywhere, and keeps it when
    # the deleted file comes back.
    served.unlink()
    restarted = _process(folder, database_url)
    for source in (running, restarted):
        assert _served(source) == ("leszno-kopia.toml", "KOPIA")
    _write(served, text, 1_600_000_000)  # back, and older than the copy
    for source in (running, restarted, _process(folder, database_url)):
        assert _served(source) == ("leszno-kopia.toml", "KOPIA")
        assert str(served) in source.snapshot().problems
    # The process that saw the copy take over names it, in /healthz and the log.
    assert sorted(running.snapshot().problems) == sorted([str(served), str(copy)])
    (taken,) = running.snapshot().problems[str(copy)]
    assert taken.startswith(f"przejął miasto 'leszno' i rok 2024 od pliku {served}, którego nie")


def test_first_start_with_copies_serves_the_older_and_a_broken_holder_keeps_its_year(
    tmp_path: Path, seed_schedule_path: Path, examples_dir: Path
) -> None:
    """No choice recorded yet: the older file wins (then the path), and is recorded. A
    recorded file that stops validating keeps its year in a process started then (its kept
    last good version serves): the copy is not served in its place, and says why."""
    database_url = f"sqlite:///{tmp_path / 'subscribers.db'}"
    folder = tmp_path / "harmonogramy"
    (folder / "b").mkdir(parents=True)
    text = seed_schedule_path.read_text(encoding="utf-8")
    _write(folder / "b" / "starszy.toml", text, 1_700_000_000)
    _write(folder / "a-nowszy.toml", text, 1_700_000_100)
    other = (examples_dir / "przykladowo-2025.toml").read_text(encoding="utf-8")
    _write(folder / "przykladowo-2025.toml", other, 1_700_000_000)
    # Two processes given the directory by different paths agree (names are relative).
    assert _served(_process(folder, database_url))[0] == "starszy.toml"
    relative = Path(os.path.relpath(folder))
    assert _served(_process(relative, database_url))[0] == "starszy.toml"
    assert recorded_choices(database_url) == {
        ("leszno", 2024): "b/starszy.toml",
        ("przykladowo", 2025): "przykladowo-2025.toml",
    }
    _write(folder / "b" / "starszy.toml", text + "\n[[[", 1_700_000_200)
    fresh = _process(folder, database_url)
    # The broken holder serves its kept last good version (tests/files/test_kept_files.py);
    # the copy stays refused.
    assert _served(fresh)[0] == "starszy.toml"
    problems = fresh.snapshot().problems
    assert (
        "są już w pliku " + str(folder / "b" / "starszy.toml")
        in problems[str(folder / "a-nowszy.toml")][0]
    )


def test_served_choice_keeps_the_recorded_file_while_it_is_there() -> None:
    key = ("leszno", 2024)
    assert served_choice({key: ["a", "b"]}, {"a", "b"}, {}) == {key: "a"}
    assert served_choice({key: ["a", "b"]}, {"a", "b"}, {key: "b"}) == {key: "b"}
    assert served_choice({key: ["a"]}, {"a", "b"}, {key: "b"}) == {key: "b"}  # b broken now
    assert served_choice({key: ["a"]}, {"a"}, {key: "b"}) == {key: "a"}  # b deleted


def test_check_without_a_database_decides_by_age(tmp_path: Path) -> None:
    assert recorded_choices(f"sqlite:///{tmp_path / 'none.db'}") is None
    assert not (tmp_path / "none.db").exists()


def test_a_takeover_is_a_year_whose_file_changed_between_two_catalogs() -> None:
    before = [(("leszno", 2024), "a.toml"), (("leszno", 2025), "b.toml")]
    after = [(("leszno", 2024), "kopia.toml"), (("leszno", 2025), "b.toml"), (("x", 1), "c")]
    assert takeovers(before, after) == [(("leszno", 2024), "a.toml", "kopia.toml")]
    assert takeovers([], after) == []
