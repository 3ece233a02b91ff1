"""The importer removes control characters a document carries (a Word cell's end mark, a
PDF's form feed, an escape sequence) and says so in the review (issue 25)."""

from __future__ import annotations

from pathlib import Path

from notifier.documents import import_document


def test_control_characters_in_a_document_are_removed_and_said(examples_dir: Path) -> None:
    text = (examples_dir / "harmonogram-2024-leszno.txt").read_text(encoding="utf-8")
    dirty = text.replace("rozwój sportu", "roz\x07wój\x1b[2J sportu\x7f\u202e", 1).replace(
        "\n", "\n\x0c", 3
    )
    result = import_document(dirty.encode(), "harmonogram-2024-leszno.txt")
    clean = import_document(text.encode(), "harmonogram-2024-leszno.txt")
    assert not any(c in result.toml for c in "\x07\x1b\x7f\x0c\u202e")
    assert "rozwój[2J sportu" in result.toml
    assert "usunięto znaki sterujące i niewidoczne z tekstu dokumentu (7)" in result.review
    assert "usunięto znaki sterujące" not in clean.review
