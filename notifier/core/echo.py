"""Input quoted back in a problem text, bounded: a message names what it refuses, but a
1.5 MB key must not become a 1.5 MB line of `check`, of the log, of /healthz and of the
office's page (issue 25).

- echoed: one value as a message quotes it (Python's repr, so control characters show as
  escapes), cut to ECHO_CHARS characters with "…";
- printable: user input echoed back with its control and invisible characters as code
  points, cut to ECHO_CHARS;
- in_quotes: printed text („…”) in a summary or a warning, cut to ECHO_CHARS as well;
- bounded_problems: a list of problems as a file's error keeps it — each cut to
  PROBLEM_CHARS characters, at most MAX_PROBLEMS of them and a last line counting the rest;
  ScheduleError applies it, so every problem of every file is bounded whichever check wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time

from notifier.core.language import quoted
from notifier.core.polish import plural

ECHO_CHARS = 80
MAX_UNKNOWN = 5  # ids one message names as unknown ("nieznany temat: a, b"); a query holds 100
PROBLEM_CHARS = 1000  # the longest own text (every shared topic named) is ~600
MAX_PROBLEMS = 50


def echoed(value: object, limit: int = ECHO_CHARS) -> str:
    """`value` quoted as repr() quotes it; a text over `limit` characters is cut, "…" inside
    the quotes ('kkkk…'), anything else's repr cut after `limit` characters — but a TOML
    date, time or date with a time is named in Polish as the file wrote it ("data z godziną
    2026-01-05T10:00:00+14:00", "godzina 10:00:00"), never as Python's repr."""
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "…")
    if isinstance(value, datetime):
        return f"data z godziną {value.isoformat()}"
    if isinstance(value, time):
        return f"godzina {value.isoformat()}"
    if isinstance(value, date):
        return f"data {value.isoformat()}"
    shown = repr(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str, limit: int = ECHO_CHARS) -> str:
    """User input made safe to echo back, at most `limit` chars: a control, bidi or invisible
    character is written as its code point ("a⟨U+200B⟩@b.pl"), so the reader sees what to
    delete instead of a quote that looks right, and no escape sequence reaches a terminal."""
    cleaned = _CONTROL.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def cut(text: str, limit: int) -> str:
    """`text` at most `limit` characters long, its end replaced by "…" if longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def in_quotes(text: str, limit: int = ECHO_CHARS) -> str:
    """Printed text quoted in a summary or a warning („…”, or the marks of the language being
    written: “…” in English, «…» in Ukrainian — issue 25, m9): its runs of white space as one
    space, cut to `limit` characters with "…" as `echoed` cuts — the same bound for every
    quoted value of `check`, the log and /healthz (blind round three, m12: a 100,000-character
    period was printed whole by `check`'s summary)."""
    shown = " ".join(text.split())
    return quoted(shown if len(shown) <= limit else shown[:limit] + "…")


def clipped(text: str, limit: int) -> str:
    """`text` at most `limit` characters long, cut at a word boundary and ended by "…" when
    longer ("Prowadzenie klubów abstynenckich" at 25 -> "Prowadzenie klubów…"); a first word
    longer than `limit` is cut inside it. Trailing punctuation before the cut is dropped."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    return head.rstrip(" ,;:–-") + "…"


def bounded_problems(problems: Sequence[str]) -> list[str]:
    """At most MAX_PROBLEMS problems of at most PROBLEM_CHARS characters each; when more
    were found, a last line says how many more ("… i jeszcze 7 błędów")."""
    kept = [cut(p, PROBLEM_CHARS) for p in problems[:MAX_PROBLEMS]]
    rest = len(problems) - MAX_PROBLEMS
    if rest > 0:
        kept.append(f"… i jeszcze {rest} {plural(rest, 'błąd', 'błędy', 'błędów')}")
    return kept
