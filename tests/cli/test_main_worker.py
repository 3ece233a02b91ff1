"""`notifier remind / digest / jobs / worker / serve` with the file outbox and a real database."""

from __future__ import annotations

import email
import mailbox
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest

from notifier.cli.main import main
from notifier.store.db import open_database
from notifier.store.worker_lock import acquire


@pytest.fixture
def outbox(
    clean_env: pytest.MonkeyPatch, database_url: str, seed_schedule_path: Path, tmp_path: Path
) -> Path:
    path = tmp_path / "outbox"
    clean_env.setenv("NOTIFIER_DATABASE_URL", database_url)
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv("NOTIFIER_OUTBOX", str(path))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def written(outbox: Path) -> list[tuple[str, str]]:
    if not outbox.exists():
        return []
    box = mailbox.Maildir(
        outbox, factory=lambda f: email.message_from_binary_file(f, policy=policy.default)
    )
    return sorted((str(m["To"]), str(m["Subject"])) for m in box)


def test_remind_writes_one_email_per_matching_subscriber_and_none_the_second_time(
    outbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "subscribers", "add", "klub@example.org", "--topic", "sport")
    run(capsys, "subscribers", "add", "fundacja@example.org", "--topic", "sport")
    run(capsys, "subscribers", "add", "seniorzy@example.org", "--topic", "seniorzy")

    code, out, _ = run(capsys, "remind", "--as-of", "2024-04-23")
    assert (code, written(outbox)) == (0, [])
    assert "Brak przypomnień do wysłania." in out

    code, out, _ = run(capsys, "remind", "--as-of", "2024-04-24")
    subject = "Zbliża się konkurs: Rozwój sportu – II tura"
    assert code == 0
    assert written(outbox) == [("fundacja@example.org", subject), ("klub@example.org", subject)]
    assert out.startswith("Przypomnienia – 24.04.2024 r., godz. 08:00\n")
    assert f"wysłano: klub@example.org – „{subject}” (1 zadanie)" in out
    assert "Razem: wysłano 2, nieudane 0, odrzucone 0.\n" in out
    # The call emails' pass runs with it; nothing is announced in the shipped schedule.
    assert out.rstrip().endswith(
        "Ogłoszenia, terminy i zmiany – 24.04.2024 r., godz. 08:00\nBrak wiadomości do wysłania."
    )

    code, out, _ = run(capsys, "remind", "--as-of", "2024-04-24")
    assert (code, len(written(outbox))) == (0, 2)
    assert "Brak przypomnień do wysłania." in out


def test_remind_dry_run_writes_nothing(outbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "subscribers", "add", "klub@example.org", "--topic", "sport")
    code, out, _ = run(capsys, "remind", "--as-of", "2024-04-24", "--dry-run")
    assert code == 0
    assert "(próba: nic nie zostanie wysłane)" in out
    assert "do wysłania: klub@example.org" in out
    assert written(outbox) == []
    run(capsys, "remind", "--as-of", "2024-04-24")
    assert len(written(outbox)) == 1


def test_digest_writes_one_digest_to_the_office_once_a_week(
    outbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "digest", "--as-of", "2024-04-22", "--dry-run")
    assert (code, written(outbox)) == (0, [])
    assert "do wysłania" in out

    code, out, _ = run(capsys, "digest", "--as-of", "2024-04-22")
    assert code == 0
    assert written(outbox) == [
        (
            "pelnomocnik-ngo@example.org",
            "Podsumowanie – Leszno – tydzień 22–28 kwietnia 2024: 2 konkursy w ciągu 4 tygodni",
        )
    ]
    assert out.startswith(
        "Podsumowanie – Leszno – tydzień 22–28 kwietnia 2024 → pelnomocnik-ngo@example.org: wysłano"
    )

    code, out, _ = run(capsys, "digest", "--as-of", "2024-04-25")
    assert (code, len(written(outbox))) == (0, 1)
    assert "już wysłane w tym tygodniu" in out


def test_jobs_lists_the_next_runs_and_what_they_would_send(
    outbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "jobs")
    assert code == 0
    assert "przypomnienia (codziennie): następne uruchomienie" in out
    assert "podsumowanie tygodnia dla biura: następne uruchomienie" in out
    assert "ponowne próby nieudanych wysyłek: następne uruchomienie" in out
    assert "Przypomnienia –" in out  # the dry run of the next reminder run
    assert written(outbox) == []


def test_worker_refuses_while_another_worker_holds_the_lock(
    outbox: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(database_url)
    try:
        acquire(db.engine, "inny-host:4242:abcd", datetime.now(UTC))
    finally:
        db.dispose()
    code, _, err = run(capsys, "worker")
    assert code == 1
    assert "Inny worker już działa na tej bazie danych (inny-host:4242:abcd" in err
    assert "Traceback" not in err
