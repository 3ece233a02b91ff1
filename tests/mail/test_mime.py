"""Composing emails: multipart text + HTML, UTF-8, RFC 2047 Polish subjects, headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from notifier.mail.mime import compose
from notifier.mail.render import RenderedEmail, render_email

NOW = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)
FROM = "Harmonogram konkursów <powiadomienia@konkursy.example.pl>"


def _confirm_email() -> RenderedEmail:
    return render_email(
        "confirm",
        city="Leszno",
        title="Harmonogram ogłaszania otwartych konkursów ofert w 2024 roku",
        topics_text="Sport i kultura fizyczna",
        lead_days_text="7 dni",
        deadline_days_text="3 dni",
        confirm_url="https://konkursy.example.pl/confirm/TOKEN-C",
        manage_url="https://konkursy.example.pl/manage/TOKEN-M",
        unsubscribe_url="https://konkursy.example.pl/unsubscribe/TOKEN-U",
        valid_days="7",
    )


def test_a_composed_email_survives_the_wire_with_polish_intact() -> None:
    message = compose(
        _confirm_email(),
        from_address=FROM,
        to="ngo@example.org",
        now=NOW,
        unsubscribe_url="https://konkursy.example.pl/unsubscribe/TOKEN-U",
    )
    wire = message.data
    assert message.recipients == ("ngo@example.org",)
    assert message.sender == "powiadomienia@konkursy.example.pl"
    assert wire.isascii()  # subject RFC 2047-encoded, bodies transfer-encoded
    assert b"\r\n" in wire
    parsed = message_from_bytes(wire, policy=policy.default)
    assert parsed["Subject"] == (
        "Prosimy potwierdzić zapis na przypomnienia o konkursach ofert – Leszno"
    )
    assert "=?utf-8?" in wire.split(b"\r\n\r\n")[0].decode().lower()
    assert parsed["From"] == FROM
    assert parsed["To"] == "ngo@example.org"
    assert parsed["Content-Language"] == "pl"
    assert parsedate_to_datetime(parsed["Date"]) == NOW
    assert parsed["Message-ID"].endswith("@konkursy.example.pl>")
    assert parsed["Message-ID"] == message.message_id
    assert parsed["List-Unsubscribe"] == "<https://konkursy.example.pl/unsubscribe/TOKEN-U>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert text.get_content_charset() == "utf-8"
    assert html.get_content_charset() == "utf-8"
    assert "prosimy zignorować tę wiadomość" in text.get_content()
    assert "https://konkursy.example.pl/confirm/TOKEN-C" in text.get_content()
    assert 'href="https://konkursy.example.pl/confirm/TOKEN-C"' in html.get_content()
    assert "Potwierdzam zapis" in html.get_content()


def test_a_long_unsubscribe_url_reaches_the_wire_verbatim() -> None:
    url = "https://konkursy.example.pl/unsubscribe/mYJ-UZ7_sKr4YbpvDOK3qTcADG-w2r2QCJckbPLU0GE"
    message = compose(
        _confirm_email(), from_address=FROM, to="a@example.org", now=NOW, unsubscribe_url=url
    )
    head = message.data.split(b"\r\n\r\n")[0]
    assert f"\r\nList-Unsubscribe: <{url}>\r\n".encode() in head
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in head


def test_every_message_gets_its_own_message_id() -> None:
    kwargs = {"from_address": FROM, "to": "a@example.org", "now": NOW}
    first = compose(_confirm_email(), **kwargs)
    second = compose(_confirm_email(), **kwargs)
    assert first.message_id != second.message_id


def test_without_an_unsubscribe_url_there_are_no_list_headers() -> None:
    message = compose(_confirm_email(), from_address=FROM, to="office@example.org", now=NOW)
    parsed = message_from_bytes(message.data, policy=policy.default)
    assert parsed["List-Unsubscribe"] is None
    assert parsed["List-Unsubscribe-Post"] is None


def test_html_templates_escape_what_they_are_given() -> None:
    rendered = render_email(
        "already_subscribed",
        city="Leszno",
        title="<script>alert(1)</script>",
        topics_text="Sport & rekreacja",
        lead_days_text="1 dzień",
        deadline_days_text="3 dni",
        manage_url="https://konkursy.example.pl/manage/M",
        unsubscribe_url="https://konkursy.example.pl/unsubscribe/U",
    )
    assert "<script>" not in rendered.html
    assert "Sport &amp; rekreacja" in rendered.html
    assert "<script>alert(1)</script>" in rendered.text
    assert rendered.subject == (
        "Ten adres jest już zapisany na przypomnienia o konkursach ofert – Leszno"
    )


SUBJECT_WORDS = (
    "Zbliża się konkurs:",
    "rozwój",
    "sportu",
    "na",
    "terenie",
    "Miasta Leszna",
    "–",
    "II tura 2024",
    "działania",
    "wspierające",
    "osoby",
    "w wieku emerytalnym",
    "(i jeszcze 2 zadania)",
    "Zielona Góra",
    "żółć",
    "Prosimy potwierdzić",
)


@given(st.lists(st.sampled_from(SUBJECT_WORDS), min_size=1, max_size=30).map(" ".join))
def test_long_polish_subjects_fold_without_losing_or_doubling_spaces(subject: str) -> None:
    message = compose(
        RenderedEmail(subject, "treść", "<p>treść</p>"),
        from_address="Harmonogram <powiadomienia@example.org>",
        to="ngo@example.org",
        now=datetime(2024, 4, 24, 6, 0, tzinfo=UTC),
    )
    raw = message.data
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject
    legacy = message_from_bytes(raw, policy=policy.compat32)["Subject"]
    unfolded = str(make_header(decode_header(legacy))).replace("\r\n", "")
    assert unfolded == subject


BODY_ALPHABET = st.sampled_from(
    [*"abcdefghijklmnoprstuwyzĄĆĘŁŃÓŚŹŻąćęłńóśźż .,;:=-_–„”\t<>&\"'", "\n", "\n.", "\nFrom "]
)


@given(
    st.lists(BODY_ALPHABET, max_size=400).map("".join),
    st.lists(BODY_ALPHABET, max_size=400).map("".join),
)
def test_bodies_round_trip_exactly_in_seven_bit_lines(text: str, html: str) -> None:
    """Whatever the templates produce comes out of a parser as it went in (line ends aside)."""
    text, html = text + "\n", html + "\n"
    message = compose(
        RenderedEmail("Temat", text, html), from_address=FROM, to="a@example.org", now=NOW
    )
    assert message.data.isascii()
    assert all(len(line) <= 76 for line in message.data.split(b"\r\n\r\n", 1)[1].split(b"\r\n"))
    parsed = message_from_bytes(message.data, policy=policy.default)
    plain, rich = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert plain.get_content().replace("\r\n", "\n") == text
    assert rich.get_content().replace("\r\n", "\n") == html


def test_a_long_polish_sender_name_comes_back_whole() -> None:
    name = "Urząd Miasta Leszna – Biuro Pełnomocnika ds. Współpracy z Organizacjami Pozarządowymi"
    message = compose(
        _confirm_email(),
        from_address=f"{name} <biuro@leszno.example.pl>",
        to="a@example.org",
        now=NOW,
    )
    parsed = message_from_bytes(message.data, policy=policy.default)
    (sender,) = parsed["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (name, "biuro@leszno.example.pl")
    assert message.sender == "biuro@leszno.example.pl"


def _head(message_data: bytes) -> list[bytes]:
    return message_data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def test_a_long_polish_sender_name_is_folded_into_short_encoded_words() -> None:
    """RFC 2047 section 2: an encoded word is at most 75 characters (it was one of 128)."""
    name = "Urząd Miasta Leszna – Wydział Kultury i Sportu – Biuro Współpracy z Organizacjami"
    message = compose(
        _confirm_email(), from_address=f"{name} <biuro@leszno.example.pl>", to="a@b.pl", now=NOW
    )
    head = _head(message.data)
    words = re.findall(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=", b"\r\n".join(head))
    assert words
    assert max(len(w) for w in words) <= 75
    assert all(len(line) <= 78 for line in head)
    for parser in (policy.default, policy.SMTP):
        (sender,) = message_from_bytes(message.data, policy=parser)["From"].addresses
        assert sender.display_name == name


@given(st.lists(st.sampled_from(SUBJECT_WORDS), min_size=1, max_size=12).map(" ".join))
def test_any_polish_sender_name_folds_within_the_limits_and_decodes_exactly(name: str) -> None:
    message = compose(
        _confirm_email(), from_address=f'"{name}" <biuro@example.org>', to="a@b.pl", now=NOW
    )
    head = _head(message.data)
    assert all(len(line) <= 78 for line in head)
    assert all(len(w) <= 75 for w in re.findall(rb"=\?[^?]+\?b\?[^?]*\?=", b"\r\n".join(head)))
    # An RFC 2047 decoder ignores the white space between adjacent encoded words (section 6.2).
    raw_from = next(
        line for line in message_from_bytes(message.data, policy=policy.compat32).get_all("From")
    )
    display = re.sub(r"\s*<biuro@example.org>$", "", raw_from.replace("\r\n", ""))
    decoded = str(make_header(decode_header(display)))
    assert decoded.strip('"') == name


@pytest.mark.parametrize("length", range(70, 80))
def test_quoted_printable_lines_ending_in_a_space_stay_within_76(length: int) -> None:
    """RFC 2045 section 6.7: encoded lines are at most 76 characters; 74 + "=20" made 77."""
    text = "a" * length + " \nkoniec\n"
    message = compose(RenderedEmail("Temat", text, text), from_address=FROM, to="a@b.pl", now=NOW)
    body = message.data.split(b"\r\n\r\n", 1)[1]
    assert max(len(line) for line in body.split(b"\r\n")) <= 76
    parsed = message_from_bytes(message.data, policy=policy.default)
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == text


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
@example(".")  # found by Hypothesis: binascii gives "=2E", the stdlib "."
@example(".\x00")  # found by Hypothesis: binascii gives "=2E=00", the stdlib ".=00"
@example("Szanowni Państwo,\n.\nkoniec")
@example("0000\x80\x80\x80\x80\x80\x80𐀀𐀀𐀀\r")  # found by Hypothesis: binascii broke "=80"
def test_quoted_printable_is_the_stdlib_encoding_and_decodes_back(text: str) -> None:
    """The fast (C) encoder gives the bytes email.quoprimime would, lines ≤ 76, 7-bit; but
    a line holding only "." (or "." before a NUL) starts "=2E" (binascii guards SMTP's end of
    data, RFC 5321 section 4.5.2; the stdlib leaves it to the client's dot-stuffing). Both
    decode to the same text."""
    import email.quoprimime
    import quopri

    from notifier.mail.mime import quoted_printable

    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    reference = email.quoprimime.body_encode(
        normalised.encode("utf-8").decode("latin-1"), maxlinelen=76, eol="\r\n"
    ).encode("ascii")
    encoded = quoted_printable(text)
    lone_dots_plain = b"\r\n".join(  # binascii also guards "." before a NUL (C's end)
        b"." + line[3:] if line.startswith(b"=2E") else line for line in encoded.split(b"\r\n")
    )
    assert lone_dots_plain == reference
    assert all(len(line) <= 76 for line in encoded.split(b"\r\n"))
    assert quopri.decodestring(encoded) == normalised.replace("\n", "\r\n").encode("utf-8")
