"""Blind round seven at the command line: every door that opens a user-named file refuses a
named pipe at once (F1), quoted text in check's summary is cut (F2), `feed -o` writes whole or
not at all (F7), `announce --as-of` cannot move today forward (F8), a "stan na dzień" far
ahead or a placeholder office address is warned of (M7, M13), `import -o` names a *.toml
(M8) and an empty path is refused for every path option and setting (M10)."""

from __future__ import annotations

import os
import resource
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from notifier.cli.main import main
from notifier.core.time import warsaw_day
from notifier.files.reading import NOT_REGULAR_PROBLEM

SEED_DOC = Path(__file__).parents[1] / "examples" / "harmonogram-2024-leszno.txt"


def _copy(seed: Path, target: Path, old: str = "", new: str = "") -> Path:
    text = seed.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("door", ["check", "import --previous"])
def test_a_named_pipe_is_refused_at_once_by_every_door_that_reads_a_harmonogram(
    door: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "potok.toml"
    os.mkfifo(fifo)  # no writer: opening it to read would wait for ever
    out = tmp_path / "nowy.toml"
    args = {
        "check": ["check", str(fifo)],
        "import --previous": ["import", str(SEED_DOC), "-o", str(out), "--previous", str(fifo)],
    }[door]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert NOT_REGULAR_PROBLEM in err  # the one wording of --schedule and the directory scan
    assert not out.exists()


def test_checks_summary_cuts_a_huge_title_and_warns_of_its_length(
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    long = "x" * 500_000
    path = _copy(seed_schedule_path, tmp_path / "dlugi.toml", '\ntitle = "', f'\ntitle = "{long}')
    assert main(["check", str(path), "--as-of", "2024-01-10"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 400
    assert "xxx…" in out
    assert "tytuł harmonogramu „" in out
    assert "ma 500" in out
    assert "– najwyżej 300" in out


def test_a_failed_feed_write_keeps_the_old_calendar_whole(
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "kalendarz.ics"
    args = ["feed", "--schedule", str(seed_schedule_path), "-o", str(target)]
    assert main(args) == 0
    good = target.read_bytes()
    assert len(good) > 4096
    assert good.rstrip().endswith(b"END:VCALENDAR")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))  # `ulimit -f 4`: EFBIG past 4 kB
    try:
        code = main(args)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert code == 1
    err = capsys.readouterr().err
    assert f"nie można zapisać kalendarza do {target}" in err
    assert "Nic nie zapisano – plik jest bez zmian." in err
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kalendarz.ics"]  # no temporary file


def test_announce_refuses_an_as_of_after_today_and_writes_nothing(
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    path = _copy(seed_schedule_path, tmp_path / "leszno.toml")
    before = path.read_bytes()
    tomorrow = (warsaw_day(datetime.now(UTC)) + timedelta(days=1)).isoformat()
    deadline = (warsaw_day(datetime.now(UTC)) + timedelta(days=40)).isoformat()
    args = ["announce", "--schedule", str(path), "mopr/opieka-dom-dziecka"]
    args += ["--published", tomorrow, "--deadline", deadline, "--url", "https://x.pl/a"]
    assert main([*args, "--as-of", tomorrow]) == 1
    err = capsys.readouterr().err
    assert f"--as-of {tomorrow} jest późniejszy niż dzisiejszy dzień" in err
    assert "Nic nie zapisano" in err
    assert main(args) == 1  # without --as-of: a publication tomorrow is refused as check does
    assert "Nic nie zapisano" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_check_warns_of_an_as_of_far_ahead_and_of_a_placeholder_office(
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    path = _copy(
        seed_schedule_path, tmp_path / "x.toml", "as_of = 2024-01-10", "as_of = 2199-12-31"
    )
    assert main(["check", str(path), "--as-of", "2024-01-10"]) == 0
    out = capsys.readouterr().out
    assert "uwaga: stan na dzień 31 grudnia 2199" in out
    assert "wypada po roku harmonogramu (2024)" in out
    assert "jest o ponad rok późniejszy niż dziś" in out
    imported = tmp_path / "kalisz.toml"
    assert main(["import", str(SEED_DOC), "-o", str(imported)]) == 0
    capsys.readouterr()
    assert main(["check", str(imported), "--as-of", "2024-01-10"]) == 0
    out = capsys.readouterr().out
    assert "adres biura 'urzad@example.org' w [office] to adres zastępczy" in out
    assert "podsumowanie nie zostanie wysłane" in out


def test_import_refuses_an_output_name_the_directory_scan_never_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    for name in ("out.txt", "kalisz", "kalisz.toml.bak"):
        assert main(["import", str(SEED_DOC), "-o", str(tmp_path / name)]) == 1
        assert "nie kończy się na .toml" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("blank", ["", "  "])
@pytest.mark.parametrize(
    "command",
    [
        ["publish", "--out"],
        ["check"],
        ["feed", "-o"],
        ["import", str(SEED_DOC), "-o"],
        ["import", str(SEED_DOC), "-o", "x.toml", "--previous"],
        ["topics", "--schedule"],
    ],
    ids=lambda c: " ".join(c[:1] + c[-1:]) if isinstance(c, list) else repr(c),
)
def test_an_empty_path_option_is_refused_in_polish(
    command: list[str],
    blank: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main([*command, blank])
    assert exit_.value.code == 2
    assert "pusta ścieżka – prosimy podać nazwę pliku lub katalogu" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing published or written here


@pytest.mark.parametrize("name", ["NOTIFIER_PUBLISH_DIR", "NOTIFIER_SCHEDULE", "NOTIFIER_OUTBOX"])
def test_a_blank_path_setting_stops_start_up_in_one_polish_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.chdir(tmp_path)
    clean_env.setenv(name, "  ")
    assert main(["publish"]) == 1
    err = capsys.readouterr().err
    assert name in err
    assert "pusta ścieżka" in err
    assert list(tmp_path.iterdir()) == []
