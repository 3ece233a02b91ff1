"""A component's iCalendar bytes, folded at 75 octets (RFC 5545 §3.1) without icalendar's
per-character fold.

icalendar folds each content line one character at a time, encoding every character to
count its octets: on a feed of a few thousand events that was most of the rendering time.
`serialise` gives exactly `component.to_ical()`'s bytes (a property test holds it to it):
each line cut into the longest pieces of at most 74 octets, never between a backslash or
caret and the character it escapes.
"""

from __future__ import annotations

from collections.abc import Callable

from icalendar.cal.component import Component

LIMIT = 75  # octets a piece reaches before it is folded (icalendar's limit)
FOLD = "\r\n "


def serialise(component: Component) -> bytes:
    """`component.to_ical()` (sorted properties and parameters, CRLF), folded by fold_line."""
    lines = component.content_lines(sorted=True)
    return b"".join(fold_line(line) + b"\r\n" for line in lines if line)


def fold_line(line: str) -> bytes:
    """One unfolded content line as UTF-8, folded: pieces of at most LIMIT - 1 octets, each
    as long as it can be, a backslash or caret ending a piece moved to the next one."""
    data = line.encode()
    if len(data) < LIMIT:
        return data
    if len(data) == len(line):  # ASCII: one octet a character
        return _fold(line, lambda start, end: end - start).encode()
    return _fold(line, lambda start, end: len(line[start:end].encode())).encode()


def _octets(char: str) -> int:
    code = ord(char)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _fold(line: str, size_of: Callable[[int, int], int]) -> str:
    pieces = []
    start, count = 0, len(line)
    while start < count:
        end = min(count, start + LIMIT - 1)
        size = size_of(start, end)
        while size > LIMIT - 1:
            end -= 1
            size -= _octets(line[end])
        if end < count and end - start > 1 and line[end - 1] in "\\^":
            end -= 1  # an escape stays with what it escapes (icalendar's rule)
        pieces.append(line[start:end])
        start = end
    return FOLD.join(pieces)
