"""Why an office package (DOCX) does not open, in Polish, naming the part and the place in it:
a broken XML part ("word/document.xml, wiersz 1, kolumna 972: niedozwolony znak sterujący
(kod 7)"), elements nested past the XML reader's limit (tables in tables in tables …), a part
the package lacks, a package of another kind. Called only after the reader refused the file."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

_CONTROL_RE = re.compile(r"invalid Char value (\d+)")
_DEPTH_RE = re.compile(r"Excessive depth in document: (\d+)")
_NO_PART_RE = re.compile(r"no item named '([^']{1,200})'")


def broken_reason(data: bytes, exc: BaseException) -> str:
    """The reason (Polish, no full stop) the reader refused the package `data` with `exc`."""
    missing = _NO_PART_RE.search(str(exc))
    if missing is not None:
        return f"brakuje w nim części {missing[1]}"
    if "content type" in str(exc) and "not a Word file" in str(exc):
        return "to pakiet innego rodzaju niż dokument Word (np. arkusz albo prezentacja)"
    if isinstance(exc, zipfile.BadZipFile):
        return "to nie jest archiwum ZIP, jakim jest każdy plik DOCX (plik uszkodzony albo innego rodzaju)"
    if isinstance(exc, etree.XMLSyntaxError):
        return _xml_reason(data, exc)
    return "jego budowy nie da się odczytać"


def _xml_reason(data: bytes, exc: etree.XMLSyntaxError) -> str:
    """The first XML part of the package that does not parse, the place and the reason."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    found: tuple[str, etree.XMLSyntaxError] | None = None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                etree.fromstring(archive.read(info), parser)
            except etree.XMLSyntaxError as failed:
                found = (info.filename, failed)
                break
    part, error = found if found is not None else ("XML", exc)
    line, column = error.position if error.position else (error.lineno, 0)
    return f"część {part} (wiersz {line}, kolumna {column}): {_said(error.msg or '')}"


def _said(message: str) -> str:
    control = _CONTROL_RE.search(message)
    if control is not None:
        return (
            f"niedozwolony znak sterujący (kod {control[1]}) w tekście — XML takich znaków "
            "nie dopuszcza"
        )
    depth = _DEPTH_RE.search(message)
    if depth is not None:
        return (
            f"elementy zagnieżdżone głębiej niż {depth[1]} poziomów (np. tabela w tabeli w "
            "tabeli …) — tyle nie odczytuje żaden czytnik XML"
        )
    return "błąd składni XML (część uszkodzona albo niedokończona)"
