"""What became of one email, as plain data: accepted, a temporary failure (try again later)
or a permanent one (RFC 5321: 4xx and 5xx replies). The backends (notifier.mail) make these;
the delivery log (notifier.store.delivery_log) records them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["accepted", "temporary", "permanent"]
ACCEPTED: Status = "accepted"
TEMPORARY: Status = "temporary"
PERMANENT: Status = "permanent"


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one message: accepted, temporary failure (retry later) or permanent."""

    message_id: str | None
    recipients: tuple[str, ...]
    status: Status
    response: str
    attempts: int = 1

    @property
    def accepted(self) -> bool:
        """The server took the message (it is sent)."""
        return self.status == ACCEPTED
