"""The SMTP backend (aiosmtplib): pooled connections, retries with backoff, and each result
told to the caller before the connection sends the next message's content."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

import aiosmtplib
from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings

from notifier.core.delivery_result import (
    DISCONNECTED_REASON,
    LOGIN_REASON,
    connect_reason,
    no_tls_reason,
    reply_reason,
    reply_text,
)
from notifier.mail.delivery import (
    ACCEPTED,
    PERMANENT,
    TEMPORARY,
    UNCERTAIN,
    DeliveryError,
    DeliveryResult,
    OnResult,
)
from notifier.mail.mime import OutgoingMessage

log = logging.getLogger(__name__)

# Awaited just before a message's DATA: the previous message on the connection is told.
Ready = Callable[[], Awaitable[None]]


class _ConnectFailed(Exception):
    """Could not connect or log in; `permanent` for a refused login; `polish` says why to the
    office (notifier.core.delivery_result)."""

    def __init__(self, reason: str, *, permanent: bool, polish: str) -> None:
        super().__init__(reason)
        self.permanent = permanent
        self.polish = polish


class _NotTold(Exception):
    """on_result failed for the connection's previous message: the next one is not sent."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _Uncertain(Exception):
    """The message's content went out, ending with its final ".", and no reply came (a
    timeout, a lost connection, a garbled answer): the server may have accepted it, so it is
    never sent again (RFC 5321 section 4.5.3.2.6; notifier.core.delivery_result.UNCERTAIN)."""


Sleep = Callable[[float], Awaitable[object]]


