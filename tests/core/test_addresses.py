"""notifier.core.addresses: the one rule for every address mail goes to or from.

Decision (blind round five, k4): mail goes out as plain SMTP, without SMTPUTF8 (few servers
and fewer mailboxes take an address like "żaneta@example.pl", and the sign-up, reminder and
office emails would have to carry it end to end), so such an address is refused — with its
own message naming the letters before the @ and what to type instead, never the generic
"is not a valid address", in the reader's language.
"""

from __future__ import annotations

import pytest

from notifier.core.addresses import (
    AddressError,
    UnsendableAddress,
    normalised_address,
    unsendable_problem,
)
from notifier.i18n import speaking

UNSENDABLE = [
    ("żaneta@example.pl", "ż"),
    ("Łukasz.Wróbel@example.pl", "Ł, ó"),
    ("олена@example.pl", "о, л, е, н, а"),
    ("zażółć@urząd.pl", "ż, ó, ł, ć"),
]


@pytest.mark.parametrize(("address", "letters"), UNSENDABLE)
def test_an_address_with_a_letter_outside_ascii_before_the_at_is_refused_naming_it(
    address: str, letters: str
) -> None:
    with pytest.raises(UnsendableAddress) as caught:
        normalised_address(address)
    message = str(caught.value)
    assert message.startswith(f"Adres „{address}” ma przed znakiem @ litery ze znakami")
    assert f"alfabetu łacińskiego: {letters}. Serwis nie może wysyłać" in message
    assert "nie jest poprawnym adresem" not in message
    assert unsendable_problem(address) == message
    assert normalised_address(address, ascii_only=False)  # a task's contact: shown, not sent to


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("pl", "Serwis nie może wysyłać wiadomości na taki adres"),
        ("en", "The service cannot send messages to such an address"),
        ("uk", "Сервіс не може надсилати повідомлення на таку адресу"),
    ],
)
def test_the_refusal_is_in_the_readers_language(lang: str, words: str) -> None:
    with speaking(lang), pytest.raises(UnsendableAddress) as caught:
        normalised_address("żaneta@example.pl")
    assert words in str(caught.value)
    assert "żaneta@example.pl" in str(caught.value)


@pytest.mark.parametrize(
    "text", ["to nie adres", "zaneta@exa mple.pl", "ż@@example.pl", "a\u200bb@example.pl"]
)
def test_text_that_is_no_address_keeps_the_generic_refusal(text: str) -> None:
    with pytest.raises(AddressError) as caught:
        normalised_address(text)
    assert not isinstance(caught.value, UnsendableAddress)
    assert "nie jest poprawnym adresem e-mail" in str(caught.value)
    assert unsendable_problem(text) is None


def test_an_ascii_local_part_at_an_idn_domain_is_sent_to_as_xn() -> None:
    assert normalised_address("Biuro@Urząd-Miasta.pl") == "Biuro@xn--urzd-miasta-ykb.pl"
    assert unsendable_problem("biuro@urząd-miasta.pl") is None


@pytest.mark.parametrize("ascii_only", [True, False])
def test_a_local_part_over_64_octets_is_refused_saying_how_long(ascii_only: bool) -> None:
    """Blind round 8a: 65 characters before the @ were accepted (RFC 5321 allows 64)."""
    assert normalised_address("a" * 64 + "@example.org", ascii_only=ascii_only)
    with pytest.raises(
        AddressError, match="ma przed znakiem @ 65 znaków, a adres e-mail może mieć"
    ):
        normalised_address("a" * 65 + "@example.org", ascii_only=ascii_only)
