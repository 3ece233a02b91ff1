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
`check_syntax` first bounds the object syntax the parser would read token by token. An
indirect reference is followed through at most MAX_REF_CHAIN references to references and
never round a loop (`6 0 obj 7 0 R`, `7 0 obj 6 0 R` kept pdfminer's resolve1 turning until
the time limit: 29 s, blind round 9a), and each content stream the interpreter runs — the page's
and every form XObject each time one is painted (`Do`) — counts against the page's element
bound, so forms painting forms many times (which multiplies) are refused as they add up.
Nesting of arrays and dictionaries needs no bound here: pdfminer's parser keeps its own stack
(no recursion), and a nested object is refused with all syntax past MAX_SYNTAX.

The limits, against the real fixtures (tests/documents/fixtures, benchmarks/data: 53 PDFs, the
largest 22 pages): all streams of a document inflate to at most 0.44 MB (cap 100 MB, 225x); a
page's content to 9 KB and 1,479 tokens (caps 8 MB and 300,000, ~900x and ~200x; a page
exported by an office suite, positioning every glyph, has some 20,000 tokens: still 15x); a
document's content to 25,162 tokens (cap 1,000,000, 40x); 22 pages (cap 1,000); object syntax
to 9.5 kB (cap 1 MB, ~100x); no form XObject is painted; the longest string shown is 289 bytes
(cap 64 kB, ~220x).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.ccitt import ccittfaxdecode
from pdfminer.pdfdocument import LITERAL_OBJSTM, PDFDocument
from pdfminer.pdfexceptions import PDFNotImplementedError, PDFObjectNotFound
from pdfminer.pdfinterp import PDFPageInterpreter
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
    PDFObjRef,
    PDFStream,
    resolve1,
)

from notifier.core.importing.model import DocumentError
from notifier.documents.pdf_filters import inflate, lzw, predicted, run_length
from notifier.documents.pdf_strings import longest_string
from notifier.documents.safety import hostile

KB = 1024
MB = 1024 * KB
MAX_STREAM = 64 * MB  # one stream inflated (a font or an image: a few MB at most)
MAX_INFLATED = 100 * MB  # all streams of the document inflated together
MAX_PAGE_CONTENT = 8 * MB  # a page's content streams inflated
MAX_PAGE_TOKENS = 300_000  # numbers, names, strings and operators of a page's content
# One string of a page's content (notifier.documents.pdf_strings): pdfminer makes an object of
# each character, and one string of 7 MB took 19 s and 1.12 GB (blind round 10a, M18).
MAX_STRING = 64 * KB
MAX_TOKENS = 1_000_000  # the same over the whole document
MAX_PAGES = 1_000
# Form XObjects painted (`Do`) on a page and in the document: each costs the interpreter
# some 0.3 ms however small the form (a fixture paints none; a logo or a header is a few).
MAX_PAINTED = 500
MAX_PAINTED_TOTAL = 2_000
# Bytes of object syntax pdfminer may have to parse (some 1 MB a second): the file outside its
# streams' data, and every object stream decoded (the fixtures: at most 9.5 kB, 20 pages).
MAX_SYNTAX = 1 * MB
MAX_REF_CHAIN = 32  # references to references followed (a real PDF has none past one)
_TOKEN = re.compile(rb"[^\s()<>\[\]{}/%]+|[()<>\[\]{}]")


class TooMuch(DocumentError):
    """A PDF past one of the bounds (Polish message)."""


class _Budget:
    def __init__(self, name: str) -> None:
        self.name = name
        self.inflated = 0
        self.cap = MAX_STREAM
        self.where = ""
        self.pages: dict[object, int] = {}  # page object id -> page number
        self.tokens: dict[int, int] = {}  # elements of each content stream, by object id
        self.drawn = 0  # elements interpreted on the page being laid out, forms each time
        self.drawn_total = 0  # the same over the document
        self.drawing = ""  # "strona N: " while the interpreter lays page N out
        self.syntax = 0  # bytes of object syntax: outside streams, then object streams
        self.painted = 0  # form XObjects painted on that page
        self.painted_total = 0  # the same over the document

    def refuse(self, why: str) -> TooMuch:
        refusal = hostile(self.name, f"{self.where}{why}")
        return TooMuch(str(refusal))


_BUDGET: ContextVar[_Budget | None] = ContextVar("pdf_budget", default=None)


