"""The office import draft's form fields read one by one: the year and the "as of" day, one-line
texts, field names and bytes that are not UTF-8, and the body with its size cap."""

from __future__ import annotations

import re
from datetime import date

from fastapi import Request

from notifier.core.input_rules import YEARS, day_problem, whole_number, without_forbidden_chars
from notifier.core.polish import plural
from notifier.web.disconnects import require_client

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
