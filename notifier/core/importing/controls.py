"""Characters of a document that are no text, removed from every cell and line the importer
reads and named in its review with their place (one rule for every format, blind10a M6/M8).

What is removed is what a harmonogram file refuses (notifier.core.input_rules, the rule of
`notifier check`): control characters (C0 but tab and line ends, DEL, C1), the bidi
embeddings, overrides and isolates (they reorder or hide what follows them), U+FFFE/U+FFFF and
lone surrogates; and the invisible format characters the file's readers remove (a zero-width
space, a soft hyphen). A terminal's escape sequence ("\\x1b[31m") goes whole: its "[31m" is no
more text than its ESC. A document's text keeps nothing of them, and the review says which
characters were removed from which cell (page or table, row), so a person can look there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from notifier.core.importing.quoting import printed
from notifier.core.input_rules import INVISIBLE_NAMES, no_text_chars, without_forbidden_chars

# CSI (ESC [ or C1 0x9B, parameters, a final byte) and OSC (ESC ], up to BEL or ESC \)
_TERMINAL_RE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,256}(?:\x07|\x1b\\)?"
)
_BIDI = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
MAX_PLACES = 5  # places the review names; the rest are counted
REMOVED_NOTE = "usunięto znaki sterujące i niewidoczne z tekstu dokumentu"


@dataclass(frozen=True)
class Removal:
    """What was removed from one cell or line: its place as the review names it ("tabela 1,
    wiersz 3"), the removed characters in order, and the text left."""

    place: str
    chars: str
    text: str


def cleaned(text: str) -> tuple[str, str]:
    """`text` without the characters that are no text (see the module docstring), and those
    removed, in order (an escape sequence counted as its ESC)."""
    removed: list[str] = []

    def sequence(found: re.Match[str]) -> str:
        removed.append(found[0][0])
        return ""

    if "\x1b" in text or "\x9b" in text:
        text = _TERMINAL_RE.sub(sequence, text)
    text, more = no_text_chars(text)
    return text, "".join(removed) + more


def _named(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char in _BIDI:
        return f"znak sterujący kierunkiem pisma {code} (może ukryć lub odwrócić tekst)"
    if without_forbidden_chars(char)[1]:
        return f"znak sterujący {code}"
    name = INVISIBLE_NAMES.get(ord(char))
    return f"niewidoczny znak {code}" + (f" ({name})" if name else "")


def removal_notes(removals: list[Removal]) -> list[str]:
    """The review's notes on `removals`: how many characters in all, then each place (the
    first MAX_PLACES) with the characters named and the text left quoted; [] when none."""
    removals = [r for r in removals if r.chars]
    if not removals:
        return []
    total = sum(len(r.chars) for r in removals)
    notes = [f"{REMOVED_NOTE} ({total}): nie są tekstem"]
    for removal in removals[:MAX_PLACES]:
        counts = Counter(removal.chars)
        named = ", ".join(
            _named(char) + (f" ({n}×)" if n > 1 else "") for char, n in counts.items()
        )
        notes.append(f"{removal.place}: usunięto {named}; zostało {printed(removal.text)}")
    rest = len(removals) - MAX_PLACES
    if rest > 0:
        notes.append(f"… i w {rest} innych miejscach dokumentu")
    return notes
