"""`announce` reads its values by the rules of the file and the office's form (blind10a M3,
M4): an address names what is wrong with it; a deadline with seconds is refused, not cut."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notifier.cli.main import main

TASK = "mopr/wsparcie-seniorow"


def _announce(path: Path, *options: str) -> list[str]:
    return ["announce", TASK, "--schedule", str(path), "--published", "2024-05-01",
            "--as-of", "2024-05-02", *options]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("https://bip.example.org/ spaced", "zawiera spację po „https://bip.example.org/”"),
        ("https:// bip.example.org/", "zawiera spację po „https://”"),
        ("https://bip.example.org/{x}", "zawiera znak {, którego nie może być w adresie"),
        ("bip.example.org/ spaced", "nie jest adresem strony"),
    ],
)
def test_an_address_says_what_is_wrong_with_it_on_the_command_line_and_in_the_file(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    url: str,
    said: str,
) -> None:
    """M3: 'https://bip.example.org/ spaced' was "nie jest adresem strony – … zaczynający się
    od https://" though it does start so. One rule: announce, `check` of the file, settings."""
    path = tmp_path / "leszno-2024.toml"
    shutil.copy(seed_schedule_path, path)
    before = path.read_bytes()
    assert main([*_announce(path, "--deadline", "2024-05-28", "--url", url)]) == 1
    err = capsys.readouterr().err
    assert said in err
    assert path.read_bytes() == before
    text = before.decode().replace('title = "Harmonogram', f'announcements_url = "{url}"\ntitle = "Harmonogram', 1)  # fmt: skip
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--as-of", "2024-05-02"]) == 1
    assert said in capsys.readouterr().err
    clean_env.setenv("NOTIFIER_BASE_URL", url)
    shutil.copy(seed_schedule_path, path)
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "NOTIFIER_BASE_URL" in err
    assert said in err or "musi być adresem http:// lub https://" in err


@pytest.mark.parametrize("deadline", ["2024-05-28T15:30:59", "2024-05-28 15:30:00"])
def test_a_deadline_with_seconds_is_refused_and_nothing_is_written(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    deadline: str,
) -> None:
    """M4: 2024-05-28T15:30:59 was saved as 15:30 without a word, while the help says
    RRRR-MM-DDTGG:MM (as the office's form, 16 characters, takes it)."""
    path = tmp_path / "leszno-2024.toml"
    shutil.copy(seed_schedule_path, path)
    url = "https://bip.example.org/ogloszenie"
    with pytest.raises(SystemExit) as stopped:
        main([*_announce(path, "--deadline", deadline, "--url", url)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "bez sekund" in err
    assert "prosimy wpisać 2024-05-28T15:30" in err
    assert path.read_bytes() == seed_schedule_path.read_bytes()
    assert main([*_announce(path, "--deadline", "2024-05-28T15:30", "--url", url)]) == 0
    assert "oferty do 28 maja 2024, godz. 15:30" in capsys.readouterr().out
