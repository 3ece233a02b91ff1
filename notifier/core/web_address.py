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


def web_address_problem(value: str, schemes: tuple[str, ...] = WEB_SCHEMES) -> str | None:
    """Why `value` is not an absolute address of one of `schemes` with a host (Polish, no
    field name; "ma błędny numer portu …", "nie jest adresem strony …"), None when it is."""
    broken = broken_address(value)
    if broken is not None:
        return broken
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.hostname or any(c.isspace() for c in value):
        shown = " lub ".join(f"{s}://" for s in schemes)
        return f"nie jest pełnym adresem zaczynającym się od {shown}"
    if parts.scheme in WEB_SCHEMES and "@" in parts.netloc:  # https://bip.example.org@evil.pl
        return (
            f"ma przed nazwą serwera część zakończoną „@” ({parts.netloc.rpartition('@')[0]}@), "
            f"która ukrywa, że strona jest na {parts.hostname} – prosimy podać adres bez niej"
        )
    bad = next((c for c in value if c in _NOT_IN_ADDRESS), None)
    if bad is not None:  # RFC 3986 has no place for them; strict calendar readers refuse them
        return f"zawiera znak {bad}, którego nie może być w adresie – prosimy zapisać go jako %{ord(bad):02X}"
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
