"""Issue 25, F5: no writer replaces a named pipe or a device with a regular file. `feed -o`,
`import -o` and `publish --out`'s files refuse one with a Polish line, exit 1, and leave it
as it was (notifier.files.atomic.refuse_special, the one check of every atomic write)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from notifier.cli.main import main


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "potok nazwany (FIFO)"


def _char_device(path: Path) -> str:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # /dev/full's numbers
    except PermissionError:
        pytest.skip("mknod needs CAP_MKNOD, which this process lacks")
    return "urządzenie znakowe"


SPECIALS = {"fifo": _fifo, "char device": _char_device}


def _assert_untouched(path: Path, mode: int) -> None:
    assert stat.S_IFMT(path.lstat().st_mode) == stat.S_IFMT(mode)
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("make", SPECIALS.values(), ids=SPECIALS.keys())
@pytest.mark.parametrize("link", [False, True], ids=["direct", "through a link"])
def test_feed_output_refuses_a_special_file_and_leaves_it_be(
    make: Callable[[Path], str],
    link: bool,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    special = tmp_path / "mydev.ics"
    kind = make(special)
    mode = special.lstat().st_mode
    target = special
    if link:
        target = tmp_path / "link.ics"
        target.symlink_to(special)
    capsys.readouterr()
    assert main(["feed", "--schedule", str(seed_schedule_path), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"to {kind}, a nie zwykły plik" in err
    assert "Nic nie zapisano" in err
    assert "Traceback" not in err
    _assert_untouched(special, mode)
    if link:
        assert target.is_symlink()


@pytest.mark.parametrize("make", SPECIALS.values(), ids=SPECIALS.keys())
def test_publish_refuses_a_special_file_where_it_would_write_a_page(
    make: Callable[[Path], str],
    tmp_path: Path,
    catalog_dir: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "site"
    command = ["publish", "--schedule", str(catalog_dir), "--out", str(out)]
    assert main(command) == 0
    special = out / "przykladowo" / "calendar.ics"
    special.unlink()
    kind = make(special)
    mode = special.lstat().st_mode
    capsys.readouterr()
    assert main(command) == 1
    err = capsys.readouterr().err
    assert f"to {kind}, a nie zwykły plik" in err
    assert "Traceback" not in err
    _assert_untouched(special, mode)


def test_a_regular_file_and_a_link_to_one_are_still_written(
    tmp_path: Path, seed_schedule_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "kalendarz.ics"
    plain.write_bytes(b"old")
    assert main(["feed", "--schedule", str(seed_schedule_path), "-o", str(plain)]) == 0
    assert plain.read_bytes().startswith(b"BEGIN:VCALENDAR")
