"""Input quoted back in a problem text, bounded: a message names what it refuses, but a
1.5 MB key must not become a 1.5 MB line of `check`, of the log, of /healthz and of the
office's page (issue 25).

- echoed: one value as a message quotes it (in TOML's spelling: true, nan, [1, 2]; a text as
  repr quotes it, so control characters show as escapes), cut to ECHO_CHARS characters with "…";
- printable: user input echoed back with its control and invisible characters as code
  points, cut to ECHO_CHARS;
- in_quotes: printed text („…”) in a summary or a warning, cut to ECHO_CHARS as well;
- bounded_problems: a list of problems as a file's error keeps it — each cut to
  PROBLEM_CHARS characters, at most MAX_PROBLEMS of them and a last line counting the rest;
  ScheduleError applies it, so every problem of every file is bounded whichever check wrote it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from typing import Self

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
    shown = toml_spelling(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def toml_spelling(value: object) -> str:
    """A value read from TOML as the file spells it, not as Python does (blind10a M1: `year =
    true` was "(jest True)"): true/false, inf/nan, [1, 2], { a = 1 }; a text in single quotes
    (TOML's literal string, and repr's escapes for what it cannot hold)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + _joined(toml_spelling(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = _joined(f"{_toml_key(k)} = {toml_spelling(v)}" for k, v in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    if isinstance(value, date | time):
        return value.isoformat()
    return repr(value)


def _joined(parts: Iterator[str]) -> str:
    """Items joined by ", ", stopped ("…") once longer than a message quotes: a list of
    100,000 numbers is not spelt whole to be cut to ECHO_CHARS afterwards."""
    shown: list[str] = []
    length = 0
    for part in parts:
        if length > ECHO_CHARS:
            shown.append("…")
            break
        shown.append(part)
        length += len(part) + 2
    return ", ".join(shown)


def _toml_key(key: object) -> str:
    """A key of an inline table: bare when TOML allows it, else quoted."""
    text = str(key)
    return text if text and re.fullmatch(r"[A-Za-z0-9_-]+", text) else repr(text)


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


class MoreProblems(str):
    """The last line of a bounded list ("… i jeszcze 5950 błędów"), carrying how many it
    stands for: a list bounded once keeps its real count wherever it is kept and raised again
    (blind10a M17: `check` said "zawiera 51 błędów" of a file with 3000)."""

    rest: int

    def __new__(cls, rest: int) -> Self:
        words = plural(rest, "błąd", "błędy", "błędów")
        line = super().__new__(cls, f"… i jeszcze {rest} {words}")
        line.rest = rest
        return line

    def __getnewargs__(self) -> tuple[int]:  # type: ignore[override]  # pickled by its count
        return (self.rest,)


_LINE_RE = re.compile(r"(\d+): ")


def in_file_order(problems: Sequence[str]) -> list[str]:
    """Problems ordered by the line each names ("96: …"), a problem naming none kept after
    the one before it: whichever check found them, the first ones listed are the file's first."""
    keyed = []
    line = 0
    for index, problem in enumerate(problems):
        found = _LINE_RE.match(problem)
        line = int(found[1]) if found else line
        keyed.append((line, index, problem))
    return [problem for _line, _index, problem in sorted(keyed)]


def bounded_problems(problems: Sequence[str]) -> list[str]:
    """At most MAX_PROBLEMS problems of at most PROBLEM_CHARS characters each, the first in
    file order; when more were found, a last line says how many more ("… i jeszcze 7
    błędów"). A list bounded already is kept as it is."""
    if problems and isinstance(problems[-1], MoreProblems):
        return list(problems)
    ordered = in_file_order(problems)
    kept: list[str] = [cut(p, PROBLEM_CHARS) for p in ordered[:MAX_PROBLEMS]]
    rest = len(problems) - MAX_PROBLEMS
    if rest > 0:
        kept.append(MoreProblems(rest))
    return kept


def problem_count(problems: Sequence[str]) -> int:
    """How many problems a list, bounded or not, stands for."""
    if problems and isinstance(problems[-1], MoreProblems):
        return len(problems) - 1 + problems[-1].rest
    return len(problems)
