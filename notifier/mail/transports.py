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
    TEMPORARY,
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

    def open_box(self) -> mailbox.Maildir:
        """The Maildir, its folders made if missing (at start too: notifier.settings_places)."""
        # Maildir creates only its own directory: NOTIFIER_OUTBOX may be in a new one.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(self.path, create=True)
        # …and its tmp/ new/ cur/ only when it makes the directory: an operator's empty
        # `mkdir outbox` would fail every email.
        for folder in ("tmp", "new", "cur"):
            (self.path / folder).mkdir(mode=0o700, exist_ok=True)
        return box

    def _error(self, exc: OSError) -> DeliveryError:
        return DeliveryError(  # told to the office in Polish (remind, digest)
            f"nie można zapisać wiadomości w katalogu NOTIFIER_OUTBOX={self.path}: "
            f"{system_reason(exc)}",
            permanent=False,
        )

    async def send(
        self, messages: Sequence[OutgoingMessage], on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        """Write each message to the Maildir outbox: one result per message, in order, each
        awaited by `on_result` before the next message is written; DeliveryError when the
        outbox cannot be written at all. A write failing mid-batch (a full disk) leaves the
        messages written before it accepted — they are in the outbox, never to be written
        again — and the rest temporary, for a retry (blind 10a F3: all were recorded failed
        and the written ones sent twice)."""
        try:
            box = await asyncio.to_thread(self.open_box)
        except OSError as exc:
            raise self._error(exc) from exc
        results: list[DeliveryResult] = []
        for index, message in enumerate(messages):
            try:
                # Files on disk use \n line ends (Maildir convention), not SMTP's \r\n.
                key = await asyncio.to_thread(box.add, message.data.replace(b"\r\n", b"\n"))
            except OSError as exc:
                error = self._error(exc)
                if not results:
                    raise error from exc
                results.extend(
                    DeliveryResult(
                        m.message_id, m.recipients, TEMPORARY, str(error), 0, error.reason
                    )
                    for m in messages[index:]
                )
                return results  # deliver() tells these, as it tells a failed batch's
            result = DeliveryResult(
                message.message_id, message.recipients, ACCEPTED, f"saved to outbox as {key}"
            )
            results.append(result)
            if on_result is not None:
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
