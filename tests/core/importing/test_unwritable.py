"""The importer's last guard (notifier.core.importing.unwritable): a written file check would
refuse is named by the document's places, never by the TOML's lines."""

from __future__ import annotations

from notifier.core.importing.model import (
    ImportedDepartment,
    ImportedSchedule,
    ImportedTask,
    Where,
)
from notifier.core.importing.unwritable import unwritable

TOML = """
[[departments]]
id = "wydzial-kultury"
name = "Wydział Kultury"

[[departments.tasks]]
id = "wystawa"
title = "wystawa"
period = "do 28 marca 2027 r. godz. 2:30"
"""


def test_a_problem_of_a_task_names_its_table_row_and_title_not_the_toml_line() -> None:
    task = ImportedTask("wystawa", Where(1, 5, "tabela"), period="do 28 marca 2027 r. godz. 2:30")
    department = ImportedDepartment("Wydział Kultury", "Wydział Kultury", Where(1, 2), tasks=[task])
    imported = ImportedSchedule("Harmonogram", 2027, None, [department])
    problems = [
        "47: wydział 'wydzial-kultury', zadanie 'wystawa': okres: godzina 02:30 nie istnieje",
        "3: city: brak pola",
    ]
    message = unwritable(problems, TOML, imported, "terminy.html")
    assert "  - tabela 1, wiersz 5: zadanie „wystawa”: okres: godzina 02:30 nie istnieje" in message
    assert "  - city: brak pola" in message
    assert "47" not in message
    assert "3: city" not in message
    assert message.startswith("Z dokumentu terminy.html nie powstał harmonogram")
