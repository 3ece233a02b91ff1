"""Refuse hostile documents before a parser sees them: zip bombs and XML entity expansion.

DOCX, XLSX, ODT and ODS are zip archives of XML. Before any library opens one, every member's
declared uncompressed size and the total are checked against caps, and members are then read
through a counting stream so that a member lying about its size is stopped at the cap too.
No office XML needs a DTD: a member that declares one (<!DOCTYPE or <!ENTITY) is refused, so
no entity is ever expanded ("billion laughs", external entities).
"""

from __future__ import annotations

import io
import re
import zipfile

from notifier.core.importing.model import DocumentError
from notifier.core.polish import plural

MAX_MEMBER = 50 * 1024 * 1024  # bytes of one uncompressed member
MAX_TOTAL = 100 * 1024 * 1024  # bytes of all members together
MAX_MEMBERS = 2000
MAX_SPAN = 100  # a merge over more rows or columns is cut (no harmonogram spans 100)
MAX_CELLS = 20_000  # cells of a document's tables the importer reads (notifier.documents)
# Cells a reader may lay out before the importer counts them: past this a span or merge is
# refused from its declared size (the importer's own count names the smaller excesses).
MAX_LAID_OUT = 5 * MAX_CELLS
MAX_RATIO = 200  # uncompressed/compressed for a member over 1 MB: text compresses ~10x
_DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def hostile(name: str, why: str) -> DocumentError:
    """The error for a document refused as unsafe (Polish)."""
    return DocumentError(
        f"Plik {name} odrzucono ze względów bezpieczeństwa: {why}. Proszę zapisać dokument "
        "ponownie w edytorze (DOCX, ODT, XLSX, ODS albo PDF) i spróbować jeszcze raz."
    )


def safe_zip(data: bytes, name: str) -> bytes:
    """The archive's bytes rebuilt from checked members (sizes, ratios, no DTD), ready for a
    library to open; DocumentError if the archive is broken or hostile."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocumentError(f"Plik {name} jest uszkodzony (nie jest poprawnym archiwum).") from None
    if len(infos) > MAX_MEMBERS:
        n = len(infos)
        raise hostile(name, f"archiwum ma {n} {plural(n, 'plik', 'pliki', 'plików')}")
    _refuse_duplicates(infos, name)
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL:
        raise hostile(name, f"po rozpakowaniu miałby {declared // 1024 // 1024} MB")
    for info in infos:
        if info.file_size > MAX_MEMBER or (
            info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise hostile(name, f"część {info.filename} rozpakowuje się do zbyt dużego rozmiaru")
    out = io.BytesIO()
    total = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for info in infos:
            body = _read_capped(archive, info, name)
            total += len(body)
            if total > MAX_TOTAL:
                raise hostile(name, "rozpakowana zawartość przekracza limit")
            if info.filename.endswith((".xml", ".rels")) and _DTD_RE.search(body[:4096]):
                raise hostile(name, f"część {info.filename} deklaruje encje XML (DTD)")
            rebuilt.writestr(info.filename, body)
    return out.getvalue()


def _refuse_duplicates(infos: list[zipfile.ZipInfo], name: str) -> None:
    """DocumentError naming the part an archive holds twice (blind12 N18). OPC (DOCX, XLSX)
    and ODF allow one entry a name (OPC's names ignore case); with two, readers disagree on
    which copy is the document — a second word/document.xml was read while Word showed the
    first — and rebuilding the archive made zipfile print a warning to the clerk's terminal."""
    copies: dict[str, list[str]] = {}
    for info in infos:
        copies.setdefault(info.filename.casefold(), []).append(info.filename)
    twice = next((names for names in copies.values() if len(names) > 1), None)
    if twice is None:
        return
    count = len(twice)
    many = "dwie" if count == 2 else str(count)
    raise DocumentError(
        f"Plik {name} jest uszkodzony: zawiera {many} części {twice[-1]} (każda część dokumentu "
        "może być w nim tylko raz, a programy czytają wtedy różne jej kopie). Proszę otworzyć "
        "go w edytorze (Word, LibreOffice, Excel), zapisać ponownie i zaimportować jeszcze raz."
    )


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """A member's bytes, read in chunks and stopped at its declared size and MAX_MEMBER."""
    limit = min(info.file_size, MAX_MEMBER)
    chunks = []
    read = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(1024 * 1024):
                read += len(chunk)
                if read > limit:
                    raise hostile(name, f"część {info.filename} jest większa, niż deklaruje")
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise DocumentError(f"Plik {name} jest uszkodzony (nie da się go rozpakować).") from None
    return b"".join(chunks)


def refuse_dtd(data: bytes, name: str) -> None:
    """DocumentError if an HTML/XML text declares entities (no page of a harmonogram does)."""
    if re.search(rb"<!ENTITY", data[: 4 * 1024 * 1024], re.IGNORECASE):
        raise hostile(name, "dokument deklaruje encje XML")


class CellBudget:
    """The cells a reader lays out for one document, a span or a merge counted as every cell
    it covers, refused past MAX_LAID_OUT from the declared size — before anything is multiplied
    out: one `<mergeCell ref="A1:XFD1048576"/>` (5 kB) took an import to 9.6 GB, and an ODT
    cell spanning 10^9 columns allocated gigabytes (blind round four, G5, G6)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.used = 0
        self.spaces = 0  # spaces written out for ODF's <text:s text:c="N"/> (documents.odf)

    def take(self, count: int) -> None:
        """Count `count` more cells; DocumentError (Polish) once past MAX_LAID_OUT. A negative
        count (a DOCX gridSpan of -5, which lays out nothing) takes none: it never pays for
        spans elsewhere."""
        self.used += max(count, 0)
        if self.used > MAX_LAID_OUT:
            raise DocumentError(
                f"Plik {self.name} ma w tabelach ponad {MAX_LAID_OUT} komórek (licząc komórki "
                f"scalone) – import czyta najwyżej {MAX_CELLS}, a harmonogram nawet dużego "
                "miasta ma kilkaset zadań. Proszę sprawdzić, czy to właściwy plik, albo "
                "podzielić go na części."
            )
