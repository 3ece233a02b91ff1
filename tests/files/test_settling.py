"""The settle rule (notifier.files.settling) and CatalogSource under it: a file written in two
steps (a valid but truncated TOML, the whole file seconds later) is never taken half-written.
The wall clock is passed in: no sleeps, no timing."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from notifier.files.settling import Sighting, observe, settled, take
from notifier.files.source import CatalogSource

SETTLE = 10.0
T0 = 1_800_000_000.0  # a wall-clock second
NS = 10**9


def test_a_change_waits_until_its_writer_has_been_quiet_for_the_interval() -> None:
    seen = observe(None, (int(T0 * NS), 100), T0)
    assert not settled(seen, T0 + 1, SETTLE)
    assert not settled(seen, T0 + 9.9, SETTLE)
    assert settled(seen, T0 + 10, SETTLE)


def test_a_file_last_written_long_ago_is_taken_at_once() -> None:
    seen = observe(None, (int((T0 - 60) * NS), 100), T0)
    assert settled(seen, T0, SETTLE)


def test_an_mtime_in_the_future_waits_the_interval_from_the_first_sighting() -> None:
    seen = observe(None, (int((T0 + 3600) * NS), 100), T0)
    assert not settled(seen, T0 + 5, SETTLE)
    assert settled(seen, T0 + SETTLE, SETTLE)


def test_a_deletion_settles_by_how_long_it_has_been_seen() -> None:
    seen = observe(None, None, T0)
    assert not settled(seen, T0 + 9, SETTLE)
    assert settled(seen, T0 + 10, SETTLE)


def test_no_interval_takes_everything_at_once() -> None:
    assert settled(observe(None, (int(T0 * NS), 1), T0), T0, 0)


def test_a_second_write_starts_the_wait_over() -> None:
    half = (int(T0 * NS), 50)
    whole = (int((T0 + 4) * NS), 100)
    taken, waiting = take({}, {"a": half}, T0 + 1, SETTLE)
    assert not taken
    taken, waiting = take(waiting, {"a": whole}, T0 + 5, SETTLE)
    assert not taken
    assert waiting["a"] == Sighting(whole, T0 + 5)
    taken, waiting = take(waiting, {"a": whole}, T0 + 14, SETTLE)
    assert taken == {"a"}
    assert waiting == {}


def test_a_file_back_as_it_was_taken_stops_waiting_and_a_written_one_is_taken() -> None:
    _, waiting = take({}, {"a": (int(T0 * NS), 5)}, T0, SETTLE)
    taken, waiting = take(waiting, {}, T0 + 1, SETTLE)
    assert (taken, waiting) == (set(), {})
    taken, _ = take({}, {"b": (int(T0 * NS), 5)}, T0, SETTLE, frozenset({"b"}))
    assert taken == {"b"}


@given(
    writes=st.lists(st.floats(min_value=0, max_value=30, allow_nan=False), min_size=1),
    scans=st.lists(st.floats(min_value=0, max_value=60, allow_nan=False), min_size=1),
)
def test_nothing_is_taken_while_writes_are_closer_than_the_interval(
    writes: list[float], scans: list[float]
) -> None:
    """Whatever the scans' times, content is taken only once SETTLE seconds passed after the
    write that made it (an mtime never in the future here)."""
    writes = sorted(writes)
    waiting: dict[str, Sighting] = {}
    for scan in sorted(scans):
        before = [w for w in writes if w <= scan]
        if not before:
            continue
        last = before[-1]
        stamp = (int((T0 + last) * NS), len(before))
        taken, waiting = take(waiting, {"a": stamp}, T0 + scan, SETTLE)
        if taken:
            assert scan - last >= SETTLE - 1e-6
            waiting = {}


class Wall:
    """A wall clock the test moves."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def write_at(path: Path, data: bytes, when: float) -> None:
    """Write `data` as a writer would at wall second `when` (its mtime)."""
    path.write_bytes(data)
    os.utime(path, ns=(int(when * NS), int(when * NS)))


def half_of(text: str, task_id: str) -> str:
    """The file cut before the task `task_id` (still valid TOML, as F19 found)."""
    at = text.index(f'id = "{task_id}"')
    return text[: text.rindex("[[departments.tasks]]", 0, at)]


def task_ids(source: CatalogSource) -> set[str]:
    return {t.id for e in source.snapshot().catalog.entries for t in e.schedule.tasks()}


def test_a_file_written_in_two_steps_is_never_served_half(schedule_file: Path) -> None:
    text = schedule_file.read_text(encoding="utf-8")
    wall = Wall(T0)
    write_at(schedule_file, text.encode(), T0 - 3600)
    source = CatalogSource(schedule_file, settle=SETTLE, wall=wall)
    whole = task_ids(source)
    last = list(source.snapshot().catalog.first.tasks())[-1].id
    write_at(schedule_file, half_of(text, last).encode(), T0)  # the first step
    for wall.now in (T0 + 1, T0 + 2, T0 + 3):
        assert task_ids(source) == whole
    edited = text.replace('city = "Leszno"', 'city = "Kalisz"')
    write_at(schedule_file, edited.encode(), T0 + 4)  # the second step, an edit too
    wall.now = T0 + 5
    assert (task_ids(source), source.snapshot().catalog.first.city) == (whole, "Leszno")
    wall.now = T0 + 14  # quiet for SETTLE seconds: the whole edit is taken
    assert (task_ids(source), source.snapshot().catalog.first.city) == (whole, "Kalisz")


def test_a_deleted_file_of_a_directory_leaves_once_settled(catalog_dir: Path) -> None:
    wall = Wall(T0)
    source = CatalogSource(catalog_dir, settle=SETTLE, wall=wall)
    before = {e.schedule.city for e in source.snapshot().catalog.entries}
    gone = catalog_dir / "zielona-gora-2025.toml"
    gone.unlink()
    wall.now = T0 + 5
    assert {e.schedule.city for e in source.snapshot().catalog.entries} == before
    wall.now = T0 + 15
    assert {e.schedule.city for e in source.snapshot().catalog.entries} == before - {"Zielona Góra"}


def test_a_file_written_by_this_process_is_taken_at_once(schedule_file: Path) -> None:
    text = schedule_file.read_text(encoding="utf-8")
    source = CatalogSource(schedule_file, settle=SETTLE, wall=Wall(T0))
    write_at(schedule_file, text.replace('city = "Leszno"', 'city = "Kalisz"').encode(), T0)
    assert source.settle().catalog.first.city == "Leszno"
    assert source.settle([schedule_file]).catalog.first.city == "Kalisz"
