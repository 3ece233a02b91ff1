"""Text saved as UTF-16 or UTF-32 (wide_text); notifier.documents.encoding reads the rest."""

from __future__ import annotations

import codecs

from notifier.core.importing.model import DocumentError

# UTF-32 first: its little-endian mark begins with UTF-16's.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def wide_text(data: bytes, name: str) -> str | None:
    """The text of `data` saved as UTF-16 or UTF-32 — Excel's "Web page (Unicode)", Notepad's
    "Unicode" — known by its byte-order mark, or by the zero byte beside each ASCII character
    of UTF-16 without one; None for any other bytes (blind round three, m2: such a page was
    "no table" to the importer). DocumentError when the bytes do not decode."""
    encoding = next((codec for mark, codec in _MARKS if data.startswith(mark)), None)
    head = data[:400]
    if encoding is None and len(head) >= 8 and len(data) % 2 == 0:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even == 0:
            encoding = "utf-16-le"
        elif even > len(head) // 4 and odd == 0:
            encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DocumentError(
            f"Plik {name} jest zapisany w {encoding.upper()[:6]}, ale jego bajty się nie "
            "odczytują (plik uszkodzony albo ucięty). Proszę zapisać go ponownie, najlepiej "
            "w UTF-8."
        ) from None
