#!/usr/bin/env python3
"""How much of the real period corpus (tests/core/period_corpus.toml) the reader reads.

Prints one line per entry the reader refuses, then the share read: an entry is read when
parse_period gives its recorded reading (or, for a rule with no date, keeps it as the note).
A reading that differs from the recorded one is counted as WRONG and makes the exit status 1
(tests/core/test_period_lexicon.py fails on it too). Run: .venv/bin/python scripts/period_corpus_share.py
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from notifier.core.periods import PeriodError, parse_period

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "core" / "period_corpus.toml"


def main() -> int:
    entries = tomllib.loads(CORPUS.read_text("utf-8"))["wording"]
    read = wrong = 0
    for entry in entries:
        try:
            period = parse_period(entry["text"], entry["default_year"], entry["as_of"])
        except PeriodError as exc:
            print(f"odmowa: {exc}")
            continue
        if entry.get("refused"):
            wrong += 1
            print(f"WRONG (expected a refusal): {entry['text']!r}")
            continue
        got = [(w.start, w.last_day) for w in period.windows]
        expected = [tuple(entry["reading"])] if "reading" in entry else []
        if got == expected and period.kind.name == entry["kind"]:
            read += 1
        else:
            wrong += 1
            print(f"WRONG: {entry['text']!r} read as {period.kind.name} {got}")
    total = len(entries)
    print(f"read {read} of {total} real wordings ({100 * read / total:.0f} %), wrong {wrong}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
