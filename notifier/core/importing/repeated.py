"""One department printed in two places of a document is one department.

A harmonogram may print a department's heading again further down, after other departments
(a second group of its tasks, an annex continued on another page): read as printed it would
be two departments (`mops`, `mops-2`), so a subscriber to the department would get half its
tasks. Whatever reader read the document (or the office's draft rows), departments whose names
are the same — case, diacritics and whitespace aside — become one, with the tasks of every
group in print order, and the review says where. Only the same name merges: names that differ
in any word stay apart (notifier.core.importing.carry_over matches misprints across years,
where a wrong merge can be undone by a person, not within one document).
"""

from __future__ import annotations

from dataclasses import replace

from notifier.core.importing.model import ImportedDepartment, ImportedSchedule
from notifier.core.importing.quoting import printed
from notifier.core.polish import plural
from notifier.core.schedule import ascii_slug


def _key(department: ImportedDepartment) -> str:
    return ascii_slug(department.name) or ascii_slug(department.printed)


def merge_repeated(imported: ImportedSchedule) -> ImportedSchedule:
    """`imported` with departments of the same name joined into the first (tasks in print
    order, the first scope kept); a note per repeat. The input is not changed."""
    first: dict[str, ImportedDepartment] = {}
    departments: list[ImportedDepartment] = []
    notes = list(imported.notes)
    for department in imported.departments:
        key = _key(department)
        if key not in first:
            first[key] = replace(department, tasks=list(department.tasks))
            departments.append(first[key])
            continue
        into = first[key]
        into.tasks.extend(department.tasks)
        scope = ""
        if department.scope and department.scope != into.scope:
            if into.scope:
                scope = f"; jej drugi opis zakresu pominięto: {printed(department.scope, 60)}"
            else:
                into.scope = department.scope
        count = len(department.tasks)
        notes.append(
            f"{department.where}: komórka {printed(department.name)} wydrukowana drugi raz (pierwszy: "
            f"{into.where}): to jedna komórka — jej {count} "
            f"{plural(count, 'zadanie', 'zadania', 'zadań')} dołączono do zadań z pierwszego "
            f"miejsca, w kolejności druku{scope}"
        )
    if len(departments) == len(imported.departments):
        return imported
    return replace(imported, departments=departments, notes=notes)
