"""Compose emails in their wire form: multipart text + HTML, UTF-8, RFC 2047 headers, CRLF.

A message is composed once, to bytes, and every backend moves those bytes as they are: the
SMTP server and the outbox receive the same thing, and nothing is serialised twice.
"""

from __future__ import annotations

import binascii
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from notifier.emails import RenderedEmail

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


def sender_domain(from_address: str) -> str:
    """The domain of the From address (for Message-IDs)."""
    return parseaddr(from_address)[1].rpartition("@")[2] or "localhost"


def _header(name: str, value: str) -> bytes:
    """`Name: value`, folded at spaces; non-ASCII text as whole RFC 2047 encoded words.

    email.header.Header keeps the spaces inside the encoded words, so a decoder gives back
    exactly the text (the email package's newer folder lost or doubled some spaces in long
    Polish subjects).
    """
    charset = "us-ascii" if value.isascii() else "utf-8"
    folded = Header(value, charset, header_name=name).encode(linesep="\r\n")
    return f"{name}: {folded}".encode("ascii") + CRLF


def _verbatim(name: str, value: str) -> bytes:
    """An ASCII header written as is (a long URL in List-Unsubscribe must stay one word)."""
    return f"{name}: {value}".encode("ascii") + CRLF


def _address(name: str, address: str, *, field: str) -> bytes:
    """`From: Name <address>`: a non-ASCII name as encoded words, folded before the address."""
    if not name:
        return _verbatim(field, address)
    if name.isascii():
        display = formataddr((name, "x@x")).removesuffix(" <x@x>")  # quoted if it needs to be
    else:
        # One encoded word, however long: parsers of address headers put a space between
        # adjacent encoded words, so a name split across two would come back changed.
        display = Header(name, "utf-8", maxlinelen=998).encode()
    last_line = f"{field}: {display}".rsplit("\r\n", 1)[-1]
    gap = " " if len(last_line) + len(address) + 3 <= 78 else "\r\n "
    return f"{field}: {display}{gap}<{address}>".encode("ascii") + CRLF


def _text_part(content_type: str, text: str) -> bytes:
    """A UTF-8 text part, quoted-printable (7-bit safe, lines within 76 octets)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    body = binascii.b2a_qp(normalised.encode("utf-8"), istext=True).replace(b"\n", CRLF)
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
    """A multipart/alternative message; with `unsubscribe_url`, RFC 8058 one-click headers."""
    name, sender = parseaddr(from_address)
    if not to.isascii():
        raise ValueError(f"recipient address must be ASCII (IDNA-encoded): {to!r}")
    message_id = make_msgid(domain=sender_domain(from_address))
    # "=_" never appears in quoted-printable text, so the boundary cannot occur in a part.
    boundary = f"=_{secrets.token_hex(16)}"
    head = [
        _header("Subject", rendered.subject),
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
            _text_part("text/plain", rendered.text),
            delimiter,
            _text_part("text/html", rendered.html),
            f"--{boundary}--\r\n".encode("ascii"),
        )
    )
    return OutgoingMessage(sender, (to,), message_id, rendered.subject, data)
