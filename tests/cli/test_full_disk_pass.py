"""Issue 25, F6: a database that cannot be written mid-pass (a full disk) stops `notifier
remind` with one Polish line and exit 1, never a traceback. The disk is filled the way the
feed test fills it (RLIMIT_FSIZE, `ulimit -f`): every size from a few kilobytes up to one the
pass fits in, so each point the write can fail at is met — opening the database, claiming
the reminders, recording what was sent."""

from __future__ import annotations

import resource
import shutil
from pathlib import Path

import pytest

from notifier.cli.main import main

ONE_LINE = ("Przerwano z powodu błędu bazy danych: ", "Nie można otworzyć bazy danych ")


def test_a_full_disk_stops_the_reminder_pass_with_one_polish_line(
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    database = tmp_path / "subscribers.db"
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{database}")
    clean_env.setenv("NOTIFIER_OUTBOX", str(tmp_path / "poczta"))
    clean_env.setenv("NOTIFIER_STATE_DIR", str(tmp_path / "stan"))
    clean_env.setenv("NOTIFIER_BASE_URL", "https://konkursy.example.org")  # no "Linki…" line
    assert main(["subscribers", "add", "klub@example.org", "--topic", "sport"]) == 0
    kept = tmp_path / "kept.db"
    shutil.copyfile(database, kept)
    capsys.readouterr()
    stopped_mid_pass = 0
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    for limit in (4096 * 2**k for k in range(12)):
        for leftover in tmp_path.glob("subscribers.db*"):
            leftover.unlink()
        shutil.copyfile(kept, database)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))  # the disk is full past it
        try:
            code = main(["remind", "--as-of", "2024-04-24"])
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        err = capsys.readouterr().err
        if code == 0:
            break
        assert code == 1, err
        assert "Traceback" not in err, (limit, err)
        lines = [line for line in err.splitlines() if line.strip() and "(NOTIFIER_BASE" not in line]
        assert len(lines) == 1, (limit, err)
        assert lines[0].startswith(ONE_LINE), (limit, err)
        stopped_mid_pass += lines[0].startswith(ONE_LINE[0])
    else:
        pytest.fail("the pass never fitted in 8 MB")
    assert stopped_mid_pass > 0  # the pass itself met the full disk, not only the opening
