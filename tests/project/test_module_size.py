"""A module per concern: no module in notifier/ grows past 400 lines (split by concern first)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "notifier"
MAX_LINES = 400


def _lines() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }


def test_no_module_is_over_400_lines() -> None:
    over = {name: n for name, n in _lines().items() if n > MAX_LINES}
    assert over == {}, f"split these by concern: {over}"
