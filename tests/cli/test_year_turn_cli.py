"""`notifier digest` and `notifier check` on 6 December 2026 with Leszno 2024 and 2027 (no
2026 file) and Zielona Góra 2025 (tests/december_fixtures.py): the current harmonogram is
2027, a past year is not late, hints name the year that is next (issue 24)."""

from __future__ import annotations

import email
import mailbox
from email import policy
from pathlib import Path

import pytest

from notifier.cli.main import main


def office_digests(outbox: Path) -> dict[str, str]:
    """Each digest's subject -> its plain text."""
    box = mailbox.Maildir(
        outbox, factory=lambda f: email.message_from_binary_file(f, policy=policy.default)
    )
    out = {}
    for message in box:
        body = message.get_body(("plain",))
        assert body is not None
        out[str(message["Subject"])] = body.get_content()
    return out


def test_the_digest_is_built_from_the_current_harmonogram_not_the_expired_one(
    clean_env: pytest.MonkeyPatch,
    december_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{tmp_path / 'subscribers.db'}")
    clean_env.setenv("NOTIFIER_SCHEDULE", str(december_dir))
    clean_env.setenv("NOTIFIER_OUTBOX", str(tmp_path / "outbox"))
    assert main(["digest", "--as-of", "2026-12-06"]) == 0
    digests = office_digests(tmp_path / "outbox")
    [leszno] = [text for subject, text in digests.items() if "Leszno" in subject]
    [subject] = [s for s in digests if "Leszno" in s]
    assert subject.endswith("1 konkurs w ciągu 4 tygodni"), subject
    assert "2027" in leszno
    assert "Nowszego harmonogramu jeszcze tu nie ma" not in leszno
    assert "przemocy domowej" in leszno  # I kwartał 2027 opens on 1 January
    assert "I tura 2027 — ogłoszono 4 grudnia 2026, oferty do 22 grudnia 2026" in leszno
    # Zielona Góra has only 2025: a past year, whose uncalled windows are not chased.
    [zielona] = [text for subject, text in digests.items() if "Zielona Góra" in subject]
    assert "Nowszego harmonogramu jeszcze tu nie ma" in zielona
    overdue = zielona[zielona.index("Zaległe: termin minął ponad 60 dni temu") :].splitlines()
    assert overdue[1] == "Brak."
    capsys.readouterr()


def test_check_points_a_past_year_to_the_current_one_and_asks_for_the_next_year(
    clean_env: pytest.MonkeyPatch, december_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(december_dir), "--as-of", "2026-12-06"])
    out = capsys.readouterr().out
    leszno_2024 = out[out.index("leszno/2024.toml: poprawny") :].split("\n\n")[0]
    assert "zaległe:" not in out  # no past year is overdue
    assert "Aktualny jest „Harmonogram ogłaszania otwartych konkursów ofert w 2027 roku”" in (
        leszno_2024
    )
    zielona = out[out.index("zielona-gora-2025.toml: poprawny") :].split("\n\n")[0]
    assert "proszę przygotować plik harmonogramu na 2027 rok" in zielona
    assert "2026 rok" not in out
