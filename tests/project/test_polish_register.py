"""Every Polish text we ship addresses people formally ("Państwo"), wherever it is written."""

from __future__ import annotations

import ast
from pathlib import Path

from polish_checks import informal_words

REPO = Path(__file__).resolve().parents[2]


def _python_texts(path: Path) -> list[str]:
    """The string literals of a module, docstrings (English, for developers) left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_informal_word_in_any_message_template_or_help_text() -> None:
    found = []
    for path in sorted((REPO / "notifier").rglob("*.py")):
        for text in _python_texts(path):
            found += [(path.relative_to(REPO), word, text) for word in informal_words(text)]
    for path in sorted((REPO / "templates").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            found += [(path.relative_to(REPO), word, "") for word in informal_words(text)]
    assert found == []
