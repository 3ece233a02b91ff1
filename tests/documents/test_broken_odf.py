"""An ODT or ODS the reader cannot read says which part and why, as a broken DOCX does
(test_broken_docx): odfpy prints a broken part's error and reads on without the part, so a
content.xml cut in half was imported as its first half, and a broken manifest was "nie jest
poprawnym dokumentem ODF" alone. Each package is a committed Leszno fixture changed in memory."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from notifier.core.importing.model import DocumentError
from notifier.documents import import_document

FIXTURES = Path(__file__).parent / "fixtures"


def changed(name: str, part: str, change: Callable[[bytes], bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(FIXTURES / name) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            data = change(data) if info.filename == part else data
            if data is not None:
                target.writestr(info, data)
    return out.getvalue()


CASES = [
    ("content.xml", lambda xml: xml[: len(xml) // 2], "część content.xml (wiersz 2, kolumna"),
    (
        "content.xml",
        lambda xml: xml.replace(b"Maj 2024", b"Maj\x07 2024", 1),
        "niedozwolony znak sterujący (kod 7)",
    ),
    ("content.xml", lambda xml: None, "brakuje w nim części content.xml"),
    ("styles.xml", lambda xml: xml[:100], "część styles.xml (wiersz"),
    ("META-INF/manifest.xml", lambda xml: xml[:50], "część META-INF/manifest.xml (wiersz"),
]


@pytest.mark.parametrize("kind", ["odt", "ods"])
@pytest.mark.parametrize(("part", "change", "said"), CASES)
def test_a_broken_part_of_an_odf_package_is_named_with_its_place(
    kind: str, part: str, change: Callable[[bytes], bytes | None], said: str
) -> None:
    name = f"leszno-2024.{kind}"
    with pytest.raises(DocumentError) as refused:
        import_document(changed(name, part, change), name)
    message = str(refused.value)
    assert message.startswith(f"Plik {name} nie jest poprawnym dokumentem {kind.upper()}: ")
    assert said in message
    assert "zapisać ponownie" in message
