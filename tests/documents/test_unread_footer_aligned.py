"""A "stan na dzień" footer whose date does not read, under a table whose columns are only
aligned text — the PDF itself and its `pdftotext -layout` text — is taken off the last task
and said found and unread, as the other readers say it (notifier.core.importing.document_dates
.as_of_footer); before, it was glued onto the last title ("… ochrony ludności stan na dzień
31.11.2024 r."). Each document is the Leszno source printed with its footer changed, by the
fixtures' generator (scripts/import_variants.py), in a temporary directory."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from variant_printing import import_variants

from notifier.documents import import_document

UNREAD = [
    "stan na dzień 31.11.2024 r.",  # no such day
    "Stan na dzień ……………… r.",  # left to fill in
    "wg stanu na 10 stycznai 2024 r.",  # a misprinted month
]


@pytest.mark.parametrize("footer", UNREAD)
@pytest.mark.parametrize("kind", ["pdf", "layout"])
def test_an_unread_footer_under_an_aligned_table_is_no_tasks_words(
    kind: str, footer: str, tmp_path: Path
) -> None:
    spec = copy.deepcopy(import_variants.source("leszno-2024"))
    assert "stan na dzień" in spec["footer"].lower()
    spec["footer"] = footer
    variant = import_variants.Variant("leszno-2024", kind, "top", 2.0, "a4", False)
    made = import_variants.document(variant, tmp_path, spec)
    assert made is not None
    result = import_document(*made, city=spec["city"])
    tasks = result.imported.tasks()
    assert len(tasks) == 28
    last = spec["departments"][-1]["tasks"][-1]["title"]
    assert " ".join(tasks[-1].title.split()) == " ".join(last.split())
    assert not any(re.search(r"\bstan(u)? na\b", t.title, re.IGNORECASE) for t in tasks)
    assert result.schedule.as_of.isoformat() == "2024-01-01"
    said = [n for n in result.review.splitlines() if "stan na" in n.lower()]
    assert len(said) == 1, said
    assert f"„{footer}”: znaleziono „stan na dzień”, ale jego daty nie da się odczytać" in said[0]
    assert "wpisano as_of = 2024-01-01; proszę wpisać właściwą datę" in said[0]