class SmtpBackend:
    """Sends over SMTP: one connection per worker, at most `max_connections` in parallel.

    Temporary trouble (4xx, timeout, disconnect) is retried with exponential backoff on a
    fresh connection, at most `attempts` times per message; a 5xx for a recipient fails
    that message only. A message counts as accepted only when the server accepted it. No
    reply after the content's final "." (a timeout, a dropped connection) is an unknown
    outcome: never retried, the result is UNCERTAIN (at most once, never twice).
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
        helo_name: str | None = None,
        attempts: int = 3,
        backoff: float = 1.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.implicit_tls, self.require_starttls = implicit_tls, require_starttls
        self.timeout = timeout
        self.max_connections = max_connections
        self.helo_name = helo_name  # None: aiosmtplib's default, the host's FQDN
        self.attempts = max(attempts, 1)
        self.backoff = backoff
        self.sleep = sleep

    def _client(self) -> aiosmtplib.SMTP:
        return aiosmtplib.SMTP(
            hostname=self.host,
            port=self.port,
            timeout=self.timeout,
            local_hostname=self.helo_name,
            use_tls=self.implicit_tls,
            # None = STARTTLS when offered; with credentials it is required (_require_tls).
            start_tls=False if self.require_starttls or self.implicit_tls else None,
        )

    async def _require_tls(self, client: aiosmtplib.SMTP) -> None:
        """STARTTLS on a connection that must have it (credentials are never sent in clear);
        a server that does not offer it is said as such, not as a failed connection
        (blind10a M15)."""
        await client.ehlo()
        if not client.supports_extension("starttls"):
            await _close(client, quit_first=True)
            raise _ConnectFailed(
                f"{self.host}:{self.port} does not offer STARTTLS; login not attempted",
                permanent=False,
                polish=no_tls_reason(self.host, self.port),
            )
        await client.starttls()

    async def _connect(self) -> aiosmtplib.SMTP:
        client = self._client()
        try:
            await client.connect()
            if self.require_starttls:
                await self._require_tls(client)
            if self.username:
                await client.login(self.username, self.password or "")
        except aiosmtplib.SMTPAuthenticationError as exc:
            await _close(client)
            raise _ConnectFailed(
                f"login refused: {exc.code} {exc.message}", permanent=True, polish=LOGIN_REASON
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            await _close(client)
            raise _ConnectFailed(
                f"{exc.code} {exc.message}",
                permanent=exc.code >= 500,
                polish=reply_reason(exc.code),
            ) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            await _close(client)
            raise _ConnectFailed(
                f"cannot connect to {self.host}:{self.port}: {exc}",
                permanent=False,
                polish=connect_reason(self.host, self.port),
            ) from exc
        return client

    async def send(
        self, messages: Sequence[OutgoingMessage], on_result: OnResult | None = None
    ) -> list[DeliveryResult]:
        """Send `messages` over up to `max_connections` SMTP connections: one result per
        message, in order, each awaited by `on_result` before that connection sends the next
        message's content; DeliveryError when nothing could be attempted (server down, login
        refused)."""
        results: list[DeliveryResult | None] = [None] * len(messages)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(len(messages)):
            queue.put_nowait(index)
        connect_failures: list[_ConnectFailed] = []

        async def worker() -> None:
            client: aiosmtplib.SMTP | None = None
            # The previous message's on_result, running while the next envelope is sent.
            telling: asyncio.Future[None] | None = None

            async def told() -> None:
                if telling is not None:
                    await telling

            try:
                while not queue.empty():
                    index = queue.get_nowait()
                    try:
                        client, result = await self._deliver(client, messages[index], told)
                    except _ConnectFailed as exc:  # no connection: leave the rest to others
                        connect_failures.append(exc)
                        break
                    except _NotTold as exc:  # what on_result raised ends the batch
                        raise exc.error from None
                    results[index] = result
                    await told()  # at most one result being told per connection
                    if on_result is not None:
                        telling = asyncio.ensure_future(on_result(index, result))
                await told()
            finally:
                if telling is not None:  # never left running, even when giving up
                    await asyncio.wait([telling])
                if client is not None:
                    await _close(client, quit_first=True)

        workers = min(self.max_connections, len(messages))
        await asyncio.gather(*(worker() for _ in range(workers)))

        if any(r is None for r in results):
            if not any(r is not None and r.accepted for r in results):
                failure = connect_failures[-1]
                raise DeliveryError(
                    f"SMTP {self.host}:{self.port}: {failure}",
                    permanent=failure.permanent,
                    reason=failure.polish,
                )
            failure = connect_failures[-1]
            said = f"not attempted: {failure}"
            results = [
                r or DeliveryResult(m.message_id, m.recipients, TEMPORARY, said, 0, failure.polish)
                for r, m in zip(results, messages, strict=True)
            ]
        return [r for r in results if r is not None]

    async def _deliver(
        self, client: aiosmtplib.SMTP | None, message: OutgoingMessage, ready: Ready
    ) -> tuple[aiosmtplib.SMTP | None, DeliveryResult]:
        """Send one message, reconnecting and retrying temporary failures; `ready` is
        awaited before its DATA.

        Returns the connection to reuse and the result; _ConnectFailed if no connection
        could be made (permanently, or on the last attempt).
        """
        message_id, recipients = message.message_id, message.recipients
        response, reason = "", ""
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
                    response, reason = str(exc), exc.polish
                    continue
            try:
                errors, reply = await _transaction(client, message, ready)
            except _Uncertain as exc:
                response = str(exc)
                log.warning(
                    "no reply to the end of %s's content: it may have been delivered, so it "
                    "is not sent again: %s", message_id, reply_text(response),
                )  # fmt: skip
                return None, DeliveryResult(message_id, recipients, UNCERTAIN, response, attempt)
            except aiosmtplib.SMTPRecipientsRefused as exc:
                codes = [r.code for r in exc.recipients]
                response = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
                reason = reply_reason(max(codes), recipient=True)
                await _reset(client)
                if all(code >= 500 for code in codes):
                    return client, DeliveryResult(
                        message_id, recipients, PERMANENT, response, attempt, reason
                    )
                continue
            except aiosmtplib.SMTPResponseException as exc:
                response, reason = f"{exc.code} {exc.message}", reply_reason(exc.code)
                if exc.code >= 500:
                    await _reset(client)
                    return client, DeliveryResult(
                        message_id, recipients, PERMANENT, response, attempt, reason
                    )
                await _close(client)
                client = None
                continue
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                response, reason = f"{type(exc).__name__}: {exc}", DISCONNECTED_REASON
                await _close(client)
                client = None
                continue
            refused = "; ".join(f"{rcpt}: {e.code} {e.message}" for rcpt, e in errors.items())
            text = reply + (f" (refused: {refused})" if refused else "")
            return client, DeliveryResult(message_id, recipients, ACCEPTED, text, attempt)
        log.warning(
            "giving up on %s after %d attempts: %s", message_id, self.attempts,
            reply_text(response),
        )  # fmt: skip
        return client, DeliveryResult(
            message_id, recipients, TEMPORARY, response, self.attempts, reason
        )


async def _transaction(
    client: aiosmtplib.SMTP, message: OutgoingMessage, ready: Ready
) -> tuple[dict[str, aiosmtplib.SMTPResponse], str]:
    """One mail transaction (RFC 5321 section 3.3) as aiosmtplib's sendmail makes it, with
    `ready` awaited between the envelope and the DATA: (refused recipients, DATA reply).

    SMTPRecipientsRefused when every recipient is refused, SMTPResponseException for any
    other refusal; the caller resets the envelope (RSET) or closes the connection after
    either (SmtpBackend._deliver).
    """
    options = []
    if client.supports_extension("size"):  # known once EHLO was answered (at connect)
        # RFC 1870: the octets after DATA, CRLF pairs included; composed messages are
        # CRLF-terminated lines already (notifier.mail.mime).
        options.append(f"SIZE={len(message.data)}")
    await client.mail(message.sender, options=options)
    refused: list[aiosmtplib.SMTPRecipientRefused] = []
    for recipient in message.recipients:
        try:
            await client.rcpt(recipient)
        except aiosmtplib.SMTPRecipientRefused as exc:
            refused.append(exc)
    if len(refused) == len(message.recipients):
        raise aiosmtplib.SMTPRecipientsRefused(refused)
    try:
        await ready()
    except Exception as exc:  # not the server's doing: no retry, nothing more goes out
        raise _NotTold(exc) from exc
    reply = await _data(client, message.data)
    errors = {r.recipient: aiosmtplib.SMTPResponse(r.code, r.message) for r in refused}
    return errors, reply.message


async def _data(client: aiosmtplib.SMTP, data: bytes) -> aiosmtplib.SMTPResponse:
    """DATA as aiosmtplib's `SMTP.data` sends it, in two steps told apart: trouble before the
    server's 354 means nothing was sent (retried); trouble once the content went out is
    _Uncertain (the client is closed)."""
    start = await client.execute_command(b"DATA")  # a timeout or disconnect closes the client
    if start.code != 354:
        raise aiosmtplib.SMTPDataError(start.code, start.message)
    protocol = client.protocol
    if protocol is None:
        raise aiosmtplib.SMTPServerDisconnected("Connection lost")
    protocol.write(PERIOD_REGEX.sub(b"..", normalize_message_line_endings(data)) + b".\r\n")
    try:
        reply = await protocol.read_response(timeout=client.timeout)
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        client.close()
        raise _Uncertain(f"{type(exc).__name__}: {exc}") from exc
    if reply.code != 250:
        raise aiosmtplib.SMTPDataError(reply.code, reply.message)
    return reply


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
