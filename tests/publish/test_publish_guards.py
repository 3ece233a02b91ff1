"""`notifier publish` never publishes a harmonogram caught mid-save (blind round six, F4),
never into the mail outbox, and never into a folder a typo would create (F3). Real files,
the real command."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from notifier.cli.main import main
from notifier.files.quiet import FileNotSettled, wait_until_quiet
from notifier.settings import SettingsError, load_settings


def _site(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_harmonogram_written_moments_ago_is_not_published_half_written(
    clean_env: pytest.MonkeyPatch,
    catalog_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The first, truncated step of an upload (valid TOML, two departments of four): the
    command refuses to read it while it may still be written, so no department feed is
    deleted and no task is published as cancelled."""
    an_hour_ago = time.time() - 3601
    for written in catalog_dir.rglob("*.toml"):  # every file settled an hour ago
        os.utime(written, (an_hour_ago, an_hour_ago))
    clean_env.setenv("NOTIFIER_SCHEDULE_SETTLE", "3600")
    out = tmp_path / "site"
    command = ["publish", "--schedule", str(catalog_dir), "--out", str(out)]
    assert main(command) == 0
    before = _site(out)
    departments = sorted((out / "przykladowo" / "departments").glob("*.ics"))
    assert len(departments) == 4
    harmonogram = catalog_dir / "przykladowo-2025.toml"
    whole = harmonogram.read_text(encoding="utf-8")
    third = whole.index(
        "[[departments]]", whole.index("[[departments]]", whole.index("[[departments]]") + 1) + 1
    )
    harmonogram.write_text(whole[:third], encoding="utf-8")  # its date: now
    capsys.readouterr()

    assert main(command) == 1
    error = capsys.readouterr().err
    assert f"Nie opublikowano: plik {harmonogram} zmieniono przed chwilą" in error
    assert "Nic nie zostało zmienione." in error
    assert _site(out) == before
    assert b"STATUS:CANCELLED" not in (out / "przykladowo" / "calendar.ics").read_bytes()

    harmonogram.write_text(whole, encoding="utf-8")  # the whole file, settled an hour ago
    os.utime(harmonogram, (an_hour_ago, an_hour_ago))
    assert main(command) == 0
    assert sorted((out / "przykladowo" / "departments").glob("*.ics")) == departments
    assert b"STATUS:CANCELLED" not in (out / "przykladowo" / "calendar.ics").read_bytes()


def test_the_command_waits_for_a_file_to_settle_by_the_watchers_rule(tmp_path: Path) -> None:
    """The rule of notifier.files.settling on a clock of the test's own: a file written a
    second ago is read once it has been unchanged for `settle` seconds; one that keeps
    changing stops the command, naming it."""
    harmonogram = tmp_path / "leszno-2024.toml"
    harmonogram.write_text("x = 1\n", encoding="utf-8")
    written = harmonogram.stat().st_mtime_ns / 1e9
    clock = [written + 1.0]
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        clock[0] += seconds

    notes = wait_until_quiet(tmp_path, 3.0, wall=lambda: clock[0], sleep=sleep)
    assert clock[0] == pytest.approx(written + 3.0)
    assert sum(naps) == pytest.approx(2.0)
    said = (
        f"plik {harmonogram} był przed chwilą zmieniany: poczekano, aż zapis się skończy "
        "(3 s bez zmian, NOTIFIER_SCHEDULE_SETTLE)"
    )
    assert notes == [said]
    assert wait_until_quiet(tmp_path, 3.0, wall=lambda: clock[0], sleep=sleep) == []

    def rewriting(seconds: float) -> None:  # a writer that never stops
        clock[0] += seconds
        harmonogram.write_text(f"x = {clock[0]}\n", encoding="utf-8")
        os.utime(harmonogram, (clock[0], clock[0]))

    rewriting(0.0)
    with pytest.raises(FileNotSettled, match=f"plik {harmonogram} zmieniono przed chwilą"):
        wait_until_quiet(tmp_path, 3.0, most=10.0, wall=lambda: clock[0], sleep=rewriting)


def test_the_mail_outbox_is_never_the_published_folder(
    clean_env: pytest.MonkeyPatch,
    catalog_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The outbox holds every sign-in link of /biuro and the subscribers' manage links; the
    shipped nginx block serves any file under the site's root."""
    outbox = tmp_path / "outbox"
    (outbox / "new").mkdir(parents=True)
    clean_env.setenv("NOTIFIER_OUTBOX", str(outbox))
    for out in (outbox, outbox / "new", tmp_path / "poczta"):
        if out.name == "poczta":
            out.symlink_to(outbox)
        assert main(["publish", "--schedule", str(catalog_dir), "--out", str(out)]) == 1
        error = capsys.readouterr().err
        assert f"Nie opublikowano: katalog {out} nakłada się na NOTIFIER_OUTBOX={outbox}" in error
        assert "linkami logowania do biura" in error
        assert not (out / "index.html").exists()
        with pytest.raises(SettingsError, match="NOTIFIER_OUTBOX="):
            load_settings(schedule=catalog_dir, publish_dir=out)


def test_a_folder_a_typo_would_create_is_refused_and_nothing_is_created(
    clean_env: pytest.MonkeyPatch,
    catalog_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a_file = tmp_path / "README.md"
    a_file.write_text("x", encoding="utf-8")
    deep = tmp_path / "nie-ma" / "a" / "b"
    for out, said in (
        (deep, f"nie istnieje ani {deep}, ani katalog nad nim"),
        (a_file, f"{a_file} to plik, a nie katalog"),
        (a_file / "strona", f"{a_file} to plik, a nie katalog"),  # a folder in a file
    ):
        assert main(["publish", "--schedule", str(catalog_dir), "--out", str(out)]) == 1
        assert f"Nie opublikowano: {said}." in capsys.readouterr().err
    assert not (tmp_path / "nie-ma").exists()
    assert a_file.read_text(encoding="utf-8") == "x"
    fresh = tmp_path / "strona"  # its parent exists: made, as the README says
    assert main(["publish", "--schedule", str(catalog_dir), "--out", str(fresh)]) == 0
    assert (fresh / "index.html").is_file()


def test_a_file_made_where_the_folder_was_checked_is_named_as_a_file(tmp_path: Path) -> None:
    """Issue 25 m13: a file in the folder's place after the check (a race, or a writer given
    a path directly) is "to plik, a nie katalog", not the system's "plik już istnieje"."""
    from notifier.core.errors import NotifierError
    from notifier.publish.site import SiteWriter

    a_file = tmp_path / "README.md"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(NotifierError) as refused:
        SiteWriter(a_file)
    assert str(refused.value) == (
        f"Nie można zapisać plików w katalogu {a_file}: {a_file} to plik, a nie katalog"
    )
