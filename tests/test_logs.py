"""notifier logging: operator log lines speak one language: every log call's own text in notifier/ is English.

(Polish reaches the log only inside values it quotes: a report also printed by the CLI, or a
NotifierError's message shown to the user.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import notifier

LEVELS = {"debug", "info", "warning", "error", "exception", "critical"}
POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
POLISH_WORDS = {"harmonogramu", "strona", "nie", "się", "oraz", "jest", "został", "brak"}


def log_texts() -> list[tuple[str, str]]:
    """Every log call of notifier/ whose text is a literal: (where, its format string)."""
    root = Path(notifier.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in LEVELS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in {"log", "logger", "logging"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((f"{path.relative_to(root)}:{node.lineno}", node.args[0].value))
    return found


def test_every_log_call_text_is_english() -> None:
    texts = log_texts()
    assert len(texts) > 20  # the walk finds the log calls at all
    polish = [
        (where, text)
        for where, text in texts
        if POLISH & set(text) or POLISH_WORDS & set(text.lower().split())
    ]
    assert polish == []
