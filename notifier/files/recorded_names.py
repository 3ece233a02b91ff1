"""A harmonogram file's name as the database records it (tables `served_files` and
`kept_files`): its path relative to the served directory, without loss.

A file name is bytes; most are UTF-8 and are recorded as their text. A backslash is written
twice and each byte that is not UTF-8 as `\\xNN`, so a name holding a byte 0xFF and one
holding a literal `\\xff` are two names (blind round three, m10: the shown form,
notifier.files.reading.shown_path, made them one). What is shown to people stays shown_path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ESCAPE_RE = re.compile(r"\\(?:\\|x([0-9a-f]{2}))")


def _escaped(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if "\udc80" <= char <= "\udcff":  # a byte that is not UTF-8 (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char


def recorded_name(path: Path) -> str:
    """`path` (relative) as recorded: lossless text, `recorded_path` gives it back."""
    raw = os.fsencode(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "surrogateescape")
    else:
        if "\\" not in text:
            return text
    return "".join(_escaped(char) for char in text)


def recorded_path(name: str) -> Path:
    """The relative path recorded as `name` (see recorded_name)."""
    raw, end = bytearray(), 0
    for found in _ESCAPE_RE.finditer(name):
        raw += name[end : found.start()].encode("utf-8", "surrogatepass")
        raw += b"\\" if found[1] is None else bytes([int(found[1], 16)])
        end = found.end()
    raw += name[end:].encode("utf-8", "surrogatepass")
    return Path(os.fsdecode(bytes(raw)))
