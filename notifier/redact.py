"""Keep secrets out of what people read: passwords in URLs and link tokens in every log line
(and control characters out of the terminal that shows it).

A subscriber's confirm / manage / unsubscribe token is a password to their subscription, and
a database or SMTP URL may carry a password: neither may reach a log, an error message or the
console. `redact` is the one rule; notifier.logs.configure_logging puts it on every handler
(uvicorn's access log included), and the CLI passes every error through it before printing.
"""

from __future__ import annotations

import logging
import re

from notifier.core.input_rules import escaped_forbidden_chars

MASK = "***"
TOKEN_MASK = "[ukryty]"

# scheme://user:password@host, read the way urllib and SQLAlchemy read it: the user runs to the
# first ":" (it may hold spaces and an unencoded "@", as a login that is an email address
# does), the password from there to the LAST "@" on the line — "@", "/" and spaces too. A line
# with a URL without a password and a later "@" is masked too much; never too little.
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/\n'\"]*):[^\n'\"]*@")
_LINK_WORDS = ("confirm", "manage", "unsubscribe", "biuro/wejscie")


def _spelled_any_way(text: str) -> str:
    """A pattern matching `text` with any of its characters percent-encoded (the router
    decodes `/%63onfirm/…` into `/confirm/…`, and the access log keeps the raw path)."""
    return "".join(f"(?:{re.escape(c)}|%{ord(c):02x})" for c in text)


# The token in /confirm/…, /manage/…, /unsubscribe/…, /biuro/wejscie/…, however spelled:
# the word after a slash or an encoded one (/x/..%2fmanage/…), and before the token any run
# of slashes and dot segments the router folds away (/manage//…, /manage/./…: blind 9b F3).
_LINK_TOKEN = re.compile(
    "(?P<head>(?:/|%2f)(?:"
    + "|".join(_spelled_any_way(word) for word in _LINK_WORDS)
    + r")(?:(?:/|%2f|\\|%5c)(?:\.|%2e)*)+)"
    + r"[^?#\s\"'<>]+",  # the rest of the path too: /manage/x/..%2fTOKEN is a link
    re.IGNORECASE,
)


def mask_url(url: str) -> str:
    """`url` with any password replaced by ***: `smtp://user:***@host:587`."""
    return _URL_PASSWORD.sub(rf"\g<head>:{MASK}@", url)


def redact(text: str) -> str:
    """`text` with URL passwords masked and link tokens replaced by "[ukryty]"."""
    return _LINK_TOKEN.sub(rf"\g<head>{TOKEN_MASK}", mask_url(text))


def loggable(text: str) -> str:
    """`text` redacted, and with every control character but tab and line breaks written as
    its escape (notifier.core.input_rules.escaped_forbidden_chars): a log line is read in a
    terminal, where an ESC from outside text (a mail server's reply, an exception quoting a
    value) would retitle, clear or recolour the operator's screen."""
    return escaped_forbidden_chars(redact(text))


class RedactingFilter(logging.Filter):
    """A handler filter that rewrites each record's message (and traceback) with `loggable`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Pass the record's message and traceback through `loggable`; True: no record is
        dropped."""
        message = record.getMessage()
        cleaned = loggable(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = loggable(logging.Formatter().formatException(record.exc_info))
        return True
