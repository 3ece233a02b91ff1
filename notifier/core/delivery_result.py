"""What became of one email, as plain data: accepted, a temporary failure (try again later),
a permanent one (RFC 5321: 4xx and 5xx replies), or uncertain: the content went out and no
reply came (RFC 5321 section 4.5.3.2.6), so the server may have it; never sent again. The backends (notifier.mail) make these;
the delivery log (notifier.store.delivery_log) records them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from notifier.core.echo import cut
from notifier.core.input_rules import escaped_forbidden_chars

Status = Literal["accepted", "temporary", "permanent", "uncertain"]
ACCEPTED: Status = "accepted"
TEMPORARY: Status = "temporary"
PERMANENT: Status = "permanent"
UNCERTAIN: Status = "uncertain"

# How the pass reports (CLI, log of the worker) tell an uncertain result, in Polish.
UNCERTAIN_TEXT = (
    "wynik nieznany – serwer nie potwierdził przyjęcia; nie wysyłamy ponownie, by nie wysłać "
    "dwa razy"
)


REPLY_CHARS = 1000  # of a server's reply kept and logged (a 550's explanation fits in 300)
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")


def reply_text(reply: str) -> str:
    """A mail server's reply (text from outside: whoever runs a subscriber's mail server
    writes it) as text that can go anywhere — the delivery log, a log line, a terminal: a
    byte that was not UTF-8 as \\xNN ("pe\\xb3na", a Polish ISO-8859-2 reply), a control
    character as its escape ("\\x1b]0;…": no ESC reaches a terminal), the lines of a
    multi-line reply joined by a space, at most REPLY_CHARS characters — the escapes of a
    file's name (notifier.core.input_rules). Applying it twice changes nothing."""
    return cut(escaped_forbidden_chars(_LINE_BREAK_RE.sub(" ", reply)), REPLY_CHARS)


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one message: accepted, temporary failure (retry later), permanent, or
    uncertain (no reply to its content: at most once, never retried). `response` is kept as
    reply_text makes it, whoever made the result: the one place a reply becomes text."""

    message_id: str | None
    recipients: tuple[str, ...]
    status: Status
    response: str
    attempts: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "response", reply_text(self.response))

    @property
    def accepted(self) -> bool:
        """The server took the message (it is sent)."""
        return self.status == ACCEPTED
