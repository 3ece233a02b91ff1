"""Email addresses as people type them: one check, one Polish message, for forms and files.

The syntax check is email_validator's (RFC 5321/5322, no deliverability lookup: no network);
its English reasons never reach a user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from email_validator import EmailNotValidError, validate_email

from notifier.core.errors import NotifierError
from notifier.core.language import N_
from notifier.core.language import gettext as _


class AddressError(NotifierError):
    """Not an email address; the message (Polish) quotes the text."""


class UnsendableAddress(AddressError):
    """An address, but one mail cannot go to or from: a letter outside ASCII before the @
    (the mail layer sends plain SMTP, without SMTPUTF8). Its message, in the current
    language, names the letters."""


UNSENDABLE = N_(
    "Adres „%(address)s” ma przed znakiem @ litery ze znakami diakrytycznymi lub spoza "
    "alfabetu łacińskiego: %(letters)s. Serwis nie może wysyłać wiadomości na taki adres – "
    "prosimy podać adres, który przed @ ma tylko litery bez polskich znaków (np. z zamiast "
    "ż), cyfry, kropki, myślniki lub podkreślenia."
)


LOCAL_PART_MAX = 64  # octets before the "@" (RFC 5321 section 4.5.3.1.1)


def normalised_address(text: str, *, ascii_only: bool = True) -> str:
    """The address in its normal form: domain lower-cased and, if `ascii_only` (the rule for
    every address the service sends to or from), an IDN domain IDNA-encoded (xn--…).

    The mail layer sends plain SMTP (no SMTPUTF8: few servers and fewer mailboxes take it),
    so with `ascii_only` an address whose local part has a letter outside ASCII
    ("żaneta@example.pl") is refused by UnsendableAddress, naming those letters; without it
    (a task's contact, shown only) it is accepted. Anything that is no address at all raises
    AddressError: „x” nie jest poprawnym adresem e-mail …
    """
    try:
        info = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        raise AddressError(
            f"„{text}” nie jest poprawnym adresem e-mail – prosimy sprawdzić, czy nie ma "
            "literówki (np. brakującej kropki w części po @)"
        ) from None
    local = len(info.local_part.encode())
    if local > LOCAL_PART_MAX:  # email_validator lets it pass; every mail server refuses it
        raise AddressError(
            f"„{text}” ma przed znakiem @ {local} znaków, a adres e-mail może mieć tam "
            f"najwyżej {LOCAL_PART_MAX} (RFC 5321) – prosimy sprawdzić adres"
        )
    if not ascii_only:
        return str(info.normalized)
    if info.ascii_email is None:
        letters = dict.fromkeys(c for c in info.local_part if not c.isascii())
        raise UnsendableAddress(_(UNSENDABLE) % {"address": text, "letters": ", ".join(letters)})
    return str(info.ascii_email)


def unsendable_problem(text: str) -> str | None:
    """UnsendableAddress's message for `text` ("żaneta@…": which letters, what to type
    instead), None for an address mail can go to and for text that is no address at all."""
    try:
        normalised_address(text)
    except UnsendableAddress as exc:
        return str(exc)
    except AddressError:
        return None
    return None


def read_staff(raw: Any, where: str, problem: Callable[[str, str], None]) -> tuple[str, ...]:
    """A harmonogram's `[office] staff`: the list of further addresses that may sign in to
    the office area, each normalised, duplicates dropped; each problem goes to
    `problem(where, what)` in Polish (a bad entry is left out)."""
    example = 'np. staff = ["anna.nowak@um.example.pl"]'
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        problem(where, f"staff musi być listą adresów e-mail w cudzysłowach, {example}")
        return ()
    addresses = []
    for text in raw:
        try:
            addresses.append(normalised_address(text.strip()))
        except AddressError as exc:
            problem(f"{where} staff", str(exc))
    return tuple(dict.fromkeys(addresses))