@contextmanager
def bounded(name: str) -> Iterator[None]:
    """Within: every stream pdfminer decodes, every reference it follows and every content
    stream its interpreter runs is bounded (TooMuch past a bound)."""
    token = _BUDGET.set(_Budget(name))
    patches = [
        (PDFStream, "decode", _decode),
        (PDFObjRef, "resolve", _resolve),
        (PDFPageInterpreter, "process_page", _process_page),
        (PDFPageInterpreter, "render_contents", _render_contents),
    ]
    originals = [(owner, attribute, getattr(owner, attribute)) for owner, attribute, _ in patches]
    for owner, attribute, bounded_one in patches:
        setattr(owner, attribute, bounded_one)
    try:
        yield
    finally:
        for owner, attribute, original in originals:
            setattr(owner, attribute, original)
        _BUDGET.reset(token)


def check_syntax(data: bytes) -> None:
    """TooMuch for a PDF with more than MAX_SYNTAX bytes outside its streams' data: objects
    pdfminer would parse token by token (10 MB of numbers in one dictionary took 25 s)."""
    budget = _BUDGET.get()
    assert budget is not None, "check_syntax runs within bounded()"
    at = 0
    while (start := data.find(b"stream", at)) >= 0:  # linear: each byte looked at once
        if data[max(start - 3, 0) : start] == b"end":
            at = start + 6  # an "endstream" without its "stream"
            continue
        budget.syntax += start - at
        end = data.find(b"endstream", start + 6)
        at = len(data) if end < 0 else end + 9
    _more_syntax(budget, len(data) - at)


def _more_syntax(budget: _Budget, count: int) -> None:
    budget.syntax += count
    if budget.syntax > MAX_SYNTAX:
        why = f"jego obiekty (poza strumieniami) mają ponad {MAX_SYNTAX // MB} MB opisu"
        raise budget.refuse(f"{why} – harmonogram ma ich kilkadziesiąt kB")


def check_pages(document: PDFDocument) -> None:
    """TooMuch for a page tree past MAX_PAGES or a page whose content is past its bounds."""
    budget = _BUDGET.get()
    assert budget is not None, "check_pages runs within bounded()"
    _check_page_tree(document, budget)
    total = 0
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if number > MAX_PAGES:
            budget.where = ""
            raise budget.refuse(f"dokument ma ponad {MAX_PAGES} stron")
        budget.pages[page.pageid] = number
        budget.where = f"strona {number}: "
        budget.cap = MAX_PAGE_CONTENT
        content = 0
        tokens = 0
        streams = []
        for each in page.contents if isinstance(page.contents, list) else []:
            stream = resolve1(each)
            if not isinstance(stream, PDFStream):
                continue
            budget.cap = MAX_PAGE_CONTENT - content
            streams.append(stream.get_data())
            content += len(streams[-1])
            tokens += _TOKEN.subn(b"", streams[-1])[1]
        total += tokens
        if tokens > MAX_PAGE_TOKENS:
            raise budget.refuse(
                f"treść strony ma ponad {MAX_PAGE_TOKENS:,} elementów".replace(",", " ")
                + " (liczb i poleceń rysowania)"
            )
        if longest_string(b"\n".join(streams), MAX_STRING) > MAX_STRING:
            raise budget.refuse(
                f"jeden napis w treści strony ma ponad {MAX_STRING // KB} kB (cała strona "
                "harmonogramu to kilka kB tekstu)"
            )
        if total > MAX_TOKENS:
            raise budget.refuse(
                f"treść stron ma razem ponad {MAX_TOKENS:,} elementów".replace(",", " ")
                + " (liczb i poleceń rysowania)"
            )
        budget.where = ""  # the next page is made (its references followed) before its number
        budget.cap = MAX_STREAM
    budget.where = ""
    budget.cap = MAX_STREAM


def _check_page_tree(document: PDFDocument, budget: _Budget) -> None:
    """TooMuch for a page tree listing more than 2 × MAX_PAGES pages and groups of pages
    (/Kids entries), counted before any is followed: pdfminer's create_pages follows every
    entry, so one page listed 200,000 times in 1.8 MB took seconds on each of its walks."""
    pending = [document.catalog.get("Pages")]
    seen: set[object] = set()
    listed = 0
    while pending:
        node = resolve1(pending.pop())
        kids = resolve1(node.get("Kids")) if isinstance(node, dict) else None
        if not isinstance(kids, list):
            continue
        listed += len(kids)
        if listed > 2 * MAX_PAGES:
            raise budget.refuse(f"spis stron wymienia ponad {2 * MAX_PAGES} stron i ich grup")
        for kid in kids:
            if isinstance(kid, PDFObjRef) and kid.objid not in seen:
                seen.add(kid.objid)
                pending.append(kid)


