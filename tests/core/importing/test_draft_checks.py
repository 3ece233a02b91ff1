"""The office draft's re-check shows, on each row, what `notifier check` warns of in the file
the draft saves: one code path (notifier.core.schedule_lint.period_warnings), so "Wszystkie
terminy odczytano" never stands above a file `check` warns of (blind11 M14)."""

from __future__ import annotations

from datetime import date

from notifier.core.importing.draft import DraftRow, imported_from_rows, row_problems
from notifier.core.importing.review import build_import
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule

YEAR, AS_OF = 2027, date(2026, 11, 30)
ROWS = [
    DraftRow(
        "Wydział Zdrowia", "Profilaktyka HIV", "na początku marca", window="1–10 października 2026"
    ),
    DraftRow("Wydział Zdrowia", "Plener malarski", "46100"),
    DraftRow("Wydział Zdrowia", "Ratownictwo wodne", "od marca 2027 r."),
    DraftRow("Wydział Zdrowia", "Noclegownia", "do 15 listopada 2026"),
    DraftRow("Wydział Zdrowia", "Klub seniora", "Maj 2027", remark="art. 19a – małe granty"),
    DraftRow("Wydział Zdrowia", "Zdrowie psychiczne", "Jan Kowalski"),
    DraftRow("Wydział Zdrowia", "Opieka wytchnieniowa", "Maj 2028"),
    DraftRow("Wydział Zdrowia", "Festiwal", "Maj 2027"),
]


def test_each_rows_mark_holds_what_check_warns_of_its_task_in_the_saved_file() -> None:
    imported = imported_from_rows(ROWS, title="Harmonogram 2027", year=YEAR, as_of=AS_OF)
    result = build_import(imported, source="d.pdf", city="Leszno", year=YEAR, as_of=AS_OF)
    schedule = parse_schedule(result.toml)
    warnings = schedule_warnings(schedule)
    problems = row_problems(ROWS, YEAR, AS_OF)
    for task, problem in zip(schedule.tasks(), problems, strict=True):
        said = [w.removeprefix(f"{task.key}: ") for w in warnings if w.startswith(f"{task.key}: ")]
        assert all(w in problem for w in said), (task.key, said, problem)
        assert bool(said) == bool(problem), (task.key, said, problem)
    assert "wypada poza tym" in problems[0]
    assert problems[-1] == ""
