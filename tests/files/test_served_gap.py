"""A served file removed for a moment — an FTP client, a web panel or an editor saving by
delete-then-write — keeps its city's year: the file's absence is a change like any other and
is taken only once settled (notifier.files.settling), so a file back under its path within
the settle interval never hands its year to a stale copy; a file gone for longer does, and
that takeover is logged and named in /healthz (blind round four, the served file removed for
a moment). The wall clock is passed in: no sleeps."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notifier.files.source import CatalogSource
from notifier.store.served_files import RecordedChoices

SETTLE = 10.0
T0 = 1_800_000_000.0
NS = 10**9


class Wall:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _write(path: Path, text: str, when: float) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(int(when * NS), int(when * NS)))


def _title(source: CatalogSource) -> str:
    entry = source.snapshot().catalog.entry("leszno", 2024)
    assert entry is not None
    return entry.schedule.title


@pytest.fixture
def folder(tmp_path: Path, seed_schedule_path: Path) -> tuple[Path, Path, str]:
    """A directory serving leszno-2024.toml, with an older copy of the same year beside it
    (refused: the served file was there first and is recorded)."""
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    text = seed_schedule_path.read_text(encoding="utf-8")
    served = folder / "leszno-2024.toml"
    _write(served, text.replace("title = ", 'title = "SERWOWANY" #', 1), T0 - 7200)
    return folder, served, text


def test_a_served_file_back_within_the_settle_interval_keeps_its_year(
    folder: tuple[Path, Path, str], database_url: str
) -> None:
    path, served, text = folder
    wall = Wall(T0)
    running = CatalogSource(path, choices=RecordedChoices(database_url), settle=SETTLE, wall=wall)
    _write(path / "zz-kopia.toml", text.replace("title = ", 'title = "KOPIA" #', 1), T0)
    wall.now = T0 + 20
    assert _title(running) == "SERWOWANY"
    saved = served.read_text(encoding="utf-8")
    served.unlink()  # mv F F~; sleep 0.3; cp F~ F
    wall.now = T0 + 20.1
    assert _title(running) == "SERWOWANY"
    _write(served, saved, T0 + 20.4)
    for wall.now in (T0 + 20.5, T0 + 31, T0 + 60):
        assert _title(running) == "SERWOWANY"
        assert not any("przejął" in p for p in running.snapshot().problem_lines())
    restarted = CatalogSource(path, choices=RecordedChoices(database_url), settle=SETTLE, wall=wall)
    assert _title(restarted) == "SERWOWANY"


def test_a_served_file_gone_past_the_interval_hands_its_year_over_and_it_is_named(
    folder: tuple[Path, Path, str], database_url: str
) -> None:
    path, served, text = folder
    wall = Wall(T0)
    running = CatalogSource(path, choices=RecordedChoices(database_url), settle=SETTLE, wall=wall)
    _write(path / "zz-kopia.toml", text.replace("title = ", 'title = "KOPIA" #', 1), T0)
    wall.now = T0 + 20
    assert _title(running) == "SERWOWANY"
    served.unlink()
    wall.now = T0 + 21
    assert _title(running) == "SERWOWANY"
    wall.now = T0 + 32
    assert _title(running) == "KOPIA"
    (line,) = [p for p in running.snapshot().problem_lines() if "przejął" in p]
    assert line.startswith(f"{path / 'zz-kopia.toml'}: przejął miasto 'leszno' i rok 2024")
