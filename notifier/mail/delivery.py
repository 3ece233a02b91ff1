"""What delivering email means here, whatever carries it: a result per message, the backend
protocol, and `deliver`, which never raises (backends: notifier.mail.smtp and .transports)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from notifier.core.delivery_result import (  # the result types, here for the backends
    ACCEPTED,
    PERMANENT,
    TEMPORARY,
    UNCERTAIN,
    DeliveryResult,
    Status,
    reply_text,
)
from notifier.core.errors import NotifierError
from notifier.mail.mime import OutgoingMessage
from notifier.metrics import count_emails

log = logging.getLogger(__name__)

__all__ = [
    "ACCEPTED",
    "PERMANENT",
    "TEMPORARY",
    "UNCERTAIN",
    "DeliveryBackend",
    "DeliveryError",
    "DeliveryResult",
    "OnResult",
    "Status",
    "deliver",
]


class DeliveryError(NotifierError):
    """The whole batch failed (server down, login refused); `permanent` means do not retry;
    `reason` says why in Polish for the office (the message itself when not given)."""

    def __init__(self, message: str, *, permanent: bool, reason: str | None = None) -> None:
        super().__init__(reply_text(message))  # it may quote a server's reply to EHLO or AUTH
        self.permanent = permanent
        self.reason = message if reason is None else reason


# Told of each message's result as soon as it is known: (index in the batch, result). The
# backend waits for it before the next message's content (DATA) goes out on that connection,
# so a caller that records the result there loses at most the messages on the wire if the
# process dies. The next message's envelope (MAIL FROM, RCPT TO) is sent meanwhile.
OnResult = Callable[[int, "DeliveryResult"], Awaitable[None]]


class DeliveryBackend(Protocol):
    """Where emails go: SMTP (notifier.mail.smtp) or the Maildir outbox (.transports)."""

    async def send(
        self, messages: Sequence[OutgoingMessage], on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        """One result per message, in order; DeliveryError if nothing could be attempted.

        `on_result` is awaited with each result as it becomes known.
        """
        ...


async def deliver(
    backend: DeliveryBackend,
    messages: Sequence[OutgoingMessage],
    on_result: OnResult | None = None,
    *,
    kind: str = "other",
    retries: int = 0,
) -> list[DeliveryResult]:
    """Send a batch and never raise: a batch-wide failure becomes one result per message.

    `kind` (reminder, digest, signup) and `retries` (how many of the messages are resends)
    are for the metrics (notifier.metrics).

    `on_result` hears of every message exactly once: as the backend reports it, or at the
    end for the messages a batch-wide failure left without a result.

    Such a failure (server down, login refused) says nothing about the recipients, so it is
    always temporary: the messages wait for a retry and stay claimed. Only a server's 5xx
    for a recipient rejects that one message for good. A refused login is logged as an
    error, since only an operator can fix it.
    """
    told: set[int] = set()

    async def tell(index: int, result: DeliveryResult) -> None:
        told.add(index)
        if on_result is not None:
            await on_result(index, result)

    try:
        results = await backend.send(messages, tell)
    except DeliveryError as exc:
        level = logging.ERROR if exc.permanent else logging.WARNING
        log.log(level, "batch of %d not sent, will retry: %s", len(messages), exc)
        results = [
            DeliveryResult(m.message_id, m.recipients, TEMPORARY, str(exc), 0, exc.reason)
            for m in messages
        ]
    for index, result in enumerate(results):
        if index not in told:
            await tell(index, result)
    count_emails(kind, [r.status for r in results], retries)
    return results
