"""A served file that does not validate when a process starts (a restart, a deploy, the
worker, a second web process) serves its last good version, kept in the database, and names
the problem: the city's year never vanishes from the feeds, which would make subscribed
calendar apps delete its events (issue 25, F14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifier.core.schedule import ScheduleError
from notifier.files.kept import kept_name, kept_problem
from notifier.files.source import CatalogSource
from notifier.store.served_files import RecordedChoices


def _start(path: Path, database_url: str) -> CatalogSource:
    return CatalogSource(path, choices=RecordedChoices(database_url))


def _served_version(source: CatalogSource) -> str | None:
    entry = source.snapshot().catalog.entry("przykladowo", 2025)
    return None if entry is None else entry.version


def test_a_restart_with_the_served_file_broken_serves_the_kept_version(
    tmp_path: Path, examples_dir: Path, database_url: str
) -> None:
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    text = (examples_dir / "przykladowo-2025.toml").read_text(encoding="utf-8")
    path = folder / "przykladowo-2025.toml"
    path.write_text(text, encoding="utf-8")
    good = _served_version(_start(folder, database_url))
    assert good is not None
    path.write_text(text + "\nbroken = [\n", encoding="utf-8")
    # Every process started now serves the kept version.
    for restarted in (_start(folder, database_url), _start(folder, database_url)):
        assert _served_version(restarted) == good
        problems = restarted.snapshot().problems[str(path)]
        assert problems[-1] == kept_problem(good)
        assert len(problems) > 1  # the file's own problem first
    # Fixed with another edit: that version serves, and is the one kept from then on.
    path.write_text(text.replace("2025", "2025", 1) + "\n# poprawione\n", encoding="utf-8")
    fixed = _served_version(_start(folder, database_url))
    assert fixed not in (None, good)
    path.write_text("[[[", encoding="utf-8")
    assert _served_version(_start(folder, database_url)) == fixed
    # Without the record nothing is invented: a start without it still refuses the file.
    with pytest.raises(ScheduleError):
        CatalogSource(folder)


def test_one_schedule_file_broken_at_start_serves_its_kept_version(
    tmp_path: Path, examples_dir: Path, database_url: str
) -> None:
    """One harmonogram is a catalog of one: the file alone behaves as in a directory."""
    text = (examples_dir / "przykladowo-2025.toml").read_text(encoding="utf-8")
    path = tmp_path / "przykladowo-2025.toml"
    path.write_text(text, encoding="utf-8")
    good = _served_version(_start(path, database_url))
    assert good is not None
    path.write_text(text + "\nbroken = [\n", encoding="utf-8")
    restarted = _start(path, database_url)
    assert _served_version(restarted) == good
    problems = restarted.snapshot().problems[str(path)]
    assert problems[-1] == kept_problem(good)
    assert len(problems) > 1
    with pytest.raises(ScheduleError):
        CatalogSource(path)  # nothing kept without the record


def test_what_is_kept_of_a_deleted_file_goes_once_its_deletion_is_taken(
    tmp_path: Path, examples_dir: Path, database_url: str
) -> None:
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    for name in ("przykladowo-2025.toml", "zielona-gora-2025.toml"):
        (folder / name).write_bytes((examples_dir / name).read_bytes())
    gone = folder / "przykladowo-2025.toml"
    choices = RecordedChoices(database_url)
    now = [1_800_000_000.0]
    source = CatalogSource(folder, choices=choices, settle=10, wall=lambda: now[0])
    assert choices.kept(kept_name(folder, gone)) is not None
    gone.unlink()
    now[0] += 5  # not settled yet: still served, still kept
    assert _served_version(source) is not None
    assert choices.kept(kept_name(folder, gone)) is not None
    now[0] += 10
    assert _served_version(source) is None
    assert choices.kept(kept_name(folder, gone)) is None
    assert choices.kept("zielona-gora-2025.toml") is not None
    # A broken file made later under its name does not bring the deleted content back.
    gone.write_text("[[[", encoding="utf-8")
    assert _served_version(_start(folder, database_url)) is None
