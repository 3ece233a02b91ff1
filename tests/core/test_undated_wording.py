"""An undated period must be an undated wording (or carry a `window`): a name or other words
in the period column leave a task out of every calendar, so `check`, the office's draft and the
importer all say so — one core rule (notifier.core.undated_wording)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from schedule_text import department_toml, schedule_toml

from notifier.core.importing.draft import DraftRow, row_problems
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.review import build_import
from notifier.core.importing.table_cells import Cell
from notifier.core.importing.table_reader import read_tables
from notifier.core.periods import UndatedPeriod, parse_period
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule
from notifier.core.undated_wording import undated_wording_problem

ROOT = Path(__file__).parents[2]
CORPUS = tomllib.loads((ROOT / "tests" / "core" / "period_corpus.toml").read_text("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "Tryb ustawy o zatrudnieniu socjalnym",
        "Tryb ustawy o pomocy społecznej",
        "w trybie art. 19a",
        "do wyczerpania środków",
        "w zależności od decyzji Ministerstwa",
        "po uchwaleniu budżetu",
        "Zakup usługi",  # Łódź 2022
        "Zadanie wieloletnie (w trakcie realizacji)",  # Łódź 2022
        "nie dotyczy",
        "n/d",
        "konkurs nie jest planowany",
        "§ 5 regulaminu",
        "-",
        "",
    ],
)
def test_undated_wordings_cities_print_are_recognised(text: str) -> None:
    assert undated_wording_problem(text) is None


def test_every_undated_wording_of_the_corpus_is_recognised() -> None:
    undated = [w["text"] for w in CORPUS["wording"] if w.get("kind") == "UNDATED"]
    assert undated
    assert [t for t in undated if undated_wording_problem(t)] == []


@pytest.mark.parametrize("text", ["Jan Kowalski", "Wydział Kultury", "Kultura fizyczna", "Artur"])
def test_names_and_other_words_are_no_period(text: str) -> None:
    problem = undated_wording_problem(text)
    assert problem is not None
    assert problem.startswith(f"nie wygląda na termin: „{text}” — ")


def _task(period: str, window: str = "") -> str:
    extra = f'  window = "{window}"\n' if window else ""
    return (
        '\n  [[departments.tasks]]\n  id = "zawody"\n  title = "zawody"\n'
        f'  period = "{period}"\n{extra}  topics = ["sport"]\n'
    )


def test_check_warns_of_a_name_for_a_period_unless_a_window_gives_the_days() -> None:
    named = parse_schedule(schedule_toml(department_toml("sport", "Sport", _task("Jan Kowalski"))))
    (warning,) = schedule_warnings(named)
    assert warning.startswith("sport/zawody: nie wygląda na termin: „Jan Kowalski” — ")
    assert "nie trafi do kalendarza" in warning
    with_window = _task("Jan Kowalski", "1–10 marca 2024")
    windowed = parse_schedule(schedule_toml(department_toml("s", "S", with_window)))
    assert not schedule_warnings(windowed)
    assert not schedule_warnings(
        parse_schedule(schedule_toml(department_toml("s", "S", _task("po uchwaleniu budżetu"))))
    )


def test_the_shipped_files_get_no_such_warning() -> None:
    files = [ROOT / "schedule.toml", *sorted((ROOT / "tests" / "examples").glob("*.toml"))]
    for path in files:
        warnings = schedule_warnings(parse_schedule(path.read_text("utf-8")))
        assert not [w for w in warnings if "nie wygląda na termin" in w], path


def test_the_office_draft_marks_the_row() -> None:
    rows = [DraftRow("Wydział", "zawody", "Jan Kowalski"), DraftRow("Wydział", "bieg", "Maj 2024")]
    problems = row_problems(rows, 2024, None)
    assert problems[0].startswith("nie wygląda na termin: „Jan Kowalski”")
    assert problems[1] == ""


def _table(periods: list[str]) -> list[list[Cell | None]]:
    rows = [["Zadanie", "Termin ogłoszenia"], *([f"zadanie {i}", p] for i, p in enumerate(periods))]
    return [[Cell(t, Where(1, i, "tabela")) for t in r] for i, r in enumerate(rows, start=1)]


def test_a_table_whose_period_column_holds_names_is_no_harmonogram() -> None:
    names = _table(["Jan Kowalski", "Anna Nowak", "Maj 2024"])
    imported = read_tables([names, _table(["Maj 2024", "Czerwiec 2024"])], "Harmonogram 2024")
    assert len(imported.tasks()) == 2  # the second table only
    assert any("„Jan Kowalski”" in n and "pominięto tabelę" in n for n in imported.notes)
    with pytest.raises(DocumentError) as refused:
        build_import(
            read_tables([names], "2024 r."), source="x.docx", city="L", year=None, as_of=None
        )
    assert "zamiast terminów ogłoszenia są inne słowa, np. „Jan Kowalski”" in str(refused.value)


def test_one_odd_cell_among_periods_is_a_warning_and_a_comment() -> None:
    table = _table(["Jan Kowalski", "Maj 2024", "Czerwiec 2024"])
    result = build_import(
        read_tables([table], "Harmonogram 2024"), source="x.docx", city="L", year=None, as_of=None
    )
    assert "zadanie „zadanie 0”: nie wygląda na termin: „Jan Kowalski”" in result.review
    assert "proszę sprawdzić: to nie wygląda na termin" in result.toml
    period = parse_period("Jan Kowalski", 2024)
    assert isinstance(period, UndatedPeriod)
