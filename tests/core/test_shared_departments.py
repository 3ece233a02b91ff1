"""Cross-city department addresses and what silences them (blind round 11, M17): adding
Rydzyna, whose file reuses Leszno's department id `mopr`, turned the working
/departments/mopr.ics (and .atom) into a 404 "jest w kilku miastach", with no word to the
operator. `notifier check` of a directory names such addresses, and the office's import
draft the ones its year would silence."""

from __future__ import annotations

from pathlib import Path

from notifier.core.catalog import Entry
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.core.shared_departments import (
    answering_departments,
    shared_department_notes,
    silenced_departments,
)


def _city(seed: Path, name: str, year: int = 2024) -> Schedule:
    text = seed.read_text(encoding="utf-8").replace('city = "Leszno"', f'city = "{name}"')
    return parse_schedule(text.replace("year = 2024", f"year = {year}", 1))


def _entries(*schedules: Schedule) -> list[Entry]:
    return [Entry(s, "", f"{s.city_id}/{s.year}.toml") for s in schedules]


def test_a_second_city_reusing_a_department_id_silences_its_address(
    seed_schedule_path: Path,
) -> None:
    leszno, rydzyna = _city(seed_schedule_path, "Leszno"), _city(seed_schedule_path, "Rydzyna")
    alone = _entries(leszno)
    assert "mopr" in answering_departments(alone)
    warnings = silenced_departments(alone, rydzyna)
    assert len(warnings) == len(leszno.departments)  # every id of the copy is Leszno's
    [mopr] = [w for w in warnings if "„mopr”" in w]
    assert "przestaną odpowiadać adresy /departments/mopr.ics i /departments/mopr.atom" in mopr
    assert "będzie w kilku miastach: leszno, rydzyna" in mopr
    both = _entries(leszno, rydzyna)
    assert answering_departments(both) == set()
    [note] = shared_department_notes(both)
    assert "/departments/mopr.ics i .atom (leszno, rydzyna)" in note
    assert "nie odpowiadają (404)" in note


def test_a_citys_next_year_or_a_city_of_its_own_departments_silences_nothing(
    seed_schedule_path: Path, examples_dir: Path
) -> None:
    leszno = _city(seed_schedule_path, "Leszno")
    assert silenced_departments(_entries(leszno), _city(seed_schedule_path, "Leszno", 2025)) == []
    other = parse_schedule((examples_dir / "przykladowo-2025.toml").read_text(encoding="utf-8"))
    assert silenced_departments(_entries(leszno), other) == []
    assert shared_department_notes(_entries(leszno, other)) == []
    # a year already served, saved again, is compared without its old self
    assert silenced_departments(_entries(leszno, other), leszno) == []
