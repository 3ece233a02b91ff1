"""The message when the file the importer wrote would not pass `check` — the last guard, an
importer's bug: every problem is named by the document's place (table, row) and the task as
printed, never by a line of a TOML file the user never sees (blind 9a F2)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence

from notifier.core.importing.model import ImportedSchedule, Where
from notifier.core.importing.quoting import printed

_TASK_RE = re.compile(r"(?:\d+: )?wydział '([^']*)', zadanie '([^']*)': (.*)", re.DOTALL)
_LINE_RE = re.compile(r"\d+: ")


def unwritable(problems: Sequence[str], text: str, imported: ImportedSchedule, source: str) -> str:
    """The Polish message for `problems` of the written file `text` read from `imported`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        data = {}
    titles: dict[tuple[str, str], str] = {}
    for department in data.get("departments", []):
        for task in department.get("tasks", []) if isinstance(department, dict) else []:
            if isinstance(task, dict):
                titles[str(department.get("id")), str(task.get("id"))] = str(task.get("title"))
    places: dict[str, Where] = {}
    for task in imported.tasks():
        places.setdefault(task.title, task.where)
        places.setdefault(task.printed or task.title, task.where)
    said = []
    for problem in problems:
        found = _TASK_RE.fullmatch(problem)
        title = titles.get((found[1], found[2])) if found else None
        if found and title is not None:
            where = places.get(title, "dokument")
            said.append(f"{where}: zadanie {printed(title, 60)}: {found[3]}")
        else:
            said.append(_LINE_RE.sub("", problem, count=1))
    return (
        f"Z dokumentu {source} nie powstał harmonogram, który przechodzi kontrolę (to błąd "
        "importu: proszę go zgłosić wraz z dokumentem); pliku nie zapisano:\n"
        + "\n".join(f"  - {line}" for line in said)
    )
