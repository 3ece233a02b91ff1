"""What operators and city staff meet on the command line: .env, the base URL, Polish help, logs."""

from __future__ import annotations

import email
import logging
import mailbox
import os
import re
import sys
from datetime import datetime
from email import policy
from pathlib import Path

import pytest
from polish_checks import informal_words
from schedule_text import department_toml, schedule_toml, task_toml

import notifier.settings
from notifier.cli.main import main
from notifier.core.time import TIMEZONE
from notifier.logs import WarsawFormatter
from notifier.settings import SettingsError, load_settings

COMMANDS = [
    [],
    ["check"],
    ["topics"],
    ["feed"],
    ["serve"],
    ["web"],
    ["worker"],
    ["remind"],
    ["digest"],
    ["jobs"],
    ["subscribers"],
    ["subscribers", "add"],
    ["subscribers", "list"],
    ["subscribers", "remove"],
]
# argparse's own English and the English help this command had.
ENGLISH = re.compile(
    r"usage:|options:|positional arguments|show this help|exit\b|default:|\bthe\b|"
    r"\bfile\b|\bwrite\b|\bsend\b|\bschedule file\b|repeatable|COMMAND|ACTION",
)


@pytest.fixture
def workdir(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, database_url: str, seed_schedule_path: Path
) -> Path:
    """An empty working directory whose .env is read, as `make run` and a shell would share."""
    clean_env.chdir(tmp_path)
    clean_env.setattr(notifier.settings, "DOTENV", Path(".env"))
    for name in ("NOTIFIER_DATABASE_URL", "NOTIFIER_OUTBOX"):  # the environment would win
        clean_env.delenv(name, raising=False)
    (tmp_path / ".env").write_text(
        "# written by hand\n"
        "COMPOSE_PROJECT_NAME=inny-program\n"  # another tool's line: ignored
        f"NOTIFIER_SCHEDULE={seed_schedule_path}\n"
        f"NOTIFIER_DATABASE_URL={database_url}\n"
        "NOTIFIER_OUTBOX=poczta\n"
        'NOTIFIER_BASE_URL="http://127.0.0.1:8123"\n',
        encoding="utf-8",
    )
    return tmp_path


def messages(outbox: Path) -> list[email.message.EmailMessage]:
    box = mailbox.Maildir(
        outbox, factory=lambda f: email.message_from_binary_file(f, policy=policy.default)
    )
    return list(box)  # type: ignore[arg-type]


def test_dot_env_in_the_working_directory_sets_the_links_of_emails_sent_from_the_shell(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["subscribers", "add", "klub@example.org", "--topic", "sport"]) == 0
    assert main(["remind", "--as-of", "2024-04-24"]) == 0
    err = capsys.readouterr().err
    assert "Linki w wiadomościach: http://127.0.0.1:8123 (NOTIFIER_BASE_URL)" in err
    [mail] = messages(workdir / "poczta")
    text = mail.get_body(("plain",)).get_content()
    assert "http://127.0.0.1:8123/manage/" in text
    assert "127.0.0.1:8000" not in text


