"""Validate a task's optional fields (amount, realization, mode, url, contact, short) from TOML.

Each problem goes to the caller's `problem(where, what)` in Polish; a bad field is dropped
(the task still loads nowhere: the reader fails the whole file when any problem was found).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from notifier.core.addresses import AddressError, normalised_address
from notifier.core.echo import echoed
from notifier.core.input_rules import URL_MAX, amount_problem, count_chars, length_problem
from notifier.core.periods import PeriodError, parse_period
from notifier.core.schedule import Contact, Mode, TaskDetails
from notifier.core.web_address import broken_address, web_address_problem

Problem = Callable[[str, str], None]

TASK_DETAIL_KEYS = ("short", "amount", "amount_note", "realization", "mode", "url", "contact")
SHORT_MAX = 60  # characters of a short name: it must fit a calendar title
_CONTACT_KEYS = ("name", "email", "phone")


def _text(table: dict[str, Any], key: str, where: str, problem: Problem) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problem(where, f"pole {echoed(key)} musi być tekstem w cudzysłowie")
        return None
    value = " ".join(value.split())
    if not value:
        problem(where, f"pole {echoed(key)} jest puste (proszę je usunąć albo uzupełnić)")
        return None
    return value


def read_url(table: dict[str, Any], key: str, where: str, problem: Problem) -> str | None:
    """An absolute http(s) address, e.g. "https://bip.example.pl/konkursy", by the one rule
    of notifier.core.web_address (a port in 1–65535, a well-formed IPv6 host)."""
    value = _text(table, key, where, problem)
    if value is None:
        return None
    too_long = length_problem(value, URL_MAX)
    if too_long is not None:
        problem(where, f"{key} {too_long}")
        return None
    broken = broken_address(value)
    if broken is not None:
        problem(where, f"{key} {echoed(value)} {broken}")
        return None
    wrong = web_address_problem(value)
    if wrong is not None and not wrong.startswith("nie jest pełnym adresem"):
        problem(where, f"{key} {echoed(value)} {wrong}")
        return None
    if wrong is not None:
        problem(
            where,
            f"{key} {echoed(value)} nie jest adresem strony – proszę wpisać pełny adres zaczynający "
            'się od https://, np. "https://bip.example.pl/konkursy"',
        )
        return None
    return value


def read_amount(table: dict[str, Any], where: str, problem: Problem) -> Decimal | None:
    """`amount` in PLN: a number without "zł", at most two decimals; None when absent."""
    value = table.get("amount")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problem(
            where,
            "amount to planowana kwota w złotych, liczba bez cudzysłowu i bez „zł”, "
            f"np. amount = 150000 (jest {echoed(value)}; opis kwoty proszę wpisać w amount_note)",
        )
        return None
    amount = Decimal(str(value))
    refused = amount_problem(amount)
    if refused is not None:
        problem(where, f"amount: {refused}")
        return None
    return amount


def _mode(table: dict[str, Any], where: str, problem: Problem) -> Mode:
    value = table.get("mode")
    if value is None:
        return Mode.KONKURS
    try:
        return Mode(value)
    except ValueError:
        allowed = ", ".join(f'"{m.value}"' for m in Mode)
        problem(where, f"nieznany tryb mode = {echoed(value)} (dozwolone: {allowed})")
        return Mode.KONKURS


def _contact(raw: Any, where: str, problem: Problem) -> Contact | None:
    if raw is None:
        return None
    here = f"{where}, contact"
    if not isinstance(raw, dict):
        problem(
            here,
            'oczekiwano tabeli, np. contact = { name = "Jan Kowalski", email = "jan@example.pl", '
            'phone = "65 000 00 00" }',
        )
        return None
    for key in raw:
        if key not in _CONTACT_KEYS:
            problem(here, f"nieznany klucz {echoed(key)} (dozwolone: {', '.join(_CONTACT_KEYS)})")
    name = _text(raw, "name", here, problem)
    email = _text(raw, "email", here, problem)
    phone = _text(raw, "phone", here, problem)
    if email is not None:
        try:
            email = normalised_address(email, ascii_only=False)  # shown, never sent to
        except AddressError as exc:
            problem(here, str(exc))
            email = None
    if phone is not None and (
        sum(c.isdigit() for c in phone) < 6 or any(c.isalpha() for c in phone.replace("wew", ""))
    ):
        problem(here, f'niepoprawny numer telefonu {echoed(phone)}, np. phone = "65 529 81 00"')
        phone = None
    if name is None and email is None and phone is None:
        if not raw:
            problem(here, "pusta tabela – proszę podać name, email lub phone")
        return None
    return Contact(name, email, phone)


def read_task_details(
    table: dict[str, Any],
    where: str,
    year: int | None,
    as_of: date | None,
    problem: Problem,
    realization_problem: Problem | None = None,
) -> TaskDetails:
    """The optional fields of one [[departments.tasks]] table; problems go to `problem`, those
    of `realization` (a period) to `realization_problem`, which names its line."""
    short = _text(table, "short", where, problem)
    if short is not None and len(short) > SHORT_MAX:
        problem(
            where,
            f"short ma {count_chars(len(short))} – krótka nazwa może mieć najwyżej {SHORT_MAX}",
        )
        short = None
    realization = None
    text = table.get("realization")
    if text is not None and not isinstance(text, str):
        problem(where, 'realization musi być tekstem w cudzysłowie, np. realization = "2025–2027"')
    elif text is not None and year is not None:
        try:
            realization = parse_period(text, year, as_of)
        except PeriodError as exc:
            (realization_problem or problem)(where, f"realization: {exc}")
    return TaskDetails(
        short=short,
        amount=read_amount(table, where, problem),
        amount_note=_text(table, "amount_note", where, problem),
        realization=realization,
        mode=_mode(table, where, problem),
        url=read_url(table, "url", where, problem),
        contact=_contact(table.get("contact"), where, problem),
    )
