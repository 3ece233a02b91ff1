"""The office import draft's form fields read one by one: the year and the "as of" day, one-line
texts, field names and bytes that are not UTF-8, and the body with its size cap."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs

from fastapi import Request

from notifier.core.importing.draft import MAX_ROWS
from notifier.core.input_rules import YEARS, day_problem, whole_number, without_forbidden_chars
from notifier.core.polish import plural
from notifier.web.disconnects import require_client
from notifier.web.signup_forms import FormError, refuse_repeated

MAX_DRAFT_BYTES = 4 * 1024 * 1024


def draft_year(text: str) -> int | None:
    """The draft's year as a whole number of the years the service takes (YEARS), else None."""
    return YEARS.whole(text)


def tasks_count(n: int) -> str:
    """'1 zadanie', '3 zadania', '12 zadań' (the office area is Polish only)."""
    return f"{n} {plural(n, 'zadanie', 'zadania', 'zadań')}"


def draft_day(text: str) -> date | None:
    """The draft's "as of" day; None when absent, unreadable or out of the years the service
    renders (input_rules.day_problem)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day_problem(day) is None else None


def day_range_problem(text: str) -> str | None:
    """Why a date the draft's "as of" holds is refused for its year (day_problem), or None."""
    try:
        return day_problem(date.fromisoformat(text))
    except ValueError:
        return None


def one_line_problem(text: str) -> str | None:
    """A title, a source and an address are one line each (the page's <h1>, a comment)."""
    if any(c in text for c in "\n\r\u2028\u2029\x85"):
        return "ma więcej niż jeden wiersz – prosimy wpisać tekst w jednym wierszu"
    return None


def shown_field(name: str) -> str:
    """A field's name as sent, its bytes that are not UTF-8 written \\xNN, cut at 40."""
    raw = name.encode("utf-8", "surrogateescape")
    return without_forbidden_chars(raw.decode("utf-8", "backslashreplace")[:40])[0]


def is_utf8(*texts: str) -> bool:
    """False when a text holds bytes that were not UTF-8 (decoded as surrogate escapes)."""
    return not any(_UNDECODED.search(text) for text in texts)


_UNDECODED = re.compile("[\udc80-\udcff]")


async def draft_body(request: Request) -> str | None:
    """The form body as text: None past MAX_DRAFT_BYTES (declared or read), "" when the
    bytes are not UTF-8."""
    declared = request.headers.get("content-length", "")
    size = whole_number(declared, 18)
    if size is not None and size > MAX_DRAFT_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_DRAFT_BYTES:
            return None
    await require_client(request)  # F4: gone by now, nothing of it is done
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return ""


class DraftRefused(FormError):
    """A draft form that is not read at all: its status, the page's heading and why."""

    def __init__(self, status_code: int, heading: str, message: str) -> None:
        super().__init__(status_code, message)
        self.heading = heading


NOT_SENT = "Nie udało się wysłać formularza"


async def draft_form(request: Request) -> dict[str, list[str]]:
    """The draft's fields (bytes that are not UTF-8 kept as surrogates, to be named, never
    saved as "�"); DraftRefused when too large, with more fields than MAX_ROWS rows hold, or
    with a field given twice that the page sends once (the one rule of every form,
    signup_forms.refuse_repeated: only the rows repeat; blind round 11, F4)."""
    body = await draft_body(request)
    if body is None:
        raise DraftRefused(413, "Szkic jest za duży", "Nic nie zapisano.")
    try:
        form = parse_qs(
            body, keep_blank_values=True, max_num_fields=MAX_ROWS * 7 + 20, errors="surrogateescape"
        )
    except ValueError:  # more fields than MAX_ROWS rows hold: never a page of ours
        message = f"Szkic ma za dużo pól (najwyżej {MAX_ROWS} wierszy); nic nie zapisano."
        raise DraftRefused(413, NOT_SENT, message) from None
    try:
        sent = (name for name, values in form.items() for _value in values)
        refuse_repeated(sent, hidden={"title"})  # the document's title: a hidden field here
    except FormError as exc:
        raise DraftRefused(exc.status_code, NOT_SENT, str(exc)) from None
    return form
