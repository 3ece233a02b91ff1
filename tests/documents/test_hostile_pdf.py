"""Hostile PDFs refused by notifier.documents.pdf_limits before pdfplumber lays anything out:
each kind (a stream that inflates past its cap through any filter or chain, content with too
many elements, many streams adding up, too many pages, a broken structure) built here, small,
and refused with its Polish reason — without the child's time or memory limits (raised out
of reach in these tests), so the refusal is the bound's, not a timeout's."""

from __future__ import annotations

import base64
import zlib

import pytest

from notifier.core.importing.model import DocumentError
from notifier.documents import Limits, import_document
from notifier.documents.pdf_limits import (
    MAX_INFLATED,
    MAX_PAGE_CONTENT,
    MAX_PAGE_TOKENS,
    MAX_PAGES,
    MAX_STREAM,
    MAX_STRING,
    MAX_TOKENS,
)

OUT_OF_REACH = Limits(memory_bytes=4 << 30, cpu_seconds=600, timeout_seconds=600)
PAST_PAGE = MAX_PAGE_CONTENT + (1 << 20)


def refused(data: bytes, name: str = "wrogi.pdf") -> str:
    with pytest.raises(DocumentError) as caught:
        import_document(data, name, city="Testowo", year=2027, limits=OUT_OF_REACH)
    return str(caught.value)


