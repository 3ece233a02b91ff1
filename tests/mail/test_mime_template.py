"""An email encoded once and spliced per recipient is byte for byte the email composed for
that recipient (notifier.mail.mime_template against notifier.mail.mime.compose)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.mail.mime import compose
from notifier.mail.mime_template import MessageTemplate
from notifier.mail.render import RenderedEmail
from notifier.store.tokens import new_token

NOW = datetime(2024, 1, 15, 7, 0, tzinfo=UTC)
FROM = "Urząd Miasta <konkursy@example.org>"
TOKEN = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=43,
    max_size=43,
)  # fmt: skip
# Text around the links: Polish letters, spaces before line ends, long lines, "=", dots.
FILLER = st.lists(
    st.sampled_from([*"ab =.\t\n\r", "ą", "ł", "Ż", "€", " \n", "x" * 70, "==", "\u00a0"]),
    max_size=40,
).map("".join)


def _same_but_ids(a: bytes, b: bytes) -> None:
    """Equal apart from the random MIME boundary and Message-ID."""

    def plain(data: bytes) -> bytes:
        data = re.sub(rb"=_[0-9a-f]{32}", b"BOUNDARY", data)
        return re.sub(rb"Message-ID: <[^>]*>", b"Message-ID: <ID>", data)

    assert plain(a) == plain(b)


def _body(pieces: list[str], stand_ins: list[str], holes: list[int]) -> str:
    """pieces[0] stand_in pieces[1] stand_in … (holes: which stand-in goes in each gap)."""
    out = pieces[0]
    for piece, hole in zip(pieces[1:], holes, strict=False):
        out += stand_ins[hole % len(stand_ins)] + piece
    return out


@settings(deadline=None, max_examples=200)
@given(
    st.lists(FILLER, min_size=1, max_size=6),
    st.lists(FILLER, min_size=1, max_size=6),
    st.lists(st.integers(0, 1), min_size=5, max_size=5),
    st.lists(TOKEN, min_size=2, max_size=2, unique=True),
    st.lists(TOKEN, min_size=2, max_size=2),
    st.integers(0, 80),
)
def test_a_spliced_email_is_the_email_composed_for_the_recipient(
    text_pieces: list[str],
    html_pieces: list[str],
    holes: list[int],
    stand_ins: list[str],
    values: list[str],
    indent: int,
) -> None:
    # The links start anywhere on a line, so their soft line breaks fall anywhere in them.
    prefix = "https://konkursy.example.org/manage/".rjust(indent + 36, ".")
    ins = [prefix + s for s in stand_ins]
    text, html = _body(text_pieces, ins, holes), _body(html_pieces, ins, holes[::-1])
    rendered = RenderedEmail("Przypomnienie: nabór", text, html)
    filled = dict(zip(stand_ins, values, strict=True))
    direct = rendered
    for s, v in filled.items():
        direct = RenderedEmail(direct.subject, direct.text.replace(s, v), direct.html.replace(s, v))
    template = MessageTemplate(rendered, stand_ins)
    assert template.spliced
    spliced = template.compose(
        filled, from_address=FROM, to="ngo@example.org", now=NOW, unsubscribe_url="https://u/x"
    )
    expected = compose(
        direct, from_address=FROM, to="ngo@example.org", now=NOW, unsubscribe_url="https://u/x"
    )
    _same_but_ids(spliced.data, expected.data)
    assert spliced.subject == expected.subject


def test_a_link_across_a_soft_line_break_is_spliced_where_the_break_is() -> None:
    stand_in, token = new_token(), new_token()
    text = "Zarządzanie subskrypcją: https://konkursy.example.org/manage/" + stand_in + "\n"
    rendered = RenderedEmail("Temat", text, f"<a href='x/{stand_in}'>ł</a>")
    template = MessageTemplate(rendered, [stand_in])
    assert template.spliced
    spliced = template.compose({stand_in: token}, from_address=FROM, to="a@example.org", now=NOW)
    assert b"=\r\n" in spliced.data.split(b"manage/")[1][:48]  # the line was broken in the link
    expected = compose(
        RenderedEmail("Temat", text.replace(stand_in, token), rendered.html.replace(stand_in, token)),
        from_address=FROM, to="a@example.org", now=NOW,
    )  # fmt: skip
    _same_but_ids(spliced.data, expected.data)


def test_overlapping_stand_ins_are_encoded_per_recipient_not_spliced_wrongly() -> None:
    # "3DAB" also occurs inside the encoding of "=" ("=3D") followed by "AB".
    rendered = RenderedEmail("Temat", "x=AB y 3DAB", "<p>3DAB</p>")
    template = MessageTemplate(rendered, ["3DAB"])
    assert not template.spliced
    spliced = template.compose({"3DAB": "WXYZ"}, from_address=FROM, to="a@example.org", now=NOW)
    expected = compose(
        RenderedEmail("Temat", "x=AB y WXYZ", "<p>WXYZ</p>"),
        from_address=FROM, to="a@example.org", now=NOW,
    )  # fmt: skip
    _same_but_ids(spliced.data, expected.data)


@pytest.mark.parametrize("value", ["short", "a" * 42 + "=", "a" * 42 + " ", "ą" * 43])
def test_a_value_that_cannot_take_the_stand_ins_place_is_refused(value: str) -> None:
    stand_in = new_token()
    template = MessageTemplate(RenderedEmail("T", stand_in, stand_in), [stand_in])
    with pytest.raises(ValueError, match="cannot take the place"):
        template.compose({stand_in: value}, from_address=FROM, to="a@example.org", now=NOW)


@pytest.mark.parametrize("stand_in", ["", "a=b", "a b", "zażółć"])
def test_a_stand_in_quoted_printable_would_encode_is_refused(stand_in: str) -> None:
    with pytest.raises(ValueError, match="stand-in"):
        MessageTemplate(RenderedEmail("T", "x", "y"), [stand_in])
