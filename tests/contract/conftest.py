"""The contract every shape of NOTIFIER_SCHEDULE keeps (vdirsyncer's StorageTests, as a
fixture): the same Leszno 2024 harmonogram served as one file, as a directory holding only
it, and as a directory holding it and a second city. Every contract test asks for
`served` and so runs once per shape, each with its own database and outbox.

Today's differences between the shapes are strict expected failures, all listed in
known_differences.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from contract_shapes import BASE_URL, DIR_OF_TWO, ONE_FILE, SHAPES, Served
from known_differences import KNOWN_DIFFERENCES


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each (test, shape) of KNOWN_DIFFERENCES as a strict expected failure."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or "served" not in callspec.params:
            continue
        name = getattr(item, "originalname", item.name)
        reason = KNOWN_DIFFERENCES.get((name, callspec.params["served"]))
        if reason is not None:
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))


@pytest.fixture(params=SHAPES)
def served(
    request: pytest.FixtureRequest,
    clean_env: pytest.MonkeyPatch,
    database_url: str,
    tmp_path: Path,
    seed_schedule_path: Path,
    zielona_gora_path: Path,
) -> Served:
    """Leszno 2024 as one file, as a directory of one, and as a directory of two cities; the
    environment (NOTIFIER_*) says the same, for the command line."""
    shape = request.param
    if shape == ONE_FILE:
        leszno = tmp_path / "leszno-2024.toml"
        schedule = leszno
    else:
        schedule = tmp_path / "harmonogramy"
        schedule.mkdir()
        leszno = schedule / "leszno-2024.toml"
        if shape == DIR_OF_TWO:
            (schedule / "zielona-gora-2025.toml").write_bytes(zielona_gora_path.read_bytes())
    leszno.write_bytes(seed_schedule_path.read_bytes())
    # Every file as if saved long ago: an edit's bump is then always later.
    for path in (schedule, *schedule.glob("*.toml")) if schedule.is_dir() else (leszno,):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    made = Served(shape, schedule, leszno, database_url, tmp_path / "outbox")
    for name, value in {
        "NOTIFIER_SCHEDULE": str(schedule),
        "NOTIFIER_DATABASE_URL": database_url,
        "NOTIFIER_OUTBOX": str(made.outbox),
        "NOTIFIER_BASE_URL": BASE_URL,
    }.items():
        clean_env.setenv(name, value)
    return made
