"""Across the layouts offices print a table whose columns are only aligned text, no task comes
out wrong: each is right (printed title, period and department) or its document is refused
with a Polish reason naming the page or the rows.

The variants (scripts/import_variants.py) are generated here, not committed: every source
printed by scripts/aligned_pdf.py with its cells at the top, middle or bottom of their rows,
with and without space between rows, on A4 and on A5 with rows broken across pages — read as
the PDF and as `pdftotext -layout` text of it. Before the refusals, of 972
tasks, 577 right, 204 refused and 202 wrong or extra (rows merged, a period taken from the row above).
Needs fpdf2 (in the `test` extra), pdftotext and the DejaVu Sans font (`make test` installs
poppler-utils and fonts-dejavu-core when it can); skipped without either."""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("fpdf")
if not shutil.which("pdftotext"):
    pytest.skip("pdftotext (poppler-utils) is not installed", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import import_variants

if not import_variants.FONT.is_file():
    pytest.skip(
        f"{import_variants.FONT} (fonts-dejavu-core) is not installed", allow_module_level=True
    )

STEMS = sorted(p.stem for p in import_variants.SOURCES.glob("*.toml"))


@pytest.mark.parametrize("kind", ["pdf", "layout"])
@pytest.mark.parametrize("stem", STEMS)
def test_no_task_of_any_variant_is_wrong(stem: str, kind: str, tmp_path: Path) -> None:
    for variant in import_variants.variants((kind,)):
        if variant.stem != stem:
            continue
        found = import_variants.attempt(variant, tmp_path)
        if found is None:
            continue  # a table this layout cannot print (amounts beside, month columns)
        counts, refusal = found
        assert counts["wrong"] == 0, (variant.name, dict(counts))
        if refusal:
            assert "Proszę zaimportować" in refusal, (variant.name, refusal)
            assert "stronie" in refusal or "wiersz" in refusal, (variant.name, refusal)


def test_the_variants_are_read_when_their_rows_can_be_told_apart(tmp_path: Path) -> None:
    """Rows with space between them and cells at the top: every task right (Leszno's 28)."""
    total: Counter[str] = Counter()
    for valign in import_variants.VALIGNS:
        variant = import_variants.Variant("leszno-2024", "pdf", valign, 1.5, "a4", False)
        found = import_variants.attempt(variant, tmp_path)
        assert found is not None
        total.update(found[0])
    assert total == Counter(right=3 * 28, wrong=0)
