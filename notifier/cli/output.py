"""What the command line prints reaches a terminal: one rule for every line, whatever printed
it (blind10a M14, M16: `publish --out "$(printf 'e\\x1b[31mx')"` and `web --host` put a raw
ESC sequence on the operator's terminal in a success line while the error lines escaped it).

printable_output writes a control character (C0 but tab and line end, DEL, C1), a bidi
control and a byte that was not UTF-8 as its escape ("\\x1b", "\\u202e", "\\xff"), as
notifier.files.reading.shown_path writes a path; printable_streams puts it under sys.stdout
and sys.stderr for a command's run. What a command writes to `sys.stdout.buffer` (a feed, an
export: data, not lines) passes unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from notifier.core.input_rules import escaped_forbidden_chars


def printable_output(text: str) -> str:
    """`text` safe for a terminal: escapes as input_rules writes them, and a carriage return
    too (it would let a later part overwrite the line)."""
    return escaped_forbidden_chars(text).replace("\r", "\\x0d")


class PrintableStream:
    """A text stream whose every write goes through printable_output; everything else
    (flush, fileno, buffer, isatty, encoding) is the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable_output(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def printable_streams() -> Iterator[None]:
    """sys.stdout and sys.stderr through PrintableStream while the block runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(out), PrintableStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
