"""One email encoded once for many recipients who differ only in a few fixed-length values
(their link tokens): the parts are quoted-printable encoded once, and each recipient's
message splices their values into the encoded bytes.

Quoted-printable (RFC 2045 section 6.7) writes printable ASCII other than "=" as itself and
breaks lines by the width of what it wrote, so a value of the same length made of such
characters lands in exactly the place of its stand-in, with the soft line breaks ("=" CRLF)
where the stand-in had them. The result is byte for byte what encoding the filled-in text
would give (tests/mail/test_mime_template.py checks this against notifier.mail.mime.compose).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import pairwise

from notifier.mail.mime import OutgoingMessage, _assemble, _text_part
from notifier.mail.render import RenderedEmail

SOFT_BREAK = b"=\r\n"
_MAYBE_BREAK = b"(?:=\r\n)?"
# Bytes quoted-printable never encodes (RFC 2045 section 6.7 rule 2: 33-60 and 62-126).
_LITERAL = frozenset(range(33, 127)) - {ord("=")}


def splices(value: str) -> bool:
    """Whether `value` can stand in for, or be spliced over, a stand-in: printable ASCII
    that quoted-printable writes as itself (no "=", no white space)."""
    return value.isascii() and all(ord(c) in _LITERAL for c in value)


@lru_cache(maxsize=16)
def _pattern(stand_ins: tuple[str, ...]) -> re.Pattern[bytes]:
    """Any of the stand-ins, each possibly broken by soft line breaks between characters."""
    return re.compile(
        b"|".join(
            b"(?:" + _MAYBE_BREAK.join(re.escape(c.encode("ascii")) for c in s) + b")"
            for s in sorted(stand_ins, key=len, reverse=True)
        )
    )


@dataclass(frozen=True)
class _Hole:
    stand_in: str
    breaks: tuple[int, ...]  # offsets into the stand-in where a soft line break falls


@dataclass(frozen=True)
class _Spliced:
    """Encoded bytes cut at the stand-ins: pieces[0], hole 0, pieces[1], … pieces[-1]."""

    pieces: tuple[bytes, ...]
    holes: tuple[_Hole, ...]

    @classmethod
    def of(cls, encoded: bytes, stand_ins: Sequence[str]) -> _Spliced:
        pattern = _pattern(tuple(stand_ins))
        pieces, holes, at = [], [], 0
        for match in pattern.finditer(encoded):
            found = match.group()
            breaks, chars = [], 0
            for chunk in found.split(SOFT_BREAK):
                chars += len(chunk)
                breaks.append(chars)
            stand_in = found.replace(SOFT_BREAK, b"").decode("ascii")
            pieces.append(encoded[at : match.start()])
            holes.append(_Hole(stand_in, tuple(breaks[:-1])))
            at = match.end()
        pieces.append(encoded[at:])
        return cls(tuple(pieces), tuple(holes))

    def fill(self, values: Mapping[str, str]) -> bytes:
        out = [self.pieces[0]]
        for hole, piece in zip(self.holes, self.pieces[1:], strict=True):
            value = values[hole.stand_in].encode("ascii")
            if hole.breaks:
                cuts = (0, *hole.breaks, len(value))
                value = SOFT_BREAK.join(value[a:b] for a, b in pairwise(cuts))
            out += (value, piece)
        return b"".join(out)


class MessageTemplate:
    """An email rendered once, with stand-in values, to be composed for many recipients.

    `stand_ins` are the placeholder strings in the text and HTML (e.g. a link token of the
    real tokens' length). compose() gives what notifier.mail.mime.compose gives for the
    rendered email with each stand-in replaced by its value. Raises ValueError for a stand-in
    that does not splice (see splices) or a value of another length or kind.
    """

    def __init__(self, rendered: RenderedEmail, stand_ins: Sequence[str]) -> None:
        for s in stand_ins:
            if not s or not splices(s):
                raise ValueError(f"a stand-in must be printable ASCII without '=': {s!r}")
        self.subject = rendered.subject
        self.language = rendered.language
        self.stand_ins = tuple(stand_ins)
        self._text = _Spliced.of(_text_part("text/plain", rendered.text), stand_ins)
        self._html = _Spliced.of(_text_part("text/html", rendered.html), stand_ins)
        # Check once, with values of their own, that every stand-in was found where it is
        # (not, say, overlapping another or an encoded byte); if not, this email is encoded
        # per recipient from the text, never wrongly spliced.
        probe = {s: "~" * len(s) for s in stand_ins}
        spliced = self._text.fill(probe), self._html.fill(probe)
        self._rendered = None if spliced == self._encode(rendered, probe) else rendered
        self.spliced = self._rendered is None  # False: encoded per recipient

    @staticmethod
    def _encode(rendered: RenderedEmail, values: Mapping[str, str]) -> tuple[bytes, bytes]:
        text, html = rendered.text, rendered.html
        for s, value in values.items():
            text, html = text.replace(s, value), html.replace(s, value)
        return _text_part("text/plain", text), _text_part("text/html", html)

    def compose(
        self,
        values: Mapping[str, str],
        *,
        from_address: str,
        to: str,
        now: datetime,
        unsubscribe_url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> OutgoingMessage:
        """The message for one recipient: `values` maps every stand-in to its value (the
        same length, see splices); the other arguments as for notifier.mail.mime.compose."""
        for s in self.stand_ins:
            value = values[s]
            if len(value) != len(s) or not splices(value):
                raise ValueError(f"{value!r} cannot take the place of {s!r}")
        if self._rendered is not None:
            text_part, html_part = self._encode(self._rendered, values)
        else:
            text_part, html_part = self._text.fill(values), self._html.fill(values)
        return _assemble(
            self.subject,
            text_part,
            html_part,
            from_address=from_address,
            to=to,
            now=now,
            unsubscribe_url=unsubscribe_url,
            headers={"Content-Language": self.language, **(headers or {})},
        )