def _resolve(self: PDFObjRef, default: object = None) -> Any:
    """PDFObjRef.resolve to the object a chain of references to references ends in, refused
    (TooMuch) when the chain comes back to an object in it or passes MAX_REF_CHAIN: pdfminer's
    resolve1 follows it one step at a time and, round a loop, forever."""
    budget = _BUDGET.get()
    assert budget is not None
    chain: list[object] = []
    found: object = self
    while isinstance(found, PDFObjRef):
        if found.objid in chain or len(chain) >= MAX_REF_CHAIN:
            shown = " → ".join(str(objid) for objid in [*chain[:8], found.objid])
            what = "pętlę" if found.objid in chain else f"łańcuch dłuższy niż {MAX_REF_CHAIN}"
            return _refuse_at_once(budget, f"odwołania między obiektami tworzą {what} ({shown})")
        chain.append(found.objid)
        assert found.doc is not None
        try:
            found = found.doc.getobj(found.objid)
        except PDFObjectNotFound:
            return default
    return found


def _refuse_at_once(budget: _Budget, why: str) -> Any:
    budget.where = ""  # a reference of any object, the page it is met on aside
    raise budget.refuse(why)


def _process_page(self: PDFPageInterpreter, page: PDFPage) -> None:
    """PDFPageInterpreter.process_page with the page's count of elements drawn started."""
    budget = _BUDGET.get()
    assert budget is not None
    number = budget.pages.get(page.pageid)
    budget.drawing = f"strona {number}: " if number else ""
    budget.drawn = 0
    budget.painted = -1  # the page's own content is no painting of a form
    try:
        _ORIGINAL_PROCESS(self, page)
    finally:
        budget.drawing = ""


def _render_contents(
    self: PDFPageInterpreter,
    resources: dict[object, object],
    streams: Any,
    ctm: Any = (1, 0, 0, 1, 0, 0),
) -> None:
    """PDFPageInterpreter.render_contents, counting the elements of the streams it is about
    to run against the page's and the document's bounds: called for a page's content (its
    number from check_pages) and again for a form XObject each time one is painted."""
    budget = _BUDGET.get()
    assert budget is not None
    listed = streams if isinstance(streams, list) else [streams]
    cost = 1 + sum(_elements(budget, resolve1(each)) for each in listed)
    budget.drawn += cost
    budget.drawn_total += cost
    budget.painted += 1
    budget.painted_total += 1 if budget.painted else 0
    many = "(liczb i poleceń rysowania)"
    if budget.painted > MAX_PAINTED:
        why = f"formularze (XObject) są na niej rysowane ponad {MAX_PAINTED} razy"
        refusal = hostile(budget.name, f"{budget.drawing}{why} {_REPAINTED}")
        raise TooMuch(str(refusal))
    if budget.painted_total > MAX_PAINTED_TOTAL:
        why = f"formularze (XObject) są w nim rysowane ponad {MAX_PAINTED_TOTAL} razy"
        raise budget.refuse(f"{why} {_REPAINTED}")
    if budget.drawn > MAX_PAGE_TOKENS:
        why = "treść strony razem z formularzami (XObject) rysowanymi wielokrotnie ma ponad"
        refusal = hostile(budget.name, f"{budget.drawing}{why} {_spaced(MAX_PAGE_TOKENS)} {many}")
        raise TooMuch(str(refusal))
    if budget.drawn_total > MAX_TOKENS:
        why = "treść stron razem z formularzami (XObject) ma ponad"
        raise budget.refuse(f"{why} {_spaced(MAX_TOKENS)} {many}")
    _ORIGINAL_RENDER(self, resources, streams, ctm)


_REPAINTED = "(formularz rysuje inne formularze wielokrotnie, a te – kolejne)"


def _spaced(number: int) -> str:
    """ "300 000 elementów" """
    return f"{number:,} elementów".replace(",", " ")


def _elements(budget: _Budget, stream: object) -> int:
    """The elements of one content stream (counted once, by its object id)."""
    if not isinstance(stream, PDFStream):
        return 0
    if stream.objid is not None and stream.objid in budget.tokens:
        return budget.tokens[stream.objid]
    count = _TOKEN.subn(b"", stream.get_data())[1]
    if stream.objid is not None:
        budget.tokens[stream.objid] = count
    return count


_ORIGINAL_PROCESS = PDFPageInterpreter.process_page
_ORIGINAL_RENDER = PDFPageInterpreter.render_contents


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
            data = inflate(data, cap)
        elif f in LITERALS_LZW_DECODE:
            data = lzw(data, cap)
        elif f in LITERALS_ASCII85_DECODE:
            # four bytes per "z", four per five other characters
            if data.count(b"z") * 4 + len(data) * 4 // 5 > cap + 4:
                data = b"\0" * (cap + 1)
            else:
                data = ascii85decode(data)
        elif f in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        elif f in LITERALS_RUNLENGTH_DECODE:
            data = run_length(data, cap)
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
        data = predicted(params, data)
    budget.inflated += len(data)
    if self.attrs.get("Type") is LITERAL_OBJSTM:  # objects in a stream: parsed as the file's
        _more_syntax(budget, len(data))
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
