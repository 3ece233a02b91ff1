"""The one address rule (notifier.core.web_address): every malformed address is a Polish
reason, never an exception (issue 25: "https://[::1/a" was a 500, a port 99999 a broken link)."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.core.web_address import bind_all, broken_address, web_address_problem


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("https://[::1/a", "ma błędny adres IPv6 w nawiasach kwadratowych"),
        ("http://[zz", "ma błędny adres IPv6"),
        ("https://[zz]/a", "ma błędny adres IPv6"),
        ("https://x.pl:99999/", "ma błędny numer portu – port to liczba od 1 do 65535"),
        ("https://x.pl:0/", "ma błędny numer portu"),
        ("https://x.pl:-1/", "ma błędny numer portu"),
        ("https://x.pl:8o/", "ma błędny numer portu"),
        ("ftp://x.pl/", "nie jest pełnym adresem zaczynającym się od http:// lub https://"),
        ("https:///a", "nie jest pełnym adresem"),
        ("https://x.pl/a b", "zawiera spację po „https://x.pl/a”"),
        ("https://x.pl/a\u00a0b", "zawiera twardą spację (U+00A0) po „https://x.pl/a”"),
        ("https://x.pl/a\tb", "zawiera tabulator po „https://x.pl/a”"),
        ("x.pl/a b", "nie jest pełnym adresem"),
        ("bip.example.pl", "nie jest pełnym adresem"),
        # blind4 n7: a user part hides the real host; quotes and the like are no URI's.
        ("https://bip.example.org@evil.pl/x", "ukrywa, że strona jest na evil.pl"),
        ("https://a:b@evil.pl/x", "część zakończoną „@” (a:b@)"),
        ('https://x.pl/"onmouseover="alert(1)', 'zawiera znak ", którego nie może być'),
        ("https://x.pl/a<b", "zapisać go jako %3C"),
        ("https://x.pl/{a}", "znak {"),
    ],
)
def test_a_malformed_address_gets_a_polish_reason(value: str, words: str) -> None:
    problem = web_address_problem(value)
    assert problem is not None
    assert words in problem


@pytest.mark.parametrize(
    "value",
    [
        "https://bip.leszno.pl/konkursy",
        "http://[::1]:8000/a",
        "https://x.pl:65535/",
        "https://x.pl/a?q=%22b%22#c",  # escaped quotes, an @ after the host
        "https://x.pl/u/@ktos",
    ],
)
def test_a_good_address_passes(value: str) -> None:
    assert web_address_problem(value) is None


def test_other_schemes_are_asked_for_by_name() -> None:
    assert web_address_problem("smtp://mail.x.pl:587", ("smtp", "smtps")) is None
    assert web_address_problem("smtp://user:pass@mail.x.pl", ("smtp", "smtps")) is None
    assert "smtp:// lub smtps://" in str(web_address_problem("http://x.pl", ("smtp", "smtps")))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("htps:/[]@:.0129x%?#v6ź \t"), max_size=30))
def test_no_text_makes_the_rule_raise(value: str) -> None:
    web_address_problem(value)
    broken_address(value)


@pytest.mark.parametrize(
    "host",
    ["0", "0.0", "0.0.0", "0.0.0.0", "0.0.0.0.", "00.000.0.0", "0x0", "0X00", "0.0x0.0.0",
     "1", "0.0.0.1", "10.0.0.0", "0x1", "08", "0.0.0.0.0", "localhost", "example.pl", "0a",
     "::", "[::]", "0:0::0", "::1", "[::1]"],
)  # fmt: skip
def test_bind_all_is_what_the_resolver_reads_as_the_unspecified_address(host: str) -> None:
    """Blind round 8a: http://0:8000 passed the bind-all guard; the rule is checked against
    the C library's own reading (inet_aton) and ipaddress for IPv6."""
    name = host.strip("[]").rstrip(".")
    try:
        expected = socket.inet_aton(name) == bytes(4)
    except OSError:
        try:
            expected = ipaddress.ip_address(name).is_unspecified
        except ValueError:
            expected = False
    assert bind_all(host) is expected
