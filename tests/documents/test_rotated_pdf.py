"""A PDF page carrying /Rotate 90, 180 or 270 (turned in Acrobat or by a printer driver) is
read with its text upright, ruled or aligned, the same as the page before it was turned; not
refused as a document with no harmonogram (blind11 F16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notifier.documents import import_document

FIXTURES = Path(__file__).parent / "fixtures"
PAGE_RE = re.compile(rb"/Type\s*/Page\b(?!s)")


@pytest.mark.parametrize("name", ["leszno-2024-ruled.pdf", "leszno-2024-aligned.pdf"])
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_page_reads_as_the_page_before_it_was_turned(name: str, turn: int) -> None:
    data = (FIXTURES / name).read_bytes()
    turned = PAGE_RE.sub(b"/Type /Page /Rotate %d" % turn, data)
    assert turned.count(b"/Rotate %d" % turn) == len(PAGE_RE.findall(data)) > 0
    assert import_document(turned, name, city="Leszno").toml == (
        import_document(data, name, city="Leszno").toml
    )
