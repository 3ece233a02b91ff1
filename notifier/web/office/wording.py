"""The office's messages in one voice (blind round 8b, m11 and m13): a value echoed the way a
file's check echoes it (Python's quotes: 'javascript:x') is quoted „javascript:x” as the rest
of the office quotes, and a request says "prosimy" (the Państwo register), never "proszę"."""

from __future__ import annotations

import re

# A repr-quoted value: not an apostrophe inside a word ("O'Neill"), escapes kept as written.
_ECHOED = re.compile(r"(?<![\w„'])'((?:[^'\\\n]|\\.)*)'(?![\w'])")
_PLEASE = re.compile(r"\b([Pp])roszę\b")


def office_wording(text: str) -> str:
    """`text` with echoed values quoted „…” and "proszę" made "prosimy"."""
    text = _ECHOED.sub(lambda m: f"„{m[1]}”", text)
    return _PLEASE.sub(lambda m: f"{m[1]}rosimy", text)


def office_errors(errors: dict[str, str]) -> dict[str, str]:
    """A form's messages by field, each in the office's wording."""
    return {name: office_wording(said) for name, said in errors.items()}
