"""Delivery backends: SMTP (aiosmtplib, pooled, retrying) or a Maildir outbox on disk."""

from __future__ import annotations

import asyncio
import logging
import mailbox
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import unquote, urlsplit

import aiosmtplib

from notifier.core.errors import NotifierError
from notifier.mail.mime import OutgoingMessage
from notifier.metrics import count_emails
from notifier.settings import Settings

log = logging.getLogger(__name__)

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
        return self.status == ACCEPTED


class DeliveryError(NotifierError):
    """The whole batch failed (server down, login refused); `permanent` means do not retry."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


# Told of each message's result as soon as it is known: (index in the batch, result). The
# backend waits for it before it sends the next message on that connection, so a caller that
# records the result there loses at most the messages on the wire if the process dies.
OnResult = Callable[[int, "DeliveryResult"], Awaitable[None]]


class DeliveryBackend(Protocol):
    async def send(
        self, messages: Sequence[OutgoingMessage], on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        """One result per message, in order; DeliveryError if nothing could be attempted.

        `on_result` is awaited with each result as it becomes known.
        """
        ...


class OutboxBackend:
    """Writes every message into a Maildir (default ./outbox/): `make run` needs no server."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _write(self, messages: Sequence[OutgoingMessage]) -> list[DeliveryResult]:
        try:
            # Maildir creates only its own directory: NOTIFIER_OUTBOX may be in a new one.
            self.path.parent.mkdir(parents=True, exist_ok=True)
            box = mailbox.Maildir(self.path, create=True)
            # Files on disk use \n line ends (Maildir convention), not SMTP's \r\n.
            keys = [box.add(message.data.replace(b"\r\n", b"\n")) for message in messages]
        except OSError as exc:
            raise DeliveryError(
                f"cannot write to the outbox {self.path}: {exc}", permanent=False
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
        results = await asyncio.to_thread(self._write, messages)
        if on_result is not None:
            for index, result in enumerate(results):
                await on_result(index, result)
        return results


class _ConnectFailed(Exception):
    """Could not connect or log in; `permanent` for a refused login."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


Sleep = Callable[[float], Awaitable[object]]


class SmtpBackend:
    """Sends over SMTP: one connection per worker, at most `max_connections` in parallel.

    Temporary trouble (4xx, timeout, disconnect) is retried with exponential backoff on a
    fresh connection, at most `attempts` times per message; a 5xx for a recipient fails
    that message only. A message counts as accepted only when the server accepted it.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str | None = None,
        password: str | None = None,
        implicit_tls: bool = False,
        require_starttls: bool = False,
        timeout: float = 30.0,
        max_connections: int = 4,
        attempts: int = 3,
        backoff: float = 1.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.implicit_tls, self.require_starttls = implicit_tls, require_starttls
        self.timeout = timeout
        self.max_connections = max_connections
        self.attempts = max(attempts, 1)
        self.backoff = backoff
        self.sleep = sleep

    def _client(self) -> aiosmtplib.SMTP:
        return aiosmtplib.SMTP(
            hostname=self.host,
            port=self.port,
            timeout=self.timeout,
            use_tls=self.implicit_tls,
            # None = STARTTLS when offered; with credentials it is required.
            start_tls=True if self.require_starttls else (False if self.implicit_tls else None),
        )

    async def _connect(self) -> aiosmtplib.SMTP:
        client = self._client()
        try:
            await client.connect()
            if self.username:
                await client.login(self.username, self.password or "")
        except aiosmtplib.SMTPAuthenticationError as exc:
            await _close(client)
            raise _ConnectFailed(
                f"login refused: {exc.code} {exc.message}", permanent=True
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            await _close(client)
            raise _ConnectFailed(f"{exc.code} {exc.message}", permanent=exc.code >= 500) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            await _close(client)
            raise _ConnectFailed(
                f"cannot connect to {self.host}:{self.port}: {exc}", permanent=False
            ) from exc
        return client

    async def send(
        self, messages: Sequence[OutgoingMessage], on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        results: list[DeliveryResult | None] = [None] * len(messages)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(len(messages)):
            queue.put_nowait(index)
        connect_failures: list[_ConnectFailed] = []

        async def worker() -> None:
            client: aiosmtplib.SMTP | None = None
            try:
                while not queue.empty():
                    index = queue.get_nowait()
                    try:
                        client, result = await self._deliver(client, messages[index])
                    except _ConnectFailed as exc:  # no connection: leave the rest to others
                        connect_failures.append(exc)
                        return
                    results[index] = result
                    if on_result is not None:
                        await on_result(index, result)
            finally:
                if client is not None:
                    await _close(client, quit_first=True)

        workers = min(self.max_connections, len(messages))
        await asyncio.gather(*(worker() for _ in range(workers)))

        if any(r is None for r in results):
            if not any(r is not None and r.accepted for r in results):
                failure = connect_failures[-1]
                raise DeliveryError(
                    f"SMTP {self.host}:{self.port}: {failure}", permanent=failure.permanent
                )
            reason = f"not attempted: {connect_failures[-1]}"
            results = [
                r or DeliveryResult(m.message_id, m.recipients, TEMPORARY, reason, 0)
                for r, m in zip(results, messages, strict=True)
            ]
        return [r for r in results if r is not None]

    async def _deliver(
        self, client: aiosmtplib.SMTP | None, message: OutgoingMessage
    ) -> tuple[aiosmtplib.SMTP | None, DeliveryResult]:
        """Send one message, reconnecting and retrying temporary failures.

        Returns the connection to reuse and the result; _ConnectFailed if no connection
        could be made (permanently, or on the last attempt).
        """
        message_id, recipients = message.message_id, message.recipients
        response = ""
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                await self.sleep(self.backoff * 2 ** (attempt - 2))
            if client is None or not client.is_connected:
                try:
                    client = await self._connect()
                except _ConnectFailed as exc:
                    client = None
                    if exc.permanent or attempt == self.attempts:
                        raise
                    response = str(exc)
                    continue
            try:
                errors, reply = await client.sendmail(message.sender, recipients, message.data)
            except aiosmtplib.SMTPRecipientsRefused as exc:
                codes = [r.code for r in exc.recipients]
                response = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
                if all(code >= 500 for code in codes):
                    return client, DeliveryResult(
                        message_id, recipients, PERMANENT, response, attempt
                    )
                await _reset(client)
                continue
            except aiosmtplib.SMTPResponseException as exc:
                response = f"{exc.code} {exc.message}"
                if exc.code >= 500:
                    await _reset(client)
                    return client, DeliveryResult(
                        message_id, recipients, PERMANENT, response, attempt
                    )
                await _close(client)
                client = None
                continue
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                response = f"{type(exc).__name__}: {exc}"
                await _close(client)
                client = None
                continue
            refused = "; ".join(f"{rcpt}: {e.code} {e.message}" for rcpt, e in errors.items())
            text = reply + (f" (refused: {refused})" if refused else "")
            return client, DeliveryResult(message_id, recipients, ACCEPTED, text, attempt)
        log.warning("giving up on %s after %d attempts: %s", message_id, self.attempts, response)
        return client, DeliveryResult(message_id, recipients, TEMPORARY, response, self.attempts)


async def _reset(client: aiosmtplib.SMTP) -> None:
    try:
        await client.rset()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        await _close(client)


async def _close(client: aiosmtplib.SMTP, *, quit_first: bool = False) -> None:
    if quit_first and client.is_connected:
        try:
            await client.quit()
            return
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            pass
    client.close()


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
        **options,  # type: ignore[arg-type]
    )


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
            DeliveryResult(m.message_id, m.recipients, TEMPORARY, str(exc), 0) for m in messages
        ]
    for index, result in enumerate(results):
        if index not in told:
            await tell(index, result)
    count_emails(kind, [r.status for r in results], retries)
    return results
