#!/usr/bin/env python3
"""Write the README's table of period forms from the reader's own examples
(notifier.core.period_examples), between its markers. Run after changing the examples:
    .venv/bin/python scripts/period_forms.py
tests/core/test_period_examples.py fails while the README and the examples differ.
"""

from __future__ import annotations

from pathlib import Path

from notifier.core.period_examples import END, START, forms_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    text = README.read_text("utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + forms_markdown() + tail, "utf-8")


if __name__ == "__main__":
    main()
