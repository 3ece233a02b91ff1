"""The value types of the command line's options (argparse `type=`): each refuses what it
cannot take with one Polish line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from notifier.core.call_input import CallInputError, read_amount_text, read_day, read_deadline
from notifier.core.echo import echoed
from notifier.core.input_rules import Bound
from notifier.files.reading import EMPTY_PATH_PROBLEM, NUL_PATH_PROBLEM, path_problem


def iso_date(text: str) -> date:
    """RRRR-MM-DD from the command line (core.call_input.read_day)."""
    try:
        return read_day(text)
    except CallInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def bounded(bound: Bound) -> Callable[[str], int]:
    """An argparse type: a whole number within `bound` (notifier.core.input_rules)."""

    def read(text: str) -> int:
        number = bound.whole(text)
        if number is None:
            raise argparse.ArgumentTypeError(bound.expected(text))
        return number

    read.__name__ = bound.what  # argparse names the type in some messages
    return read


def deadline_value(text: str) -> date | datetime:
    """RRRR-MM-DD (the whole day) or RRRR-MM-DDTGG:MM (that hour, Europe/Warsaw)."""
    try:
        return read_deadline(text)
    except CallInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def amount_value(text: str) -> Decimal:
    """A sum in złoty: "250000", "250 000", "12500,50" (no "zł")."""
    try:
        return read_amount_text(text)
    except CallInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def path_value(text: str) -> Path:
    """A path an option names; an empty or blank one is refused (blind7 M10: `publish --out ''`
    published into the current directory, as Path('') is '.'), and one with a NUL byte."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{echoed(text)}: {EMPTY_PATH_PROBLEM}")
    if "\x00" in text:
        raise argparse.ArgumentTypeError(f"{echoed(text)}: {NUL_PATH_PROBLEM}")
    return Path(text)


def schedule_path(text: str) -> Path:
    """A harmonogram file or directory whose name the system can look at
    (notifier.files.reading.path_problem: "za długa nazwa pliku" is one line, not a traceback)."""
    path_value(text)
    problem = path_problem(Path(text))
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{echoed(text)}: {problem}")
    return Path(text)


def host_value(text: str) -> str:
    """`--host`: a name or an IP address; one no resolver could look up (a character IDNA
    refuses: a control or bidi character) is refused here, in the words a name that does
    not resolve gets (blind10a M16), not as the socket module's TypeError."""
    try:
        text.encode("idna")
    except UnicodeError:
        raise argparse.ArgumentTypeError(
            f"{echoed(text)}: nie ma takiego adresu (nazwa serwera albo adres IP, np. 127.0.0.1)"
        ) from None
    return text
