"""`notifier subscribers add/list/remove`: the office's commands, Polish output, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifier.cli import main


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
        "fizyczna; przypomnienie 3 i 14 dni przed ogłoszeniem.\n"
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
        (["add", "a@example.org", "--topic", "pilka"], "Nieznany temat: pilka. Dostępne tematy:"),
        (["add", "a@example.org", "--lead-days", "0"], "od 1 do 60"),
        (["add", "a@example.org", "--lead-days", "61"], "od 1 do 60"),
        (["add", "nie-adres"], "nie jest poprawnym adresem e-mail"),
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
