"""What is wrong with a PDF whose pages give no text although it is no scan: a stream whose
declared /Length does not end where its "endstream" is (a length past the file's end, or a
stream cut short). pdfminer then reads the page's content as nothing and the PDF looked like a
scan without a text layer (blind10a M9: "/Length 999999999" was "to skan"). Asked only of a
PDF without text (notifier.documents.pdf), from its bytes, bounded: the first MAX_STREAMS
streams, each dictionary looked for in the MAX_DICT bytes before its "stream" keyword."""

from __future__ import annotations

import re

MAX_STREAMS = 5000
MAX_DICT = 4096
_STREAM_RE = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_OBJ_RE = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\b")
_LENGTH_RE = re.compile(rb"/Length\s+(\d{1,20})(?:\s+(\d{1,5})\s+R)?")
_END_RE = re.compile(rb"\s*endstream")


def _object(data: bytes, number: bytes) -> int | None:
    """The whole number `N 0 obj <number> endobj` holds (an indirect /Length), or None."""
    found = re.search(rb"(?<!\d)" + number + rb"\s+\d{1,5}\s+obj\s*(\d{1,20})\s*endobj", data)
    return int(found[1]) if found else None


def damaged_streams(data: bytes) -> list[str]:
    """What is wrong with each stream of `data` whose declared length misses its end (Polish:
    "obiekt 4: strumień deklaruje długość 999999999 bajtów, a ma 57"), [] when none does."""
    said: list[str] = []
    for count, stream in enumerate(_STREAM_RE.finditer(data)):
        if count >= MAX_STREAMS:
            break
        head = data[max(0, stream.start() - MAX_DICT) : stream.start()]
        objects = list(_OBJ_RE.finditer(head))
        if not objects:
            continue
        number = objects[-1][1].decode()
        lengths = list(_LENGTH_RE.finditer(head, objects[-1].end()))
        if not lengths:
            continue
        declared: int | None = int(lengths[-1][1])
        if lengths[-1][2] is not None:
            declared = _object(data, lengths[-1][1])
        if declared is None:
            continue
        start = stream.end()
        if start + declared <= len(data) and _END_RE.match(data, start + declared):
            continue
        end = data.find(b"endstream", start)
        while end > start and data[end - 1 : end] in (b"\n", b"\r"):
            end -= 1  # the line end before "endstream" is no part of the stream
        real = (
            f"a do słowa „endstream” ma {end - start}"
            if end >= 0
            else f"a plik kończy się po {len(data) - start}"
        )
        said.append(f"obiekt {number}: strumień deklaruje długość {declared} bajtów, {real}")
    return said
