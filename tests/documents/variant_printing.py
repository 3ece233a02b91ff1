"""scripts/import_variants (and fixture_layouts' table shapes) for the tests that print the fixture layouts as PDFs and
`pdftotext -layout` texts: importing this skips the importing test module (with the reason)
where fpdf2, pdftotext (poppler-utils) or the DejaVu font is missing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("fpdf")
if not shutil.which("pdftotext"):
    pytest.skip("pdftotext (poppler-utils) is not installed", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import import_variants
from fixture_layouts import after, before, grid

if not import_variants.FONT.is_file():
    pytest.skip(
        f"{import_variants.FONT} (fonts-dejavu-core) is not installed", allow_module_level=True
    )

__all__ = ["after", "before", "grid", "import_variants"]
