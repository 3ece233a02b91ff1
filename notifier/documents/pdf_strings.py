"""The longest string in a page's content (PDF syntax: a literal `( … )`, nested parentheses
balanced, `\\(` escaped, or a hex `< … >`), for notifier.documents.pdf_limits: pdfminer makes
one object of each character it shows, so one 7 MB string took 19 s and 1.12 GB before the
child's limits stopped it (blind round 10a, M18). Linear: the bytes between parentheses are
skipped by the regular expression engine, only parentheses are looked at one by one (a page has
few: each is one of the elements its bound counts)."""

from __future__ import annotations

import re

__all__ = ["longest_string"]

_MARK = re.compile(rb"[()%]")
_OPEN, _PERCENT, _BACKSLASH = ord("("), ord("%"), ord("\\")


def longest_string(data: bytes, enough: int) -> int:
    """The length (bytes of syntax) of the longest string in the content `data`, or of the
    first found longer than `enough`."""
    longest = _longest_hex(data, enough)
    depth, start, after, comment = 0, 0, 0, -1
    for mark in _MARK.finditer(data):
        at, char = mark.start(), data[mark.start()]
        if depth == 0:
            if at < comment:
                continue
            if char == _PERCENT:  # a comment, to the end of its line
                ends = [e for e in (data.find(b"\n", at), data.find(b"\r", at)) if e >= 0]
                comment = min(ends, default=len(data))
            elif char == _OPEN:
                depth, start, after = 1, at, at + 1
            continue
        if char == _PERCENT:
            continue
        if data[at - 1] == _BACKSLASH:  # the backslashes right before it escape it, if odd
            before = data[after:at]
            if (len(before) - len(before.rstrip(b"\\"))) % 2:
                after = at + 1
                continue
        after = at + 1
        depth += 1 if char == _OPEN else -1
        if depth == 0:
            longest = max(longest, at + 1 - start)
            if longest > enough:
                return longest
    return max(longest, len(data) - start) if depth else longest


def _longest_hex(data: bytes, enough: int) -> int:
    """The longest hex string's length, or past `enough` as soon as one is found past it."""
    longer = re.search(rb"<[0-9A-Fa-f\s]{%d,}>" % enough, data)
    return len(longer.group()) if longer else 0