@pytest.mark.parametrize("command", [["digest", "--as-of", "2024-04-22", "--dry-run"], ["jobs"]])
def test_digest_and_jobs_say_which_base_url_they_use(
    workdir: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert main(command) == 0
    assert "Linki w wiadomościach: http://127.0.0.1:8123" in capsys.readouterr().err


def test_the_environment_wins_over_dot_env(workdir: Path, clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("NOTIFIER_BASE_URL", "https://konkursy.example.pl")
    assert load_settings().base_url == "https://konkursy.example.pl"
    assert load_settings().outbox == Path("poczta")


def test_a_typo_in_dot_env_stops_start_up_naming_the_file(workdir: Path) -> None:
    with (workdir / ".env").open("a", encoding="utf-8") as env:
        env.write("NOTIFIER_BASE_ULR=http://x\nNOTIFIER_SMTP_MAX_CONNECTIONS=zero\n")
    with pytest.raises(SettingsError) as error:
        load_settings()
    lines = str(error.value).splitlines()
    assert lines[1].startswith("  NOTIFIER_BASE_ULR (.env): nieznane ustawienie")
    assert lines[2].startswith("  NOTIFIER_SMTP_MAX_CONNECTIONS (.env)='zero':")


def test_check_warns_when_every_window_of_the_harmonogram_has_passed(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["check", "--schedule", str(seed_schedule_path)]
    assert main([*args, "--as-of", "2026-01-05"]) == 0
    out = capsys.readouterr().out
    assert (
        "uwaga: Wszystkie terminy z harmonogramu na 2024 rok już minęły – ostatni upłynął "
        "31 grudnia 2024 r." in out
    )
    # what the clerk does next: 2026's file (2025 is over), not "the 2025 file"
    assert "proszę przygotować plik harmonogramu na 2026 rok" in out
    assert main([*args, "--as-of", "2024-12-31"]) == 0
    assert "już minęły" not in capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "notifier")
def test_help_of_every_command_is_polish(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("użycie: notifier")
    assert "opcje:" in out
    assert re.search(r"-h, --help\s+wyświetla tę pomoc i kończy działanie", out), out
    assert ENGLISH.findall(out) == [], out
    assert informal_words(out) == [], out


def test_argparse_mistakes_are_polish_too(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv, says in [
        ([], "błąd: brak wymaganych argumentów: POLECENIE"),
        (["remind", "--as-of", "jutro"], "to nie jest data w postaci RRRR-MM-DD: 'jutro'"),
        (["remind", "--as-of", "2026-02-30"], "nie ma takiego dnia w kalendarzu: '2026-02-30'"),
        (["wyślij"], "nieznana wartość 'wyślij' (do wyboru:"),
        (["check", "--nie-ma"], "błąd: nieznane argumenty: --nie-ma"),
    ]:
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("użycie: notifier"), err
        assert says in err, err


def test_log_lines_are_stamped_in_warsaw_time_with_the_offset_shown() -> None:
    formatter = WarsawFormatter("%(asctime)s %(message)s")
    record = logging.LogRecord("notifier", logging.INFO, __file__, 1, "next run", None, None)
    # 13:19:05 UTC on a summer day is 15:19:05 in Warsaw (+02:00), in winter 14:19:05 (+01:00).
    for utc, warsaw in [
        ("2024-06-03T13:19:05+00:00", "2024-06-03 15:19:05,000+02:00 next run"),
        ("2024-01-08T13:19:05+00:00", "2024-01-08 14:19:05,000+01:00 next run"),
    ]:
        record.created = datetime.fromisoformat(utc).timestamp()
        record.msecs = 0
        assert formatter.format(record) == warsaw
    assert datetime.fromisoformat("2024-06-03T13:19:05+00:00").astimezone(TIMEZONE).hour == 15


def test_topics_prints_the_accepted_slugs_aliases_and_local_topics(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "gmina.toml"
    own.write_text(
        schedule_toml(
            department_toml("sport", "Wydział", task_toml("a", "zawody", "Maj 2024", ["plywanie"])),
            topics={"plywanie": "Pływanie"},
        ),
        encoding="utf-8",
    )
    clean_env.setenv("NOTIFIER_SCHEDULE", str(own))
    assert main(["topics"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wspólne tematy – jeden identyfikator na obszar")
    assert "\n  ekologia                Ekologia i ochrona zwierząt\n" in out
    assert "\n  zwierzeta               → ekologia (Ochrona zwierząt)\n" in out
    assert "\n  ngo                     → spolecznosc-lokalna (" in out
    assert out.endswith(
        "Tematy własne – Leszno (tylko w tym mieście):\n  plywanie                Pływanie\n"
    )


def test_topics_with_a_missing_schedule_lists_the_shared_ones_and_says_what_is_missing(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Blind round 8a: `topics --schedule /nonexistent` said nothing of the missing path."""
    missing = tmp_path / "katalog-ktorego-nie-ma"
    assert main(["topics", "--schedule", str(missing)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Wspólne tematy – jeden identyfikator na obszar")
    assert f"{missing}: nie ma takiego pliku ani katalogu" in err


@pytest.mark.parametrize("command", [["export"], ["check"]])
def test_a_reader_closing_the_pipe_ends_the_command_without_a_traceback(
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    """`notifier export | head`: a large output (export) breaks the pipe while printing, a
    small one (check) at the final flush; both end with 141, as a shell reports SIGPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (head) is gone
    with capsys.disabled(), open(write_end, "w", encoding="utf-8") as out:
        clean_env.setattr(sys, "stdout", out)
        assert main([*command, "--schedule", str(seed_schedule_path)]) == 141
        clean_env.undo()


def test_a_schedule_option_the_system_cannot_look_at_is_one_polish_line(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--schedule with a name over 255 bytes: argparse's Polish error, not an OSError traceback."""
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--schedule", "/tmp/" + "x" * 300])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "za długa nazwa pliku" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["jobs"],
        ["subscribers"],
        ["subscribers", "list"],
        ["remind", "--dry-run"],
        ["digest", "--dry-run"],
    ],
)
def test_a_command_that_only_shows_never_creates_the_database(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    catalog_dir: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    """Blind round three, m7: `jobs` with a SQLite URL in a folder that does not exist made
    the folder and the file. A command that only shows now says the database is not there
    (a folder that is not there stops every command first: tests/cli/test_start_checks.py)."""
    path = tmp_path / "subscribers.db"
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{path}")
    clean_env.setenv("NOTIFIER_SCHEDULE", str(catalog_dir))
    assert main(command) == 1
    err = capsys.readouterr().err
    assert f"Baza danych sqlite:///{path} nie istnieje ({path}): to polecenie tylko pokazuje" in err
    assert "Traceback" not in err
    assert not path.exists()
