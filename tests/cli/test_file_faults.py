"""One-shot commands and the disk (blind round three, F20 and F23): a full or read-only disk
ends `announce` and `import` with one Polish line and nothing written, and a harmonogram file
linked into the served folder gets the call in the file the link points to."""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from schedule_text import SPORT

from notifier.cli.main import main
from notifier.core.schedule_toml import parse_schedule

LESZNO_PAGE = Path(__file__).parents[1] / "documents" / "fixtures" / "leszno-2024-bip.html"
CALL = [
    "--published",
    "2024-05-06",
    "--deadline",
    "2024-05-28",
    "--url",
    "https://bip.example.org/o",
]


@contextmanager
def disk_full_past(size: int) -> Iterator[None]:
    """Files of this process cannot grow past `size` bytes: the kernel refuses the write
    (EFBIG) as a full disk refuses it (ENOSPC), at the same place in our code."""
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    before = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
        signal.signal(signal.SIGXFSZ, before)


def test_announce_on_a_full_disk_says_so_in_one_line_and_writes_nothing(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "leszno-2024.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    before = path.read_bytes()
    with disk_full_past(len(before) // 2):
        code = main(["announce", SPORT, "--schedule", str(path), *CALL])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"Nie można zapisać pliku {path}: plik przekroczył dozwolony rozmiar. "
        "Nic nie zapisano – plik jest bez zmian.\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leszno-2024.toml"]


def test_import_on_a_full_disk_says_so_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "leszno-2024.toml"
    with disk_full_past(1000):
        code = main(["import", str(LESZNO_PAGE), "-o", str(out), "--city", "Leszno"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith(f"Nie można zapisać pliku {out}: ")
    assert "Traceback" not in captured.err
    assert "Errno" not in captured.err
    assert not list(tmp_path.iterdir())


def test_a_linked_harmonogram_gets_the_call_where_the_link_points(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "wspolny" / "leszno-2024.toml"
    real.parent.mkdir()
    real.write_bytes(seed_schedule_path.read_bytes())
    served = tmp_path / "harmonogramy" / "leszno-2024.toml"
    served.parent.mkdir()
    served.symlink_to(real)
    assert main(["announce", SPORT, "--schedule", str(served), *CALL]) == 0
    assert "Zapisano" in capsys.readouterr().out
    assert served.is_symlink()
    assert [c.tasks for c in parse_schedule(real.read_text(encoding="utf-8")).calls] == [(SPORT,)]