def pdf(pages: list[list[bytes]], extra: tuple[bytes, ...] = (), trailer: bytes = b"") -> bytes:
    """A PDF with a correct xref table: each page's content streams given as (dictionary
    entries + b"stream\\n" + data) bodies; `extra` objects after them."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for streams in pages:
        page = len(objects) + 1
        refs = b" ".join(b"%d 0 R" % (page + 1 + i) for i in range(len(streams)))
        kids.append(b"%d 0 R" % page)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [%s] >>" % refs
        )
        objects += streams
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    objects += list(extra)
    parts = [b"%PDF-1.5\n"]
    offsets = []
    at = len(parts[0])
    for number, body in enumerate(objects, start=1):
        offsets.append(at)
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        at += len(parts[-1])
    out = b"".join(parts)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return out


def stream(data: bytes, filters: bytes = b"", length: int | None = None) -> bytes:
    size = len(data) if length is None else length
    return b"<< /Length %d %s>>\nstream\n" % (size, filters) + data + b"\nendstream"


def flate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def zeros(n: int) -> bytes:
    """n bytes of content that is one long number: no element to draw, all to inflate."""
    return b"0" * n


def lzw_zeros(n: int) -> bytes:
    """LZWDecode data of (about) n zero bytes, codes kept 9 bits wide by a clear every 240."""
    codes = []
    made = 0
    while made < n:
        codes += [256, 0]
        made += 1
        for k in range(2, 242):
            codes.append(256 + k)  # the entry just being made: k zeros
            made += k
    codes.append(257)
    bits = "".join(format(c, "09b") for c in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def run_length_zeros(n: int) -> bytes:
    return b"\x81\x00" * (n // 128 + 1) + b"\x80"  # 128 copies of one byte per pair


CHAINS = {
    "flate": lambda: stream(flate(zeros(PAST_PAGE)), b"/Filter /FlateDecode "),
    "flate-twice": lambda: stream(
        flate(flate(zeros(PAST_PAGE))), b"/Filter [/FlateDecode /FlateDecode] "
    ),
    "lzw": lambda: stream(lzw_zeros(PAST_PAGE), b"/Filter /LZWDecode "),
    "hex-flate": lambda: stream(
        flate(zeros(PAST_PAGE)).hex().encode() + b">", b"/Filter [/AHx /Fl] "
    ),
    "ascii85-flate": lambda: stream(
        base64.a85encode(flate(zeros(PAST_PAGE)), adobe=True)[2:],
        b"/Filter [/ASCII85Decode /FlateDecode] ",
    ),
    "ascii85-z": lambda: stream(
        flate(b"z" * (PAST_PAGE // 4) + b"~>"), b"/Filter [/FlateDecode /ASCII85Decode] "
    ),
    "run-length": lambda: stream(
        flate(run_length_zeros(PAST_PAGE)), b"/Filter [/FlateDecode /RunLengthDecode] "
    ),
    "predictor": lambda: stream(
        flate(b"\x00" + zeros(PAST_PAGE)),
        b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns %d >> " % PAST_PAGE,
    ),
}


@pytest.mark.parametrize("kind", list(CHAINS))
def test_a_content_stream_inflating_past_the_page_cap_through_any_filter(kind: str) -> None:
    data = pdf([[CHAINS[kind]()]])
    assert len(data) < 300_000
    message = refused(data)
    assert "odrzucono ze względów bezpieczeństwa: strona 1: treść po rozpakowaniu " in message
    assert f"przekracza {MAX_PAGE_CONTENT >> 20} MB" in message


@pytest.mark.parametrize("length", [10, 10**9])
def test_a_wrong_length_reads_no_further_than_it_says(length: int) -> None:
    """pdfminer reads /Length bytes (none at all past the file's end): the rest of a bomb
    after a short /Length is never inflated, and the page has nothing to read — said as a
    damaged stream, never as a scan (blind10a M9: "/Length 999999999" was "to skan")."""
    data = pdf([[stream(flate(zeros(PAST_PAGE)), b"/Filter /FlateDecode ", length)]])
    message = refused(data)
    assert (
        f"jest uszkodzony: obiekt 4: strumień deklaruje długość {length} bajtów, a do " in message
    )
    assert "(to nie skan)" in message
    assert "warstwy tekstowej" not in message


@pytest.mark.parametrize("length", [b"5", b"999999999", b"5 0 R"])
def test_a_text_page_whose_stream_length_lies_is_damaged_not_a_scan(length: bytes) -> None:
    text = b"BT /F1 12 Tf 72 700 Td (Harmonogram 2027) Tj ET"
    page = b"<< /Length %s >>\nstream\n" % length + text + b"\nendstream"
    data = pdf([[page]], extra=(b"%d" % (len(text) + 300),))
    message = refused(data)
    assert "jest uszkodzony: obiekt 4: strumień deklaruje długość" in message
    assert f"a do słowa „endstream” ma {len(text)}, więc tekstu stron" in message


def test_an_indirect_length_is_followed_to_the_bomb() -> None:
    body = flate(zeros(PAST_PAGE))
    bomb = b"<< /Length 5 0 R /Filter /FlateDecode >>\nstream\n" + body + b"\nendstream"
    data = pdf([[bomb]], extra=(b"%d" % len(body),))
    assert "strona 1: treść po rozpakowaniu przekracza 8 MB" in refused(data)


def test_the_testers_bomb_refused_on_its_second_page() -> None:
    """Blind round 8a, F2: one content stream inflating to 200 MB (here 40 MB: the kind)."""
    small = stream(b"BT ET")
    data = pdf([[small], [stream(flate(zeros(40 << 20)), b"/Filter /FlateDecode ")]])
    assert "strona 2: treść po rozpakowaniu przekracza 8 MB" in refused(data, "bomba.pdf")


def test_many_small_streams_of_one_page_add_up() -> None:
    piece = stream(flate(zeros(1 << 20)), b"/Filter /FlateDecode ")
    data = pdf([[piece] * (MAX_PAGE_CONTENT // (1 << 20) + 1)])
    assert "strona 1: treść po rozpakowaniu przekracza 8 MB" in refused(data)


def test_streams_of_many_pages_add_up_past_the_document_cap() -> None:
    piece = stream(flate(zeros(6 << 20)), b"/Filter /FlateDecode ")
    data = pdf([[piece]] * (MAX_INFLATED // (6 << 20) + 1))
    assert f"strumienie po rozpakowaniu przekraczają {MAX_INFLATED >> 20} MB" in refused(data)


def test_a_stream_outside_the_pages_past_its_cap() -> None:
    """A cross-reference stream (read before any page) inflating past MAX_STREAM."""
    body = flate(b"\0" * (MAX_STREAM + 1))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.5\n"
    for number, text in enumerate(objects, start=1):
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    xref = len(out)
    out += b"3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
    out += b"/Length %d >>\nstream\n" % len(body) + body + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    message = refused(out)
    assert f"jeden z jego strumieni po rozpakowaniu przekracza {MAX_STREAM >> 20} MB" in message


def test_a_page_with_too_many_operators() -> None:
    """3,000,000 `q Q` took 37 s (blind round 8a); past the cap is refused at once."""
    content = b"q Q " * (MAX_PAGE_TOKENS // 2 + 1)
    data = pdf([[stream(flate(content), b"/Filter /FlateDecode ")]])
    assert "strona 1: treść strony ma ponad 300 000 elementów" in refused(data)


SEVEN_MB = 7 << 20


@pytest.mark.parametrize(
    "shown",
    [
        b"(" + b"A" * SEVEN_MB + b")",  # blind round 10a, M18: few elements, one string
        b"<" + b"0041" * (SEVEN_MB // 4) + b">",  # hex
        b"(" + b"(a) " * 20_000 + b"x" * (MAX_STRING - 60_000) + b")",  # nested, one string
        b"(" + b"\\) " * 30_000 + b"x" * (MAX_STRING - 80_000) + b")",  # escaped ")"
    ],
    ids=["literal", "hex", "nested", "escaped"],
)
def test_a_page_showing_one_string_far_beyond_a_table_cell(shown: bytes) -> None:
    """A 7 MB page whose content is one 7 MB string took 19 s and 1.12 GB before the child's
    limits refused it as too costly (pdfminer makes an object of each character); now the
    string, of any syntax, is refused before anything is laid out."""
    content = b"BT /F1 9 Tf 40 800 Td " + shown + b" Tj ET"
    data = pdf([[stream(flate(b"q Q\n"))], [stream(flate(content), b"/Filter /FlateDecode ")]])
    message = refused(data)
    assert f"strona 2: jeden napis w treści strony ma ponad {MAX_STRING >> 10} kB" in message
    assert "przekroczył limit" not in message


def test_pages_under_their_cap_add_up_past_the_documents() -> None:
    content = stream(flate(b"0 0 m " * (MAX_PAGE_TOKENS // 3 - 10)), b"/Filter /FlateDecode ")
    data = pdf([[content]] * (MAX_TOKENS // MAX_PAGE_TOKENS + 1))
    assert "treść stron ma razem ponad 1 000 000 elementów" in refused(data)


def test_a_page_tree_with_too_many_pages() -> None:
    data = pdf([[stream(b"BT ET")]] * (MAX_PAGES + 1))
    assert f"dokument ma ponad {MAX_PAGES} stron" in refused(data)


def test_deeply_nested_arrays_and_dictionaries() -> None:
    nested = b"[" * 100_000 + b"]" * 100_000 + b"<<" * 50_000 + b">>" * 50_000
    data = pdf([[stream(b"BT ET")]], extra=(nested,), trailer=b"/Info 5 0 R ")
    assert "jest uszkodzony" in refused(data)  # quickly: pdfminer's parser keeps its own stack


def test_a_cross_reference_loop() -> None:
    data = pdf([[stream(b"BT ET")]])
    looping = data.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % data.rindex(b"xref\n0"))
    assert "jest uszkodzony" in refused(looping)
