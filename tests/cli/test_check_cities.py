"""The command line over a directory of harmonograms: check per file, subscribers by city."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifier.cli.main import main


def test_check_of_a_directory_reports_each_file(clean_env, catalog_dir: Path, capsys) -> None:
    broken = catalog_dir / "zepsuty.toml"
    broken.write_text('[harmonogram]\ntitle = "bez końca\n', encoding="utf-8")
    twice = catalog_dir / "kopia" / "przykladowo.toml"
    twice.parent.mkdir()
    twice.write_bytes((catalog_dir / "przykladowo-2025.toml").read_bytes())
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 1
    out = capsys.readouterr().out
    assert f"{catalog_dir / 'leszno' / '2025.toml'}" in out
    assert f"{broken}: 1 błąd:" in out
    assert f"  {broken}: błąd składni TOML w wierszu 2" in out
    assert "miasto 'przykladowo' i rok 2025 są już w pliku" in out
    assert out.rstrip().endswith("Razem: 6 plików, poprawnych 4 (3 miasta), z błędami 2.")


def test_check_of_a_good_directory_exits_0(clean_env, catalog_dir: Path, capsys) -> None:
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 0
    assert "Razem: 4 pliki, poprawnych 4 (3 miasta), z błędami 0." in capsys.readouterr().out


def test_subscribers_add_with_cities(clean_env, catalog_dir: Path, tmp_path: Path, capsys) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE", str(catalog_dir))
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{tmp_path / 's.db'}")
    args = ["subscribers", "add", "klub@example.org", "--city", "przykladowo", "--topic", "sport"]
    assert main(args) == 0
    assert "miasto: Przykładowo; Sport i kultura fizyczna;" in capsys.readouterr().out
    assert main(["subscribers", "add", "a@example.org", "--city", "krakow"]) == 1
    err = capsys.readouterr().err
    assert "Miasta „krakow” nie ma w serwisie." in err
    assert "Identyfikatory dla --city: leszno, przykladowo, zielona-gora" in err
    assert main(["subscribers", "add", "b@example.org", "--topic", "sport"]) == 0
    capsys.readouterr()
    assert main(["subscribers", "list"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["e-mail", "stan", "miasta"]
    assert table[2].split()[:3] == ["b@example.org", "aktywny", "wszystkie"]
    assert table[3].split()[:3] == ["klub@example.org", "aktywny", "przykladowo"]


def test_single_harmonogram_commands_name_a_file_to_give_for_a_directory(
    clean_env, catalog_dir: Path, tmp_path: Path, capsys
) -> None:
    """`feed`, `export` and `announce` work on one harmonogram: given a directory, each says so
    and how, in the same words, and writes nothing."""
    out = tmp_path / "feed.ics"
    files = {p: p.read_bytes() for p in catalog_dir.rglob("*.toml")}
    announce = ["announce", "sport/szkolenie", "--published", "2025-03-01"]
    announce += ["--deadline", "2025-03-20", "--url", "https://bip.example.org/o-1"]
    for args in (["feed", "--out", str(out)], ["export", "--format", "json"], announce):
        assert main([*args, "--schedule", str(catalog_dir)]) == 1
        error = capsys.readouterr().err
        assert f"{catalog_dir} to katalog, a to polecenie działa na jednym harmonogramie" in error
        assert "prosimy podać plik" in error
    assert not out.exists()
    assert {p: p.read_bytes() for p in catalog_dir.rglob("*.toml")} == files


def test_check_of_a_directory_points_a_past_year_to_the_citys_newer_file(
    clean_env, catalog_dir: Path, capsys
) -> None:
    """Leszno 2024 is over, but leszno/2025.toml is right there: no "prepare next year's file"."""
    (catalog_dir / "leszno" / "2024.toml").write_bytes(
        (Path(__file__).parents[2] / "schedule.toml").read_bytes()
    )
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    report = out.split(f"{catalog_dir / 'leszno' / '2024.toml'}: poprawny", 1)[1].split("\n\n")[0]
    assert "Aktualny jest „" in report
    assert f"{catalog_dir / 'leszno' / '2025.toml'}" in report
    assert "proszę przygotować plik harmonogramu na 2025 rok" not in report


ONE_FILE = {"feed", "export", "announce"}  # the commands that refuse a directory (above)


def _commands() -> list[list[str]]:
    """Every command and subcommand of the parser, e.g. ["subscribers", "add"]."""
    from notifier.cli.main import HANDLERS

    return [name.split() for name in HANDLERS]


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_help_says_what_schedule_takes(capsys, command: list[str]) -> None:
    """--schedule's help tells the truth: one file for the one-harmonogram commands, a file
    or a directory for the rest."""
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    if command[0] in ONE_FILE:
        assert "--schedule PLIK plik harmonogramu, jeden (nie katalog)" in text
        assert "katalog plików" not in text
    else:
        assert "--schedule ŚCIEŻKA plik harmonogramu albo katalog plików *.toml" in text
    if command == ["check"]:  # its own summary too, not only the option
        assert "sprawdza plik harmonogramu albo katalog plików" in text


@pytest.mark.anyio
async def test_ids_of_every_kind_fit_their_links_or_check_refuses_them(
    clean_env, catalog_dir: Path, catalog_client, capsys
) -> None:
    """blind4 G12: a city, department or topic id over 200 characters passed `check` and every
    link made of it answered 400. One rule (core.input_rules.ID_MAX, made to fit the routes'
    200): an id of that length is served everywhere; one character more is refused by check."""
    from notifier.core.input_rules import ID_MAX

    path = catalog_dir / "przykladowo-2025.toml"
    text = path.read_text(encoding="utf-8")

    def ids(n: int) -> tuple[str, str, str]:
        return "p" * n, "k" * n, "s" * n

    def write(city: str, dept: str, topic: str) -> None:
        changed = text.replace('city = "Przykładowo"', f'city = "Przykładowo"\ncity_id = "{city}"')
        changed = changed.replace('id = "sport"', f'id = "{dept}"')
        changed = changed.replace('sport = "Sport"', f'{topic} = "Sport"')
        path.write_text(changed.replace('["sport"]', f'["{topic}"]'), encoding="utf-8")

    write(*ids(ID_MAX))
    assert main(["check", str(path), "--as-of", "2025-03-01"]) == 0
    city, dept, topic = ids(ID_MAX)
    for url in (
        f"/{city}/",
        f"/{city}/calendar.ics",
        f"/calendar.ics?city={city}",
        f"/{city}/departments/{dept}.ics",
        f"/{city}/topics/{topic}.ics",
        f"/api/tasks?city={city}&department={dept}&topic={topic}",
    ):
        answer = await catalog_client.get(url)
        assert answer.status_code == 200, url
    capsys.readouterr()
    for n, field in ((ID_MAX + 1, "city_id"), (240, "id"), (240, "temat")):
        write(*(("p" * n if field == "city_id" else city),
                ("k" * n if field == "id" else dept),
                ("s" * n if field == "temat" else topic)))  # fmt: skip
        assert main(["check", str(path), "--as-of", "2025-03-01"]) == 1
        printed = capsys.readouterr()
        out = printed.out + printed.err
        assert f"ma {n} znaków – najwyżej {ID_MAX}" in out, out
    path.write_text(text.replace('city = "Przykładowo"', f'city = "{"Wola" * 60}"'), "utf-8")
    assert main(["check", str(path), "--as-of", "2025-03-01"]) == 1
    printed = capsys.readouterr()
    assert "identyfikator miasta" in printed.out + printed.err


def test_hidden_files_and_an_editors_lock_are_not_harmonograms(
    clean_env, catalog_dir: Path, capsys
) -> None:
    """blind4 n8: Emacs's lock `.#x.toml` (a link to nothing, there while someone edits) was a
    broken harmonogram in check and /healthz; a hidden `.ukryta-2029.toml` was served. Names
    starting with "." (files and folders) are skipped."""
    (catalog_dir / ".#przykladowo-2025.toml").symlink_to("anna@host.12345:1700000000")
    hidden = catalog_dir / ".ukryta-2029.toml"
    hidden.write_bytes((catalog_dir / "przykladowo-2025.toml").read_bytes())
    (catalog_dir / ".git").mkdir()
    (catalog_dir / ".git" / "x.toml").write_text("zepsuty = [", encoding="utf-8")
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    assert "Razem: 4 pliki, poprawnych 4 (3 miasta), z błędami 0." in out
    assert ".ukryta" not in out


def test_check_of_a_directory_names_the_department_addresses_two_cities_silence(
    clean_env, catalog_dir: Path, capsys
) -> None:
    """Blind round 11, M17: a second city whose file reuses a department id turns the
    cross-city /departments/ID.ics and .atom into a 404 "jest w kilku miastach"; check said
    nothing. Przykładowo and Zielona Góra both have "kultura", "sport" and "srodowisko"."""
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 0  # a warning
    out = capsys.readouterr().out
    [warning] = [line for line in out.splitlines() if "adresy wydziałów" in line]
    assert warning.startswith("uwaga: adresy wydziałów wspólne dla miast nie odpowiadają (404)")
    for department in ("kultura", "sport", "srodowisko"):
        assert f"/departments/{department}.ics i .atom (przykladowo, zielona-gora)" in warning
    assert "/departments/mopr.ics" not in warning  # Leszno's alone: it answers
    assert "/{miasto}/departments/{id}.ics" in warning
