"""A package (DOCX, XLSX, ODT, ODS) holding two entries of one name is malformed — OPC and
ODF allow one part a name — and readers disagree on which copy is the document: the import
read a second word/document.xml of another year while Word showed the first, and zipfile's
"UserWarning: Duplicate name" with an interpreter path reached the clerk's terminal (blind12
N18). Each is refused as damaged in one Polish line naming the part, and nothing else is
printed."""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

import pytest
from seen_documents import docx_document, ods_document, odt_document, xlsx_document

from notifier.core.importing.model import DocumentError
from notifier.documents import import_document

ROWS = [["1.", "Festiwal", "Maj 2027"]]
BUILT = {
    "docx": (docx_document(ROWS), "word/document.xml"),
    "xlsx": (xlsx_document(ROWS), "xl/worksheets/sheet1.xml"),
    "odt": (odt_document(ROWS), "content.xml"),
    "ods": (ods_document(ROWS), "content.xml"),
}


def _doubled(data: bytes, part: str, name: str) -> bytes:
    """`data` with a second entry `name` (the copy of `part`, its year changed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        copy = source.read(part).replace(b"2027", b"2026")
        with warnings.catch_warnings():  # zipfile warns of what it is asked to write
            warnings.simplefilter("ignore")
            target.writestr(name, copy)
    return out.getvalue()


@pytest.mark.parametrize("kind", BUILT)
@pytest.mark.parametrize("case", ["same", "other-case"])
def test_a_part_held_twice_refuses_the_document_naming_it(kind: str, case: str, capfd: Any) -> None:
    data, part = BUILT[kind]
    name = part if case == "same" else part.upper()  # OPC's names ignore case
    doubled = _doubled(data, part, name)
    with pytest.raises(DocumentError) as refused:
        import_document(doubled, f"harmonogram-2027.{kind}", city="Leszno")
    said = str(refused.value)
    assert said.startswith(f"Plik harmonogram-2027.{kind} jest uszkodzony: zawiera dwie części ")
    assert part.lower() in said.lower()
    assert "\n" not in said
    printed = capfd.readouterr()
    assert printed.err == ""
    assert printed.out == ""
