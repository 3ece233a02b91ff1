"""A served file that does not validate when a process starts (a restart, a deploy, the
worker, a second web process) serves its last good version, kept in the database, and names
the problem: the city's year never vanishes from the feeds, which would make subscribed
calendar apps delete its events (issue 25, F14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifier.core.schedule import ScheduleError
from notifier.files.kept import kept_problem
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
