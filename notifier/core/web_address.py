"""The one rule for an address typed by people (a task's or call's link in a file, a form, the
command line, a setting): what is wrong with it, in Polish, or None.

`urllib.parse.urlsplit` raises ValueError for an unclosed IPv6 bracket ("https://[::1/a") and
`.port` for a port that is not a number or over 65535; neither may escape as a 500 or a
traceback (issue 25), so every exception of the parse is this rule's answer. A port must lie
in 1–65535 (RFC 6335: 0 is reserved and cannot be connected to).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from notifier.core.echo import printable

WEB_SCHEMES = ("http", "https")
PORT_MAX = 65535
_NOT_IN_ADDRESS = frozenset('"<>\\^`{|}')
_BAD_PORT = f"ma błędny numer portu – port to liczba od 1 do {PORT_MAX}"


def broken_address(value: str) -> str | None:
    """Why `value` cannot be split as an address (RFC 3986; Polish, without the field's name):
    an unclosed "[" of an IPv6 address, a port that is not a number in 1–65535; None when it
    can (then `urlsplit(value)` and its `.hostname` and `.port` do not raise)."""
    try:
        parts = urlsplit(value)
        parts.hostname  # noqa: B018 - raises on a malformed IPv6 address
        port = parts.port
    except ValueError:
        if "[" in value or "]" in value:
            return "ma błędny adres IPv6 w nawiasach kwadratowych [ ] (np. niezamknięty nawias)"
        return _BAD_PORT
    return _BAD_PORT if port == 0 else None


# White space by the name a clerk knows it by; any other is "odstęp" with its code point.
_SPACE_NAMES = {
    " ": "spację",
    "\t": "tabulator",
    "\n": "koniec wiersza",
    "\r": "koniec wiersza",
    "\u00a0": "twardą spację (U+00A0)",
}


def character_problem(value: str) -> str | None:
    """What character `value` holds that no address may hold (RFC 3986): white space — named,
    with the text before it ("zawiera spację po „https://bip.example.org/”"; blind10a M3: the
    file, `announce`, the office form and the settings say the same) — or one of " < > \\ ^ `
    { | }; None when there is none."""
    at = next((i for i, c in enumerate(value) if c.isspace()), None)
    if at is not None:
        char = value[at]
        name = _SPACE_NAMES.get(char, f"odstęp (U+{ord(char):04X})")
        before = printable(value[:at] if at <= 60 else "…" + value[at - 59 : at])
        where = f" po „{before}”" if before else " na początku"
        return (
            f"zawiera {name}{where} – w adresie nie może być odstępów; prosimy je usunąć "
            "albo zapisać spację jako %20"
        )
    bad = next((c for c in value if c in _NOT_IN_ADDRESS), None)
    if bad is not None:  # RFC 3986 has no place for them; strict calendar readers refuse them
        return f"zawiera znak {bad}, którego nie może być w adresie – prosimy zapisać go jako %{ord(bad):02X}"
    return None


def web_address_problem(value: str, schemes: tuple[str, ...] = WEB_SCHEMES) -> str | None:
    """Why `value` is not an absolute address of one of `schemes` with a host (Polish, no
    field name; "ma błędny numer portu …", "zawiera spację …", "nie jest pełnym adresem …"),
    None when it is. In a value that starts with one of the schemes, a character no address
    may hold is named first, whatever else is wrong."""
    broken = broken_address(value)
    if broken is not None:
        return broken
    characters = character_problem(value)
    if characters is not None and value.split(":", 1)[0].lower() in schemes:
        return characters  # "https://bip.example.org/ spaced": it does start right
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.hostname or characters is not None:
        shown = " lub ".join(f"{s}://" for s in schemes)
        return f"nie jest pełnym adresem zaczynającym się od {shown}"
    if parts.scheme in WEB_SCHEMES and "@" in parts.netloc:  # https://bip.example.org@evil.pl
        return (
            f"ma przed nazwą serwera część zakończoną „@” ({parts.netloc.rpartition('@')[0]}@), "
            f"która ukrywa, że strona jest na {parts.hostname} – prosimy podać adres bez niej"
        )
    return None


_ZERO_PART = re.compile(r"0+|0[xX]0*")


def bind_all(host: str) -> bool:
    """True for 0.0.0.0, :: and every spelling of them a resolver takes ("0", "0.0", "0x0",
    "0.0.0.0." with the root's dot, "[::]"): a listening address, never one a reader can open
    (blind round 8a: http://0:8000 passed as NOTIFIER_BASE_URL)."""
    name = host.strip().strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(name).is_unspecified
    except ValueError:
        pass
    # The classic forms a resolver (inet_aton) reads as 0.0.0.0: one to four parts, each a
    # zero in decimal, octal or hex ("0", "0.0", "0x0", "00.0.0.0").
    parts = name.split(".")
    return len(parts) <= 4 and all(_ZERO_PART.fullmatch(p) for p in parts)
