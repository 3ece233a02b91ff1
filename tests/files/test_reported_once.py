"""A broken harmonogram file is logged once per process, however many readers find it
(blind 10b, M11: `notifier serve` — the site, the worker and the publisher each with its own
reader — logged one broken edit twice); a new broken version is logged again."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from web_fixtures import write_and_bump

from notifier.files.source import CatalogSource

NOT_VALID = "does not validate"


def _reports(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if NOT_VALID in r.getMessage()]


def test_two_readers_of_one_broken_file_log_it_once(
    tmp_path: Path, seed_schedule_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    (folder / "leszno.toml").write_bytes(seed_schedule_path.read_bytes())
    broken = folder / "zepsuty.toml"
    broken.write_text("[[[ nie toml\n", encoding="utf-8")
    site, worker = CatalogSource(folder), CatalogSource(folder)
    assert site.snapshot().problems
    assert worker.snapshot().problems
    assert len(_reports(caplog)) == 1
    write_and_bump(broken, "rok = \n")  # another broken version: news, logged once more
    site.settle()
    worker.settle()
    assert len(_reports(caplog)) == 2
    assert all("zepsuty.toml" in line for line in _reports(caplog))
