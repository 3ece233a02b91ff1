#!/usr/bin/env python3
"""How much of the real period corpus (tests/core/period_corpus.toml) the reader reads.

The corpus holds four sets: the earlier collection ("earlier", no `set` key), a second
collection split by document into "fit" (the reader's kinds were fixed on it) and "held-out"
(measured only). For each set this prints the share read: an entry is read when parse_period
gives its recorded reading (or, for a rule with no date, keeps it as the note); a refusal the
corpus expects (`refused = true`) is not counted as read. A reading that differs from the
recorded one is WRONG and makes the exit status 1 (tests/core/test_period_lexicon.py fails on
it too). Refusals are listed only for the sets named on the command line (default: earlier and
fit), so the held-out half can be measured without being read. "fresh" is a fourth collection,
measured on first sight and then fitted (its first figure is in the corpus's comment).

Run: .venv/bin/python scripts/period_corpus_share.py [earlier|fit|held-out|fresh ...]
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from notifier.core.periods import PeriodError, parse_period

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "core" / "period_corpus.toml"
SETS = ("earlier", "fit", "held-out", "fresh")


def outcome(entry: dict) -> tuple[str, str]:
    """("read" | "refused" | "wrong", detail) for one corpus entry."""
    try:
        period = parse_period(entry["text"], entry["default_year"], entry["as_of"])
    except PeriodError as exc:
        return "refused", f"odmowa: {exc}"
    if entry.get("refused"):
        return "wrong", f"WRONG (expected a refusal): {entry['text']!r}"
    if entry["kind"] == "UNDATED":
        ok = not period.windows and period.note == entry["text"]
        return ("read", "") if ok else ("wrong", f"WRONG: {entry['text']!r} read as dated")
    got = [(w.start, w.last_day) for w in period.windows]
    if got == [tuple(entry["reading"])] and period.kind.name == entry["kind"]:
        return "read", ""
    return "wrong", f"WRONG: {entry['text']!r} read as {period.kind.name} {got}"


def main(shown: tuple[str, ...]) -> int:
    entries = tomllib.loads(CORPUS.read_text("utf-8"))["wording"]
    wrong_total = 0
    for name in SETS:
        chosen = [e for e in entries if e.get("set", "earlier") == name]
        counts = {"read": 0, "refused": 0, "wrong": 0}
        for entry in chosen:
            result, detail = outcome(entry)
            counts[result] += 1
            if result == "wrong" or (result == "refused" and name in shown):
                print(f"  [{name}] {detail}")
        total = len(chosen) or 1
        expected = sum(1 for e in chosen if e.get("refused") and outcome(e)[0] == "refused")
        print(
            f"{name}: read {counts['read']} of {len(chosen)} real wordings "
            f"({100 * counts['read'] / total:.0f} %), wrong {counts['wrong']}; "
            f"refused as the corpus expects {expected}"
        )
        wrong_total += counts["wrong"]
    return 1 if wrong_total else 0


if __name__ == "__main__":
    sys.exit(main(tuple(sys.argv[1:]) or ("earlier", "fit")))
