"""The table of known differences names tests that exist, so no line of it goes stale."""

from __future__ import annotations

from pathlib import Path

from contract_shapes import SHAPES
from known_differences import KNOWN_DIFFERENCES


def test_every_known_difference_names_a_contract_test_and_a_shape() -> None:
    here = Path(__file__).parent
    defined = {
        line.split("def ", 1)[1].split("(", 1)[0]
        for path in here.glob("test_contract_*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(("def test_", "async def test_"))
    }
    assert {name for name, _ in KNOWN_DIFFERENCES} <= defined
    assert {shape for _, shape in KNOWN_DIFFERENCES} <= set(SHAPES)
