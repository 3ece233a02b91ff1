"""Small TOML schedules for tests: the [harmonogram]/[office]/[topics] header written once.

    schedule_toml(
        department_toml("sport", "Wydział Sportu", task_toml("zawody", "zawody", "Maj 2024")),
        topics={"sport": "Sport"},
    )

Strings are written as TOML basic strings, so titles and names may hold quotes or markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path


def _str(value: str) -> str:
    """A TOML basic string (JSON's quoting is valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def task_toml(id: str, title: str, period: str, topics: Sequence[str] = ("sport",)) -> str:
    """One [[departments.tasks]] entry."""
    return (
        "\n  [[departments.tasks]]\n"
        f"  id = {_str(id)}\n"
        f"  title = {_str(title)}\n"
        f"  period = {_str(period)}\n"
        f"  topics = [{', '.join(_str(t) for t in topics)}]\n"
    )


def department_toml(id: str, name: str, *tasks: str) -> str:
    """One [[departments]] entry with its tasks (from task_toml())."""
    return f"\n[[departments]]\nid = {_str(id)}\nname = {_str(name)}\n" + "".join(tasks)


def schedule_toml(
    *departments: str,
    topics: Mapping[str, str] | None = None,
    year: int = 2024,
    city: str = "Leszno",
    title: str | None = None,
    office: str = "Biuro",
) -> str:
    """A whole schedule: the header for `year` and `city`, then the departments (from department_toml())."""
    if title is None:
        title = f"Harmonogram ogłaszania otwartych konkursów ofert w {year} roku"
    if topics is None:
        topics = {"sport": "Sport"}
    header = (
        "[harmonogram]\n"
        f"title = {_str(title)}\n"
        f"city = {_str(city)}\n"
        f"year = {year}\n"
        f"as_of = {year}-01-02\n"
        "\n"
        "[office]\n"
        f"name = {_str(office)}\n"
        'email = "biuro@example.org"\n'
        "\n"
        "[topics]\n"
    )
    topic_lines = "".join(f"{key} = {_str(label)}\n" for key, label in topics.items())
    return header + topic_lines + "".join(departments)


# --- recorded calls ([[calls]]) in the shipped Leszno 2024 schedule ---------------------------

SPORT = "kultura-sport/rozwoj-sportu"
SENIORS = "mopr/wsparcie-seniorow"

# The call while it accepts offers (May 2024), and with its results (recorded from 20 June on).
SPORT_CALL_OPEN = f"""
[[calls]]
tasks = ["{SPORT}"]
published = 2024-05-06
url = "https://bip.example.org/ogloszenie-123"
deadline = 2024-05-28T15:30:00
amount = 150000
title = "Otwarty konkurs ofert – sport 2024"
"""
SPORT_CALL = f"""{SPORT_CALL_OPEN}
  [calls.results]
  date = 2024-06-20
  url = "https://bip.example.org/wyniki-123"
"""


def with_calls(seed: Path, *blocks: str) -> str:
    """The schedule file `seed` with the [[calls]] `blocks` appended."""
    return seed.read_text(encoding="utf-8") + "".join(blocks)
