"""How `check` names what it refuses (blind10a M1, M2, M17): a value in TOML's spelling, a
number as a number, and the count of a file's problems as found, the first ones listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notifier.cli.main import main


def _check(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "miasto-2024.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), "--as-of", "2024-03-01"]) == 1
    out, err = capsys.readouterr()
    return out + err


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("true", "(jest true)"),
        ("false", "(jest false)"),
        ("inf", "(jest inf)"),
        ("-inf", "(jest -inf)"),
        ("nan", "(jest nan)"),
        ("2024.5", "(jest 2024.5)"),
        ("[2024, true]", "(jest [2024, true])"),
        ('{ rok = 2024, "a b" = [false] }', "(jest { rok = 2024, 'a b' = [false] })"),
        ("'2024'", "(jest '2024')"),
    ],
)
def test_a_value_is_named_as_the_file_spells_it(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    value: str,
    shown: str,
) -> None:
    """M1: `year = true` was "(jest True)", Python's spelling; every kind of TOML value is
    named as TOML writes it, in the year, the as_of date and a task's field alike."""
    seed = seed_schedule_path.read_text(encoding="utf-8")
    said = _check(tmp_path, seed.replace("year = 2024", f"year = {value}", 1), capsys)
    assert shown in said
    if value not in ("'2024'",):
        as_of = seed.replace("as_of = 2024-01-10", f"as_of = {value}", 1)
        assert shown in _check(tmp_path, as_of, capsys)
    for python in ("True", "False", "{'"):
        assert python not in said


@pytest.mark.parametrize(
    ("period", "number"),
    [
        ("Maj 99999999999999999999", '"999999999999…"'),
        ("Maj 123", '"123"'),
        ("Maj 20245", '"20245"'),
        ("5 100 2024", '"100"'),
    ],
)
def test_a_number_in_a_period_is_called_a_number_with_the_ranges_it_could_be_in(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    period: str,
    number: str,
) -> None:
    """M2: "Maj 99999999999999999999" was 'nieznany znak "99999999999999999999"'."""
    seed = seed_schedule_path.read_text(encoding="utf-8")
    said = _check(tmp_path, seed.replace('period = "Maj 2024"', f'period = "{period}"', 1), capsys)
    assert f"liczba {number} nie jest ani dniem (1–31), ani rokiem (1900–2199)" in said
    assert "nieznany znak" not in said


def _many_bad(seed: str, count: int, late_kind_first: int) -> str:
    """The seed's head with one department of `count` tasks, each with a bad period; the
    first `late_kind_first` of a kind found by a later check (a reversed range)."""
    head = seed.split("[[departments]]")[0]
    tasks = ['[[departments]]\nid = "d"\nname = "Wydział"\n']
    for n in range(count):
        period = "Czerwiec–Maj 2024" if n < late_kind_first else "Maj 2024 xyzzy"
        tasks.append(
            f'[[departments.tasks]]\n  id = "t{n}"\n  title = "Zadanie {n}"\n'
            f'  period = "{period}"\n  topics = ["sport"]\n'
        )
    return head + "".join(tasks)


@pytest.mark.parametrize("where", ["file", "directory"])
def test_a_file_of_3000_bad_periods_says_3000_and_lists_its_first_problems(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    """M17: "zawiera 51 błędów" (the listing's cap, counted again) for 3000, and the listing
    started at task t1000. The count is the file's, the 50 listed are its first 50 lines'."""
    seed = seed_schedule_path.read_text(encoding="utf-8")
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    bad = folder / "zle-2024.toml"
    bad.write_text(_many_bad(seed, 3000, 1000), encoding="utf-8")
    if where == "directory":
        (folder / "leszno-2024.toml").write_text(seed, encoding="utf-8")
    assert main(["check", str(bad if where == "file" else folder), "--as-of", "2024-03-01"]) == 1
    out, err = capsys.readouterr()
    said = out + err
    assert re.search(r"(zawiera )?3000 błędów:", said), said[:300]
    assert "… i jeszcze 2950 błędów" in said
    listed = re.findall(r"zle-2024\.toml:(\d+): wydział 'd', zadanie 't(\d+)'", said)
    assert [int(task) for _line, task in listed] == list(range(50))
    lines = [int(line) for line, _task in listed]
    assert lines == sorted(lines)
    assert "51 błędów" not in said
