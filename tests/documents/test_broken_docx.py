"""A DOCX the reader refuses says why and where, in Polish (blind 9a M5: "nie jest poprawnym
dokumentem DOCX" alone for raw control characters in the XML and for tables nested past the
XML reader's depth). Each broken package is the committed Leszno fixture with its
word/document.xml changed one way."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from notifier.core.importing.model import DocumentError
from notifier.documents import import_document

DOCX = Path(__file__).parent / "fixtures" / "leszno-2024.docx"
PART = "word/document.xml"


def changed(change: Callable[[bytes], bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(DOCX) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            data = change(data) if info.filename == PART else data
            if data is not None:
                target.writestr(info.filename, data)
    return out.getvalue()


def control_character(xml: bytes) -> bytes:
    return xml.replace(b"Maj 2024", b"Maj\x07 2024", 1)


def nested(xml: bytes) -> bytes:
    deep = b"<w:tbl><w:tr><w:tc>" * 100 + b"</w:tc></w:tr></w:tbl>" * 100
    return xml.replace(b"<w:body>", b"<w:body>" + deep, 1)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (control_character, r"niedozwolony znak sterujący \(kod 7\)"),
        (nested, r"elementy zagnieżdżone głębiej niż 256 poziomów"),
        (lambda xml: xml[: len(xml) // 2], r"błąd składni XML"),
    ],
)
def test_a_broken_xml_part_is_named_with_its_line_and_column(
    change: Callable[[bytes], bytes], said: str
) -> None:
    with pytest.raises(DocumentError) as refused:
        import_document(changed(change), "harmonogram.docx", city="Leszno", year=2024)
    message = str(refused.value)
    assert re.search(r"część word/document\.xml \(wiersz \d+, kolumna \d+\): .*" + said, message)
    assert "nie jest poprawnym dokumentem DOCX" in message
    assert "zapisać ponownie" in message


def test_a_package_without_its_document_part_names_the_part() -> None:
    with pytest.raises(DocumentError, match=r"brakuje w nim części word/document\.xml"):
        import_document(changed(lambda _: None), "harmonogram.docx", city="Leszno", year=2024)
