"""Bounds on what a PDF may make pdfminer (under pdfplumber) inflate and interpret, checked
as it is read, so a hostile PDF is refused in about a second with a Polish reason instead of
running into the child process's memory or time limits (notifier.documents.isolated): a
204 KB PDF whose one content stream inflates to 200 MB took 35 s and 490 MB before (blind
round 8a, F2), 3,000,000 `q Q` operators 37 s.

While `bounded` is active, every stream pdfminer decodes — content streams, form XObjects,
fonts, object streams, cross-reference streams, whatever its /Length says — goes through
`_decode`: pdfminer's filter chain (FlateDecode, LZWDecode, ASCII85Decode, ASCIIHexDecode,
RunLengthDecode, predictors) with each step stopped as soon as its output passes the stream's
cap, and all streams' output counted against one total. `check_pages` then walks the page tree
(stopped past MAX_PAGES) and counts each page's content before pdfplumber lays any page out.
Nesting of arrays and dictionaries needs no bound here: pdfminer's parser keeps its own stack
(no recursion), and a nested object is refused by the 20 MB file cap long before it matters.

The limits, against the real fixtures (tests/documents/fixtures, benchmarks/data: 53 PDFs, the
largest 22 pages): all streams of a document inflate to at most 0.44 MB (cap 100 MB, 225x); a
page's content to 9 KB and 1,479 tokens (caps 8 MB and 300,000, ~900x and ~200x; a page
exported by an office suite, positioning every glyph, has some 20,000 tokens: still 15x); a
document's content to 25,162 tokens (cap 1,000,000, 40x); 22 pages (cap 1,000).
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.ccitt import ccittfaxdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfexceptions import PDFNotImplementedError
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import (
    LITERAL_CRYPT,
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_CCITTFAX_DECODE,
    LITERALS_DCT_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_JBIG2_DECODE,
    LITERALS_JPX_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFStream,
    int_value,
    resolve1,
)
from pdfminer.utils import apply_png_predictor, apply_tiff_predictor

from notifier.core.importing.model import DocumentError
from notifier.documents.safety import hostile

MB = 1024 * 1024
MAX_STREAM = 64 * MB  # one stream inflated (a font or an image: a few MB at most)
MAX_INFLATED = 100 * MB  # all streams of the document inflated together
MAX_PAGE_CONTENT = 8 * MB  # a page's content streams inflated
MAX_PAGE_TOKENS = 300_000  # numbers, names, strings and operators of a page's content
MAX_TOKENS = 1_000_000  # the same over the whole document
MAX_PAGES = 1_000
_TOKEN = re.compile(rb"[^\s()<>\[\]{}/%]+|[()<>\[\]{}]")


class TooMuch(DocumentError):
    """A PDF past one of the bounds (Polish message)."""


class _Budget:
    def __init__(self, name: str) -> None:
        self.name = name
        self.inflated = 0
        self.cap = MAX_STREAM
        self.where = ""

    def refuse(self, why: str) -> TooMuch:
        refusal = hostile(self.name, f"{self.where}{why}")
        return TooMuch(str(refusal))


_BUDGET: ContextVar[_Budget | None] = ContextVar("pdf_budget", default=None)


@contextmanager
def bounded(name: str) -> Iterator[None]:
    """Within: every stream pdfminer decodes is bounded (TooMuch past a bound)."""
    token = _BUDGET.set(_Budget(name))
    original = PDFStream.decode
    PDFStream.decode = _decode  # type: ignore[method-assign]
    try:
        yield
    finally:
        PDFStream.decode = original  # type: ignore[method-assign]
        _BUDGET.reset(token)


def check_pages(document: PDFDocument) -> None:
    """TooMuch for a page tree past MAX_PAGES or a page whose content is past its bounds."""
    budget = _BUDGET.get()
    assert budget is not None, "check_pages runs within bounded()"
    total = 0
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if number > MAX_PAGES:
            budget.where = ""
            raise budget.refuse(f"dokument ma ponad {MAX_PAGES} stron")
        budget.where = f"strona {number}: "
        budget.cap = MAX_PAGE_CONTENT
        content = 0
        tokens = 0
        for each in page.contents if isinstance(page.contents, list) else []:
            stream = resolve1(each)
            if not isinstance(stream, PDFStream):
                continue
            budget.cap = MAX_PAGE_CONTENT - content
            data = stream.get_data()
            content += len(data)
            tokens += _TOKEN.subn(b"", data)[1]
        total += tokens
        if tokens > MAX_PAGE_TOKENS:
            raise budget.refuse(
                f"treść strony ma ponad {MAX_PAGE_TOKENS:,} elementów".replace(",", " ")
                + " (liczb i poleceń rysowania)"
            )
        if total > MAX_TOKENS:
            raise budget.refuse(
                f"treść stron ma razem ponad {MAX_TOKENS:,} elementów".replace(",", " ")
                + " (liczb i poleceń rysowania)"
            )
    budget.where = ""
    budget.cap = MAX_STREAM


def _decode(self: PDFStream) -> None:
    """PDFStream.decode (pdfminer 20260107) with every step bounded by the budget."""
    budget = _BUDGET.get()
    assert budget is not None
    assert self.rawdata is not None
    data = self.rawdata
    if self.decipher:
        assert self.objid is not None
        assert self.genno is not None
        data = self.decipher(self.objid, self.genno, data, self.attrs)
    cap = min(budget.cap, MAX_STREAM, MAX_INFLATED - budget.inflated)
    for f, params in self.get_filters():
        if f in LITERALS_FLATE_DECODE:
            data = _inflate(data, cap)
        elif f in LITERALS_LZW_DECODE:
            data = _lzw(data, cap)
        elif f in LITERALS_ASCII85_DECODE:
            # four bytes per "z", four per five other characters
            if data.count(b"z") * 4 + len(data) * 4 // 5 > cap + 4:
                data = b"\0" * (cap + 1)
            else:
                data = ascii85decode(data)
        elif f in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        elif f in LITERALS_RUNLENGTH_DECODE:
            data = _run_length(data, cap)
        elif f in LITERALS_CCITTFAX_DECODE:
            data = ccittfaxdecode(data, params)
        elif f in LITERALS_DCT_DECODE or f in LITERALS_JBIG2_DECODE or f in LITERALS_JPX_DECODE:
            pass  # images: pdfminer leaves them encoded
        elif f == LITERAL_CRYPT:
            raise PDFNotImplementedError("/Crypt filter is unsupported")
        else:
            raise PDFNotImplementedError(f"Unsupported filter: {f!r}")
        if len(data) > cap:
            raise _past(budget, cap, self)
        data = _predicted(params, data)
    budget.inflated += len(data)
    self.data = data
    self.rawdata = None


def _past(budget: _Budget, cap: int, stream: PDFStream) -> TooMuch:
    if budget.inflated + cap >= MAX_INFLATED:
        return budget.refuse(
            f"jego strumienie po rozpakowaniu przekraczają {MAX_INFLATED // MB} MB"
        )
    if budget.where:
        return budget.refuse(f"treść po rozpakowaniu przekracza {MAX_PAGE_CONTENT // MB} MB")
    which = f" (obiekt {stream.objid})" if stream.objid is not None else ""
    return budget.refuse(
        f"jeden z jego strumieni{which} po rozpakowaniu przekracza {MAX_STREAM // MB} MB"
    )


def _predicted(params: dict, data: bytes) -> bytes:
    """pdfminer's predictors (their output is never longer than their input)."""
    if not params or "Predictor" not in params:
        return data
    pred = int_value(params["Predictor"])
    colors = int_value(params.get("Colors", 1))
    columns = int_value(params.get("Columns", 1))
    bits = int_value(params.get("BitsPerComponent", 8))
    if pred == 1:
        return data
    if pred == 2:
        return apply_tiff_predictor(colors, columns, bits, data)
    if pred >= 10:
        return apply_png_predictor(pred, colors, columns, bits, data)
    raise PDFNotImplementedError(f"Unsupported predictor: {pred!r}")


def _inflate(data: bytes, cap: int) -> bytes:
    """Up to cap + 1 bytes of the zlib data; what came before an error for broken data (as
    pdfminer's decompress_corrupted keeps)."""
    inflater = zlib.decompressobj()
    out = bytearray()
    pending = data
    try:
        while pending and len(out) <= cap and not inflater.eof:
            out += inflater.decompress(pending, cap + 1 - len(out))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return bytes(out)


def _lzw(data: bytes, cap: int) -> bytes:
    out = bytearray()
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out += chunk
        if len(out) > cap:
            break
    return bytes(out)


def _run_length(data: bytes, cap: int) -> bytes:
    """RunLengthDecode (PDF 32000 7.4.5), stopped past cap."""
    out = bytearray()
    i = 0
    while i < len(data) and len(out) <= cap:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
    return bytes(out)
