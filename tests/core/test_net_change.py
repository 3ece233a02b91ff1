"""The net change rule (notifier.core.window_changes.net_change): subscribers hear of the
difference between what they were last told and what the file says now, not of each step."""

from __future__ import annotations

from datetime import date

from notifier.core.spans import Span
from notifier.core.window_changes import TaskWindows, net_change


def seen(period: str, *months: int) -> TaskWindows:
    windows = tuple(Span(date(2024, m, 1), date(2024, m + 1, 1)) for m in months)
    return TaskWindows("mopr/seniorzy", "Seniorzy", ("seniorzy",), period, windows)


JUNE = seen("Czerwiec 2024", 6)


def test_removed_and_back_with_the_same_windows_is_nothing_to_tell() -> None:
    assert net_change(JUNE, JUNE) is None
    assert net_change(JUNE, seen("06.2024", 6)) is None  # reworded, the same window


def test_gone_is_told_as_gone() -> None:
    assert net_change(JUNE, None) == (JUNE, None)


def test_moved_and_moved_again_is_one_change_from_the_window_told() -> None:
    august = seen("Sierpień 2024", 8)
    assert net_change(JUNE, august) == (JUNE, august)


def test_removed_then_back_elsewhere_is_a_move() -> None:
    assert net_change(JUNE, seen("Czerwiec/Lipiec 2024", 6, 7)) == (
        JUNE,
        seen("Czerwiec/Lipiec 2024", 6, 7),
    )
