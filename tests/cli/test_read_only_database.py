"""A SQLite database on a read-only file system (a backup mount, a snapshot): the commands
that only show read it, the others refuse it in one Polish line (blind round 8a, F3: even
`subscribers list` failed on the migrate lock file it could not create, and the line carried
the system's English "[Errno 30] Read-only file system")."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from notifier.cli.main import main

SIGNED_UP = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)
from notifier.core.preferences import Preferences
from notifier.store.db import DatabaseError, open_database
from notifier.store.subscribers import add_active


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A migrated database with one subscriber, seen through a read-only bind mount."""
    if shutil.which("mount") is None:
        pytest.skip("no mount(8) here: a read-only file system cannot be made")
    writable, mounted = tmp_path / "rw", tmp_path / "ro"
    writable.mkdir()
    mounted.mkdir()
    db = open_database(f"sqlite:///{writable / 's.db'}")
    with db.session() as session:
        add_active(session, "ngo@example.org", Preferences(None, (7,)), SIGNED_UP)
    db.dispose()
    bind = subprocess.run(
        ["mount", "--bind", str(writable), str(mounted)], check=False, capture_output=True
    )
    if bind.returncode != 0:
        pytest.skip(f"a bind mount is not allowed here: {bind.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)], check=True)
        yield mounted / "s.db"
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


def test_subscribers_list_reads_a_read_only_copy(
    read_only_copy: Path,
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{read_only_copy}")
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    before = sorted(p.name for p in read_only_copy.parent.iterdir())
    assert main(["subscribers", "list"]) == 0
    out, err = capsys.readouterr()
    assert "ngo@example.org" in out, err
    assert sorted(p.name for p in read_only_copy.parent.iterdir()) == before  # nothing made


def test_a_command_that_writes_is_refused_in_one_polish_line(read_only_copy: Path) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(f"sqlite:///{read_only_copy}")
    message = str(refused.value)
    assert "tylko do odczytu" in message
    assert "Errno" not in message
    assert "Read-only" not in message
    assert "\n" not in message
