"""Email addresses as people type them: one check, one Polish message, for forms and files.

The syntax check is email_validator's (RFC 5321/5322, no deliverability lookup: no network);
its English reasons never reach a user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from email_validator import EmailNotValidError, validate_email

from notifier.core.errors import NotifierError


class AddressError(NotifierError):
    """Not an email address; the message (Polish) quotes the text."""


def normalised_address(text: str, *, ascii_only: bool = True) -> str:
    """The address in its normal form: domain lower-cased and, if `ascii_only` (the rule for
    every address the service sends to or from), an IDN domain IDNA-encoded (xn--…).

    The mail layer sends plain SMTP (no SMTPUTF8), so with `ascii_only` a local part with a
    non-ASCII letter is refused with its own message; without it (a task's contact, shown
    only) it is accepted. Raises AddressError: „x” nie jest poprawnym adresem e-mail …
    """
    if ascii_only and not text.rpartition("@")[0].isascii():
        raise AddressError(
            f"„{text}”: w części przed @ są polskie (lub inne spoza ASCII) litery, a na taki "
            "adres poczta nie może wysłać wiadomości – proszę podać adres bez nich przed @"
        )
    try:
        info = validate_email(text, check_deliverability=False, allow_smtputf8=not ascii_only)
    except EmailNotValidError:
        raise AddressError(
            f"„{text}” nie jest poprawnym adresem e-mail – proszę sprawdzić, czy nie ma "
            "literówki (np. brakującej kropki w części po @)"
        ) from None
    return (info.ascii_email or info.normalized) if ascii_only else info.normalized


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
