"""`notifier subscribers add/list/remove`: the office's commands, Polish output, clear errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from notifier.cli.main import main
from notifier.core.preferences import Preferences
from notifier.store.db import open_database
from notifier.store.subscribers import add_active, find_by_email, remove

SIGNED_UP = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)
LEFT = datetime(2024, 5, 20, 6, 0, tzinfo=UTC)


@pytest.fixture
def cli_env(clean_env: pytest.MonkeyPatch, database_url: str, seed_schedule_path: Path) -> str:
    clean_env.setenv("NOTIFIER_DATABASE_URL", database_url)
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    return database_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["subscribers", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_remove_round_trip(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "add", "Biuro@Fundacja.example.org", "--topic", "sport", "--topic", "seniorzy",
        "--lead-days", "14", "--lead-days", "3",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "Dodano aktywnego subskrybenta Biuro@fundacja.example.org: Seniorzy, Sport i kultura "
        "fizyczna; przypomnienie 3 i 14 dni przed ogłoszeniem, 3 dni przed terminem składania ofert.\n"
    )
    assert run(capsys, "add", "inna@example.org")[0] == 0

    code, out, _ = run(capsys, "list")
    assert code == 0
    rows = out.splitlines()
    assert rows[2].split()[:5] == [
        "Biuro@fundacja.example.org",
        "aktywny",
        "seniorzy,",
        "sport",
        "3,",
    ]
    assert rows[3].split()[:4] == ["inna@example.org", "aktywny", "wszystkie", "7"]

    code, out, _ = run(capsys, "remove", "biuro@fundacja.example.org")
    assert (code, out) == (
        0,
        "Wypisano Biuro@fundacja.example.org (dane zostają w rejestrze wysyłek).\n",
    )
    _, out, _ = run(capsys, "list")
    assert out.splitlines()[2].split()[:2] == ["Biuro@fundacja.example.org", "wypisany"]
    assert out.splitlines()[-1] == "Razem: oczekuje 0, aktywny 1, wypisany 1"


def test_subscribers_without_an_action_lists(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(
        capsys,
    )[:2] == (0, "Brak subskrybentów.\n")


def test_adding_again_updates_the_preferences(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add", "a@example.org", "--topic", "sport")
    code, out, _ = run(capsys, "add", "A@example.org", "--topic", "all", "--lead-days", "1")
    assert code == 0
    assert out.startswith("Zaktualizowano aktywnego subskrybenta a@example.org: wszystkie tematy")
    _, out, _ = run(capsys, "list")
    assert out.splitlines()[2].split()[:4] == ["a@example.org", "aktywny", "wszystkie", "1"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "a@example.org", "--topic", "pilka"], "Tematu „pilka” nie ma w harmonogramie"),
        (
            ["add", "a@example.org", "--topic", "pilka"],
            "Slugi dla --topic: pomoc-spoleczna, rodzina,",
        ),
        (["add", "nie-adres"], "nie jest poprawnym adresem e-mail"),
        (  # blind round five, k4: not the generic message
            ["add", "żaneta@example.org"],
            (
                "Adres „żaneta@example.org” ma przed znakiem @ litery ze znakami diakrytycznymi "
                "lub spoza alfabetu łacińskiego: ż. Serwis nie może wysyłać"
            ),
        ),
        (["remove", "nikt@example.org"], "Nie ma subskrybenta o adresie nikt@example.org."),
    ],
)
def test_mistakes_get_a_polish_message_and_exit_1(
    cli_env: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == ""
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--lead-days",
            "0",
            "liczba dni przed ogłoszeniem: prosimy podać liczbę całkowitą od 1 do 60",
        ),
        ("--lead-days", "61", "od 1 do 60, a nie '61'"),
        ("--lead-days", "9" * 20, "od 1 do 60, a nie '9999"),
        ("--deadline-days", "15", "liczba dni przed terminem składania ofert: prosimy podać"),
        ("--deadline-days", "9" * 20, "od 1 do 14, a nie '9999"),
    ],
)
def test_days_out_of_range_name_the_one_range_of_their_kind(
    cli_env: str, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    """Blind round three, m3: a 20-digit --lead-days was refused "od 0 do 999", a 0 "od 1 do
    60": the CLI names the range the forms and the database hold (core.preferences)."""
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "add", "a@example.org", option, value)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "999" not in err.replace("9" * 20, "").replace("'9999", "")


def _added_then_left(database_url: str, email: str) -> None:
    """An address that signed up on 24 April 2024 and unsubscribed on 20 May 2024."""
    with_db = open_database(database_url)
    try:
        with with_db.session() as session:
            add_active(session, email, Preferences(frozenset({"sport"}), (7,)), SIGNED_UP)
            remove(session, email, LEFT)
    finally:
        with_db.dispose()


def test_adding_an_unsubscribed_address_says_it_is_signed_up_again(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _added_then_left(cli_env, "a@example.org")
    code, out, _ = run(capsys, "add", "a@example.org", "--topic", "seniorzy")
    assert code == 0
    assert out.startswith("Ponownie zapisano a@example.org (wypisany 20 maja 2024)")
    assert "Seniorzy" in out
    again_db = open_database(cli_env)
    try:
        with again_db.session() as session:
            stored = find_by_email(session, "a@example.org")
            assert stored is not None
            assert stored.state == "active"
            assert stored.created_at == SIGNED_UP
            assert stored.consented_at is not None
            assert stored.consented_at > LEFT
            assert stored.confirmed_at == stored.consented_at
            assert stored.unsubscribed_at is None
    finally:
        again_db.dispose()


def test_removing_an_already_unsubscribed_address_says_so_and_succeeds(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _added_then_left(cli_env, "a@example.org")
    code, out, err = run(capsys, "remove", "A@example.org")
    assert (code, err) == (0, "")
    assert out == "a@example.org był już wypisany 20 maja 2024 – nic nie zmieniono.\n"


def test_removing_an_unknown_address_points_to_the_list(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "remove", "nikt@example.org")
    assert (code, out) == (1, "")
    assert "Nie ma subskrybenta o adresie nikt@example.org." in err
    assert "notifier subscribers list" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "a@example.org", "--topic", "sport", "--schedule", "{path}"],
        ["--schedule", "{path}", "add", "a@example.org", "--topic", "sport"],
    ],
)
def test_schedule_may_be_given_before_or_after_the_action(
    clean_env: pytest.MonkeyPatch,
    database_url: str,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    clean_env.setenv("NOTIFIER_DATABASE_URL", database_url)
    clean_env.setenv("NOTIFIER_SCHEDULE", "/nonexistent/schedule.toml")
    code, out, err = run(capsys, *(a.format(path=seed_schedule_path) for a in argv))
    assert (code, err) == (0, "")
    assert "a@example.org" in out


def test_subscribers_add_takes_deadline_days(clean_env, capsys) -> None:
    assert (
        main(
            [
                "subscribers",
                "add",
                "biuro@fundacja.example.org",
                "--topic",
                "sport",
                "--deadline-days",
                "5",
            ]
        )
        == 0
    )
    assert "5 dni przed terminem składania ofert" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # argparse: the range of core.preferences.DEADLINE_DAYS
        main(["subscribers", "add", "biuro@fundacja.example.org", "--deadline-days", "15"])
    assert "od 1 do 14" in capsys.readouterr().err
