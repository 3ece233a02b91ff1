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
    response: str  # the server's or the library's own words: for the logs
    attempts: int = 1
    reason: str = ""  # why it failed, in Polish, for the office (the backends' *_reason)

    def __post_init__(self) -> None:
        object.__setattr__(self, "response", reply_text(self.response))

    @property
    def accepted(self) -> bool:
        """The server took the message (it is sent)."""
        return self.status == ACCEPTED

    @property
    def polish_reason(self) -> str:
        """Why the message is not sent, in Polish for the office and the CLI ("" when it
        was accepted): the backend's `reason`, else what its status says."""
        if self.status == ACCEPTED:
            return ""
        if self.reason:
            return self.reason
        if self.status == UNCERTAIN:
            return UNCERTAIN_TEXT
        return "serwer poczty nie przyjął wiadomości (szczegóły w dzienniku)"


# Why a message is not sent, in Polish, as the backends (notifier.mail) tell it: the office
# reads these (the weekly digest's report); the raw answer (often aiosmtplib's English) stays
# in the logs and the delivery log.
def connect_reason(host: str, port: int) -> str:
    """The mail server could not be reached (refused, timed out, no TLS)."""
    return (
        f"nie udało się połączyć z serwerem poczty {host}:{port}; ponowna próba nastąpi "
        "automatycznie"
    )


def no_tls_reason(host: str, port: int) -> str:
    """The server answered but offers no STARTTLS, and the password is never sent in clear."""
    return (
        f"serwer poczty {host}:{port} nie oferuje szyfrowania (STARTTLS), a użytkownika i hasła "
        "z NOTIFIER_SMTP_URL nie wysyłamy bez niego – prosimy włączyć STARTTLS na serwerze "
        "albo użyć smtps://…:465; ponowna próba nastąpi automatycznie"
    )


LOGIN_REASON = (
    "serwer poczty odrzucił logowanie (użytkownik i hasło z NOTIFIER_SMTP_URL); prosimy "
    "powiadomić administratora"
)
DISCONNECTED_REASON = "połączenie z serwerem poczty zostało przerwane; ponowna próba później"


def reply_reason(code: int, *, recipient: bool = False) -> str:
    """The server answered with an SMTP `code` (RFC 5321: 4xx temporary, 5xx permanent)."""
    what = "adresu odbiorcy" if recipient else "wiadomości"
    if code >= 500:
        return (
            f"serwer poczty odrzucił {'adres odbiorcy' if recipient else 'wiadomość'} (kod {code})"
        )
    return f"serwer poczty chwilowo nie przyjął {what} (kod {code}); ponowna próba później"
