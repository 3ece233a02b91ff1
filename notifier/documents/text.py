"""Plain text (a PDF's text extraction saved as .txt): decode it."""

from __future__ import annotations

from notifier.core.importing.model import DocumentError


def decode_text(data: bytes, name: str) -> str:
    """The text of `data`: UTF-8 (with or without BOM), else Windows-1250 as Polish offices
    save it. DocumentError if it holds NUL bytes (a binary file named .txt)."""
    if b"\x00" in data[:4096]:
        raise DocumentError(f"Plik {name} nie jest plikiem tekstowym.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1250", errors="replace")
