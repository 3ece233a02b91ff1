"""Where a task's keys stand in the file, so a problem can name its line ("plik.toml:96: …").

tomllib gives values, not places; `task_key_lines(text)` reads the lines once more and finds,
for tasks written as `[[departments.tasks]]` tables (the layout the README shows and `notifier
import` writes), the line of each key. A task written another way (inline tables) has no
entry, and its problems simply name no line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\s-]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

TaskLines = dict[tuple[int, int, str], int]


def task_key_lines(text: str) -> TaskLines:
    """(department's position, task's position within it, key) -> 1-based line number.

    Positions count from 1 in file order, as the reader's messages do; the key "" is the
    line of the task's `[[departments.tasks]]` header.
    """
    out: TaskLines = {}
    department = task = 0
    in_task = False
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = "".join(header.group(2).split())
            array = header.group(1) == "[["
            if array and name == "departments":
                department, task, in_task = department + 1, 0, False
            elif array and name == "departments.tasks":
                task, in_task = task + 1, True
                out[(department, task, "")] = number
            else:
                in_task = False  # another table, or a sub-table of the task ("contact")
            continue
        key = _KEY.match(line)
        if in_task and key:
            out.setdefault((department, task, key.group(1)), number)
    return out


def located(source: str, problem: str) -> str:
    """One problem as a line of output: "plik.toml:96: …" when it names its line, else
    "plik.toml: …"."""
    if re.match(r"\d+: ", problem):
        return f"{source}:{problem}"
    return f"{source}: {problem}"
