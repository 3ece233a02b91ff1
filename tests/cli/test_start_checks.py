"""Where the settings point is looked at before a process starts (blind10a M10–M13), set as
the operator sets it, through the environment: a SQLite folder that is not there is not made,
`:memory:` is refused, an outbox that cannot be written stops start-up, and a database on a
read-only mount is read whole or refused in one line — never a service or a listing that
silently works on an empty or stale database."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_process import free_port

from notifier.cli.main import main


def _refused(command: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(command) == 1
    _out, err = capsys.readouterr()
    assert "Traceback" not in err
    return err


SERVICES = [["web", "--port"], ["serve", "--port"], ["worker"], ["remind"], ["digest"]]


def _command(start: list[str]) -> list[str]:
    return [*start, str(free_port())] if start[-1] == "--port" else start


@pytest.fixture(autouse=True)
def _base_url(clean_env: pytest.MonkeyPatch) -> None:
    """Set, so `web` and `serve` put none of their own into os.environ for the next tests."""
    clean_env.setenv("NOTIFIER_BASE_URL", "http://127.0.0.1:8000")


@pytest.mark.parametrize("start", SERVICES, ids=lambda s: s[0])
def test_a_sqlite_folder_that_is_not_there_is_not_made(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    start: list[str],
) -> None:
    """M10: sqlite:////nonexistent/dir/x.db made both folders and a new empty database, and
    /readyz said 200: a typo in the path started a service with no subscribers."""
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    for missing in (tmp_path / "nie-ma" / "x.db", tmp_path / "nie" / "ma" / "x.db"):
        clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{missing}")
        err = _refused(_command(start), capsys)
        assert "NOTIFIER_DATABASE_URL='sqlite:///" in err
        assert f"katalog {missing.parent} nie istnieje – prosimy go utworzyć" in err
        assert not (tmp_path / "nie-ma").exists()
        assert not (tmp_path / "nie").exists()
    (tmp_path / "plik").write_text("x")
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{tmp_path / 'plik' / 'x.db'}")
    assert "plik to plik, a nie katalog" in _refused(_command(start), capsys)


@pytest.mark.parametrize(
    "url", ["sqlite:///:memory:", "sqlite://", "sqlite:///file:x?mode=memory&uri=true"]
)
def test_a_database_in_memory_is_refused_by_every_command(
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    url: str,
) -> None:
    """M11: `:memory:` was accepted; every process then had its own empty database, and
    every page was 503 "no such table" with a traceback in the log."""
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv("NOTIFIER_DATABASE_URL", url)
    for command in (_command(["web", "--port"]), ["subscribers", "list"], ["check"]):
        err = _refused(command, capsys)
        assert "NOTIFIER_DATABASE_URL" in err
        assert "baza w pamięci (:memory:) znika z procesem" in err


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder seen through a read-only bind mount (root writes any folder otherwise)."""
    if shutil.which("mount") is None:
        pytest.skip("no mount(8) here")
    writable, mounted = tmp_path / "rw", tmp_path / "ro"
    writable.mkdir()
    mounted.mkdir()
    bind = subprocess.run(["mount", "--bind", str(writable), str(mounted)], check=False, capture_output=True)  # fmt: skip
    if bind.returncode != 0:
        pytest.skip(f"a bind mount is not allowed here: {bind.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)], check=True)
        yield mounted
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


@pytest.mark.parametrize("start", SERVICES, ids=lambda s: s[0])
def test_an_outbox_that_cannot_be_written_stops_start_up(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    start: list[str],
) -> None:
    """M12: NOTIFIER_OUTBOX=/proc/outbox started, /readyz said 200, and every sign-up page
    said "Wysłaliśmy wiadomość" while every email failed."""
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    (tmp_path / "plik").write_text("x")
    cases = {
        "/proc/outbox": "nie można zapisać wiadomości w katalogu /proc/outbox",
        str(tmp_path / "plik"): "plik to plik, a nie katalog",
        str(tmp_path / "plik" / "outbox"): "plik to plik, a nie katalog",
    }
    for outbox, said in cases.items():
        clean_env.setenv("NOTIFIER_OUTBOX", outbox)
        err = _refused(_command(start), capsys)
        assert f"NOTIFIER_OUTBOX={outbox}: " in err
        assert said in err
    assert (tmp_path / "plik").read_text() == "x"


def test_an_outbox_on_a_read_only_mount_is_refused_and_a_dry_run_is_not(
    clean_env: pytest.MonkeyPatch,
    read_only_folder: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv("NOTIFIER_OUTBOX", str(read_only_folder / "outbox"))
    err = _refused(["remind", "--as-of", "2024-05-01"], capsys)
    assert "system plików jest tylko do odczytu" in err
    assert main(["subscribers", "add", "ngo@example.org"]) == 0  # sends nothing: no outbox
    assert main(["remind", "--dry-run", "--as-of", "2024-05-01"]) == 0


def test_a_writable_outbox_is_made_at_start_and_left_as_a_maildir(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv("NOTIFIER_OUTBOX", str(tmp_path / "poczta" / "outbox"))
    assert main(["remind", "--as-of", "2024-01-02"]) == 0
    assert sorted(p.name for p in (tmp_path / "poczta" / "outbox").iterdir()) == [
        "cur",
        "new",
        "tmp",
    ]
    assert not any((tmp_path / "poczta" / "outbox" / "tmp").iterdir())  # the probe is gone


def _snapshot(folder: Path, subscribers: int) -> None:
    """A live database copied as a snapshot takes it: its last changes still in its -wal (a
    connection left open keeps the others from folding the -wal into the file as they close)."""
    live = folder.parent / "live"
    assert main(["subscribers", "add", "first@example.org"]) == 0
    reader = sqlite3.connect(live / "s.db")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    for n in range(subscribers - 1):
        assert main(["subscribers", "add", f"ngo{n}@example.org"]) == 0
    for name in ("s.db", "s.db-wal", "s.db-shm"):
        shutil.copy(live / name, folder / name)
    reader.close()


@pytest.fixture
def snapshot_folder(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(writable folder, the same folder mounted read-only): a snapshot is put into the first."""
    if shutil.which("mount") is None:
        pytest.skip("no mount(8) here")
    writable, mounted = tmp_path / "rw", tmp_path / "ro"
    writable.mkdir()
    mounted.mkdir()
    bind = subprocess.run(["mount", "--bind", str(writable), str(mounted)], check=False, capture_output=True)  # fmt: skip
    if bind.returncode != 0:
        pytest.skip(f"a bind mount is not allowed here: {bind.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mounted)], check=True)
        yield writable, mounted
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


@pytest.mark.parametrize("index", [True, False], ids=["with-shm", "without-shm"])
def test_a_database_on_a_read_only_mount_is_read_whole_or_refused_in_one_line(
    clean_env: pytest.MonkeyPatch,
    snapshot_folder: tuple[Path, Path],
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    index: bool,
) -> None:
    """M13: `subscribers list` on a read-only mount said "aktywny 63" of 95: the changes in
    the -wal were not read. With its -shm beside it, SQLite reads them (read-only); without,
    the listing would be stale, so it is refused, saying why."""
    writable, mounted = snapshot_folder
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    live = writable.parent / "live" / "s.db"
    live.parent.mkdir()
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{live}")
    _snapshot(writable, 12)
    capsys.readouterr()
    assert (writable / "s.db-wal").stat().st_size > 0
    if not index:
        (writable / "s.db-shm").unlink()
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{mounted / 's.db'}")
    before = sorted(p.name for p in mounted.iterdir())
    if index:
        assert main(["subscribers", "list"]) == 0
        out = capsys.readouterr().out
        assert sum("@example.org" in line for line in out.splitlines()) == 12
    else:
        err = _refused(["subscribers", "list"], capsys)
        assert "leży w katalogu tylko do odczytu, a jej ostatnie zmiany są w pliku s.db-wal" in err
        assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in mounted.iterdir()) == before
