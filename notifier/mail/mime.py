"""Compose emails in their wire form: multipart text + HTML, UTF-8, RFC 2047 headers, CRLF.

A message is composed once, to bytes, and every backend moves those bytes as they are: the
SMTP server and the outbox receive the same thing, and nothing is serialised twice.
"""

from __future__ import annotations

import binascii
import email.quoprimime
import re
import secrets
from base64 import b64encode
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from functools import lru_cache
from itertools import pairwise

from notifier.mail.render import RenderedEmail

ONE_CLICK = "List-Unsubscribe=One-Click"
CRLF = b"\r\n"


@dataclass(frozen=True)
class OutgoingMessage:
    """One email as it goes on the wire, with what delivery and the log need to know."""

    sender: str  # the envelope sender (MAIL FROM): the From address
    recipients: tuple[str, ...]
    message_id: str
    subject: str
    data: bytes  # the whole message, CRLF line ends


def _header(name: str, value: str) -> bytes:
    """`Name: value` in lines of at most 78 characters that unfold to exactly the text.

    ASCII text is folded before a space. Other text becomes RFC 2047 encoded words, one per
    line, with every character (spaces too) inside a word: decoders drop the whitespace
    between adjacent encoded words, so the text comes back exactly. (The email package's
    own folder mixed plain and encoded words and lost or doubled spaces in long Polish
    subjects.)
    """
    if value.isascii():
        return _fold_ascii(f"{name}:", value.split(" ")).encode("ascii") + CRLF
    room = min(78 - len(name) - 2, MAX_ENCODED_WORD) - len(_WORD_FRAME)  # base64 per line
    folded = "\r\n ".join(_encoded_words(value, max(room // 4 * 3, 4)))
    return f"{name}: {folded}".encode("ascii") + CRLF


# RFC 2047 section 2: an encoded word is at most 75 characters, "=?utf-8?b?" and "?=" included.
MAX_ENCODED_WORD = 75
_WORD_FRAME = "=?utf-8?b??="
_WORD_BYTES = (MAX_ENCODED_WORD - len(_WORD_FRAME)) // 4 * 3  # UTF-8 bytes that fit in one word


def _encoded_words(text: str, chunk: int = _WORD_BYTES) -> list[str]:
    """`text` as RFC 2047 base64 words of at most `chunk` UTF-8 bytes each, split between
    characters (never inside one); decoders join adjacent encoded words without a space."""
    words, current = [], b""
    for char in text:
        encoded = char.encode("utf-8")
        if current and len(current) + len(encoded) > chunk:
            words.append(current)
            current = b""
        current += encoded
    words.append(current)
    return [f"=?utf-8?b?{b64encode(word).decode('ascii')}?=" for word in words]


def _fold_ascii(head: str, words: list[str]) -> str:
    """`head` and the words, one space apart, broken before a space where a line passes 78."""
    lines, line = [], head
    for word in words:
        if line != head and len(line) + 1 + len(word) > 78:
            lines.append(line)
            line = ""
        line += " " + word
    return "\r\n".join([*lines, line])


def _verbatim(name: str, value: str) -> bytes:
    """An ASCII header written as is (a long URL in List-Unsubscribe must stay one word)."""
    return f"{name}: {value}".encode("ascii") + CRLF


# An RFC 5322 atom (section 3.2.3) that cannot be mistaken for the start of an encoded word.
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/?^_`{|}~-]+")


def _display_tokens(name: str) -> list[str]:
    """A display name as phrase tokens: plain ASCII words stay atoms; each run of other words
    becomes RFC 2047 encoded words of at most 75 characters (RFC 2047 sections 2 and 5(3)).

    Keeping ASCII words plain keeps the spaces around them exact for every decoder, including
    those (Python's among them) that wrongly put a space between two adjacent encoded words.
    """
    if name.isascii():
        quoted = formataddr((name, "x@x")).removesuffix(" <x@x>")  # quoted if it needs to be
        return quoted.split(" ")  # folding inside a quoted string keeps its spaces (FWS)
    tokens: list[str] = []
    run: list[str] = []
    for word in name.split(" "):
        if word and _ATOM.fullmatch(word):
            if run:
                tokens += _encoded_words(" ".join(run))
                run = []
            tokens.append(word)
        else:
            run.append(word)
    if run:
        tokens += _encoded_words(" ".join(run))
    return tokens


@lru_cache(maxsize=64)
def _address(name: str, address: str, *, field: str) -> bytes:
    """`From: Name <address>`, folded before a space where a line would pass 78 characters."""
    if not name:
        return _verbatim(field, address)
    return _fold_ascii(f"{field}:", [*_display_tokens(name), f"<{address}>"]).encode("ascii") + CRLF


@lru_cache(maxsize=64)
def _sender(from_address: str) -> tuple[str, str, str]:
    """(display name, address, domain) of a From setting, parsed once."""
    name, address = parseaddr(from_address)
    return name, address, address.rpartition("@")[2] or "localhost"


def quoted_printable(text: str) -> bytes:
    """The UTF-8 bytes of `text` quoted-printable with CRLF line ends (RFC 2045 section 6.7).

    The same bytes as email.quoprimime.body_encode(maxlinelen=76, eol="\\r\\n") gives, from
    binascii's C encoder: this runs once per email of a reminder pass.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    data = normalised.encode("utf-8")
    fast = binascii.b2a_qp(data.replace(b"\n", b"\r\n"), istext=True)
    lines = fast.split(b"\r\n")
    if max(map(len, lines)) <= 76 and not _broken_early(lines):
        return fast
    # binascii lets a line ending in encoded white space reach 77 characters, and breaks a
    # line whose rest would still fit: the stdlib's pure-Python encoder gets both right (rare
    # lines, so the slow path is rare too).
    latin = data.decode("latin-1")  # quoprimime works on characters below 256
    return email.quoprimime.body_encode(latin, maxlinelen=76, eol="\r\n").encode("ascii")


def _broken_early(lines: list[bytes]) -> bool:
    """Whether binascii put a soft line break ("=" at a line's end; an encoded line never
    ends in a bare "=" otherwise) before the last piece of a line although both fit in 76
    characters, where the stdlib breaks only a rest of 77 or more (seen with a line ending
    in "=F0=90=80=80" at column 76)."""
    return any(
        before.endswith(b"=") and not last.endswith(b"=") and len(before) - 1 + len(last) <= 76
        for before, last in pairwise(lines)
    )


def _text_part(content_type: str, text: str) -> bytes:
    """A UTF-8 text part, quoted-printable: 7-bit safe, every line at most 76 characters
    (RFC 2045 section 6.7 rule 5), trailing spaces encoded (rule 3)."""
    body = quoted_printable(text)
    if not body.endswith(CRLF):
        body += CRLF
    # The CRLF before the next boundary belongs to the boundary (RFC 2046), hence one more.
    return (
        (
            f'Content-Type: {content_type}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        ).encode("ascii")
        + body
        + CRLF
    )


def compose(
    rendered: RenderedEmail,
    *,
    from_address: str,
    to: str,
    now: datetime,
    unsubscribe_url: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutgoingMessage:
    """A multipart/alternative message; with `unsubscribe_url`, RFC 8058 one-click headers.

    `now` is the real moment of sending (the wall clock), written as `Date:` (RFC 5322
    section 3.6.1: when the message was ready to go) — never a pass's `--as-of` moment.
    """
    return _assemble(
        rendered.subject,
        _text_part("text/plain", rendered.text),
        _text_part("text/html", rendered.html),
        from_address=from_address,
        to=to,
        now=now,
        unsubscribe_url=unsubscribe_url,
        headers={"Content-Language": rendered.language, **(headers or {})},
    )


def _assemble(
    subject: str,
    text_part: bytes,
    html_part: bytes,
    *,
    from_address: str,
    to: str,
    now: datetime,
    unsubscribe_url: str | None,
    headers: dict[str, str] | None,
) -> OutgoingMessage:
    """The headers and the two encoded parts (see _text_part) as one message."""
    name, sender, domain = _sender(from_address)
    if not to.isascii():
        raise ValueError(f"recipient address must be ASCII (IDNA-encoded): {to!r}")
    message_id = make_msgid(domain=domain)
    # "=_" never appears in quoted-printable text, so the boundary cannot occur in a part.
    boundary = f"=_{secrets.token_hex(16)}"
    head = [
        _header("Subject", subject),
        _address(name, sender, field="From"),
        _verbatim("To", to),
        _verbatim("Date", format_datetime(now)),
        _verbatim("Message-ID", message_id),
        _verbatim("MIME-Version", "1.0"),
    ]
    if unsubscribe_url is not None:
        head.append(_verbatim("List-Unsubscribe", f"<{unsubscribe_url}>"))
        head.append(_verbatim("List-Unsubscribe-Post", ONE_CLICK))
    head += [_header(key, value) for key, value in (headers or {}).items()]
    head.append(_verbatim("Content-Type", f'multipart/alternative;\r\n boundary="{boundary}"'))
    delimiter = f"--{boundary}\r\n".encode("ascii")
    data = b"".join(
        (
            *head,
            CRLF,
            delimiter,
            text_part,
            delimiter,
            html_part,
            f"--{boundary}--\r\n".encode("ascii"),
        )
    )
    return OutgoingMessage(sender, (to,), message_id, subject, data)
