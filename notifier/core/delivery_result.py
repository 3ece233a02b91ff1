"""What became of one email, as plain data: accepted, a temporary failure (try again later),
a permanent one (RFC 5321: 4xx and 5xx replies), or uncertain: the content went out and no
reply came (RFC 5321 section 4.5.3.2.6), so the server may have it; never sent again. The backends (notifier.mail) make these;
the delivery log (notifier.store.delivery_log) records them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one message: accepted, temporary failure (retry later), permanent, or
    uncertain (no reply to its content: at most once, never retried)."""

    message_id: str | None
    recipients: tuple[str, ...]
    status: Status
    response: str
    attempts: int = 1

    @property
    def accepted(self) -> bool:
        """The server took the message (it is sent)."""
        return self.status == ACCEPTED
