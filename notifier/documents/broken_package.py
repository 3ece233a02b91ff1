"""Why an office package (DOCX, ODT, ODS) does not open, in Polish, naming the part and the place in it:
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


def broken_reason(data: bytes, exc: BaseException, kind: str = "DOCX") -> str:
    """The reason (Polish, no full stop) the reader refused the package `data` (a `kind`
    file) with `exc`."""
    missing = _NO_PART_RE.search(str(exc))
    if missing is not None:
        return f"brakuje w nim części {missing[1]}"
    if "content type" in str(exc) and "not a Word file" in str(exc):
        return "to pakiet innego rodzaju niż dokument Word (np. arkusz albo prezentacja)"
    if isinstance(exc, zipfile.BadZipFile):
        return (
            f"to nie jest archiwum ZIP, jakim jest każdy plik {kind} (plik uszkodzony albo "
            "innego rodzaju)"
        )
    if isinstance(exc, etree.XMLSyntaxError):
        return _xml_reason(data, exc)
    return "jego budowy nie da się odczytać"


def broken_part(data: bytes, needed: tuple[str, ...] = ()) -> str | None:
    """The reason (Polish) a part of the package `data` cannot be read — a `needed` part
    missing, or the first XML part that does not parse, with the place in it — or None.
    For a reader that reads on past a broken part (odfpy prints the error and leaves the
    part out: a content.xml cut in half was imported as its first half, blind10a)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        missing = [part for part in needed if part not in names]
        if missing:
            return f"brakuje w nim części {missing[0]}"
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                etree.fromstring(archive.read(info), parser)
            except etree.XMLSyntaxError as failed:
                return _placed(info.filename, failed)
    return None


def _xml_reason(data: bytes, exc: etree.XMLSyntaxError) -> str:
    """The first XML part of the package that does not parse, the place and the reason."""
    return broken_part(data) or _placed("XML", exc)


def _placed(part: str, error: etree.XMLSyntaxError) -> str:
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
