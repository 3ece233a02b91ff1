"""Issue 25, F4: publish keeps its own hidden state inside the published directory. A
symbolic link in place of any of its files or folders (the parts, their kinds, the journal,
the manifest, the maps, the unavailable pages) is refused before anything is written, and
nothing outside the directory changes; `--verify` says the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifier.cli.main import main
from notifier.publish.manifest import JOURNAL
from notifier.publish.parts import PARTS
from notifier.publish.site import OWN_FILES


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


NAMES = sorted({*OWN_FILES, f"{PARTS}/calendars", f"{PARTS}/tasks"})


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("verify", [False, True], ids=["publish", "verify"])
def test_a_link_in_place_of_publish_own_state_is_refused_before_anything_is_written(
    name: str,
    verify: bool,
    tmp_path: Path,
    catalog_dir: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE_SETTLE", "0")
    out = tmp_path / "site"
    command = ["publish", "--schedule", str(catalog_dir), "--out", str(out)]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    own = out / name
    folder = not Path(name).suffix
    if name.startswith(f"{PARTS}/"):
        (out / PARTS).mkdir(parents=True)
    else:
        out.mkdir()
    if folder:
        own.symlink_to(elsewhere, target_is_directory=True)
    else:
        (elsewhere / "file").write_bytes(b"not theirs\n")
        own.symlink_to(elsewhere / "file")
    before = _tree(elsewhere)
    capsys.readouterr()
    assert main([*command, *(["--verify"] if verify else [])]) == 1
    err = capsys.readouterr().err
    assert f"{own} jest dowiązaniem symbolicznym" in err
    assert f"publikacja zapisuje i usuwa pliki tylko wewnątrz katalogu {out}" in err
    assert "Traceback" not in err
    assert _tree(elsewhere) == before
    assert own.is_symlink()
    assert not (out / "index.html").exists()  # nothing published


def test_a_journal_linked_after_a_publication_is_refused_too(
    tmp_path: Path, catalog_dir: Path, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE_SETTLE", "0")
    out = tmp_path / "site"
    command = ["publish", "--schedule", str(catalog_dir), "--out", str(out)]
    assert main(command) == 0
    outside = tmp_path / "outside.log"
    outside.write_bytes(b"")
    (out / JOURNAL).unlink(missing_ok=True)
    (out / JOURNAL).symlink_to(outside)
    (catalog_dir / "przykladowo-2025.toml").touch()  # something to publish again
    assert main(command) == 1
    assert outside.read_bytes() == b""
