"""Compose email messages (multipart text + HTML, UTF-8, RFC 2047 subjects) from rendered emails."""

from __future__ import annotations

from datetime import datetime
from email.header import Header
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import format_datetime, make_msgid, parseaddr

from notifier.emails import RenderedEmail

ONE_CLICK = "List-Unsubscribe=One-Click"


class _VerbatimHeader(UnstructuredHeader, BaseHeader):
    """An ASCII header written as is: a long URL must not be folded into RFC 2047 words.

    (The default policy encodes a word longer than the line limit, which mail clients
    would not decode in List-Unsubscribe.)
    """

    def fold(self, *, policy: Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


class _EncodedWordsHeader(UnstructuredHeader, BaseHeader):
    """The subject folded by email.header.Header: non-ASCII text as whole RFC 2047 encoded
    words with the spaces inside them, ASCII text folded at spaces.

    The default folder mixes plain and encoded words when it wraps a long line and then
    loses or doubles the spaces between them ("ważnerozwój"; about one Polish subject in
    fifteen came out changed), and a long ASCII subject gained a leading space.
    """

    def fold(self, *, policy: Policy) -> str:
        value = str(self)
        charset = "us-ascii" if value.isascii() else "utf-8"
        encoded = Header(value, charset, header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


def _policy() -> Policy:
    registry = HeaderRegistry()
    registry.map_to_type("list-unsubscribe", _VerbatimHeader)
    registry.map_to_type("subject", _EncodedWordsHeader)
    return SMTP.clone(header_factory=registry)


POLICY = _policy()


def sender_domain(from_address: str) -> str:
    """The domain of the From address (for Message-IDs)."""
    return parseaddr(from_address)[1].rpartition("@")[2] or "localhost"


def compose(
    rendered: RenderedEmail,
    *,
    from_address: str,
    to: str,
    now: datetime,
    unsubscribe_url: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """A multipart/alternative message; with `unsubscribe_url`, RFC 8058 one-click headers."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = rendered.subject
    message["From"] = from_address
    message["To"] = Address(addr_spec=to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender_domain(from_address))
    if unsubscribe_url is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = ONE_CLICK
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(rendered.text, charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return message
