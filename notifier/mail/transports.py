"""Choosing the delivery backend from the settings: SMTP (notifier.mail.smtp) or a Maildir
outbox on disk (for `make run` and tests, no server needed)."""

from __future__ import annotations

import asyncio
import mailbox
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from notifier.core.system_errors import system_reason
from notifier.mail.delivery import (
    ACCEPTED,
    DeliveryBackend,
    DeliveryError,
    DeliveryResult,
    OnResult,
)
from notifier.mail.mime import OutgoingMessage
from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings


class OutboxBackend:
    """Writes every message into a Maildir (default ./outbox/): `make run` needs no server."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _write(self, messages: Sequence[OutgoingMessage]) -> list[DeliveryResult]:
        try:
            # Maildir creates only its own directory: NOTIFIER_OUTBOX may be in a new one.
            self.path.parent.mkdir(parents=True, exist_ok=True)
            box = mailbox.Maildir(self.path, create=True)
            # …and its tmp/ new/ cur/ only when it makes the directory: an operator's empty
            # `mkdir outbox` would fail every email.
            for folder in ("tmp", "new", "cur"):
                (self.path / folder).mkdir(mode=0o700, exist_ok=True)
            # Files on disk use \n line ends (Maildir convention), not SMTP's \r\n.
            keys = [box.add(message.data.replace(b"\r\n", b"\n")) for message in messages]
        except OSError as exc:
            raise DeliveryError(  # told to the office in Polish (remind, digest)
                f"nie można zapisać wiadomości w katalogu NOTIFIER_OUTBOX={self.path}: "
                f"{system_reason(exc)}",
                permanent=False,
            ) from exc
        return [
            DeliveryResult(
                message.message_id, message.recipients, ACCEPTED, f"saved to outbox as {key}"
            )
            for message, key in zip(messages, keys, strict=True)
        ]

    async def send(
        self, messages: Sequence[OutgoingMessage], on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        """Write each message to the Maildir outbox: one accepted result per message, in
        order, each awaited by `on_result`; DeliveryError when the outbox cannot be written."""
        results = await asyncio.to_thread(self._write, messages)
        if on_result is not None:
            for index, result in enumerate(results):
                await on_result(index, result)
        return results


def backend_from_settings(settings: Settings, **options: float) -> DeliveryBackend:
    """SMTP when NOTIFIER_SMTP_URL is set, else the Maildir outbox (NOTIFIER_OUTBOX)."""
    if settings.smtp_url is None:
        return OutboxBackend(settings.outbox)
    url = urlsplit(settings.smtp_url)
    implicit = url.scheme == "smtps"
    username = unquote(url.username) if url.username else None
    password = settings.smtp_password
    return SmtpBackend(
        host=url.hostname or "",
        port=url.port or (465 if implicit else 587 if username else 25),
        username=username,
        password=unquote(password)
        if password and settings.smtp_password_file is None
        else password,
        implicit_tls=implicit,
        require_starttls=bool(username) and not implicit,
        timeout=settings.smtp_timeout,
        max_connections=settings.smtp_max_connections,
        helo_name=settings.smtp_helo_name,
        **options,  # type: ignore[arg-type]
    )
