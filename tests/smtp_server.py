"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, free port) with recording handlers."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from server_process import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    peer: Any = None  # the client's (host, port): one value per SMTP connection
    helo: str | None = None  # the name the client gave in EHLO/HELO

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)  # type: ignore[return-value]


@dataclass
class RecordingHandler:
    """Accepts everything and keeps each message; subclasses refuse some commands."""

    received: list[Received] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        self.commands.append(f"RCPT {address}")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("DATA")
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.content,
                session.peer,
                session.host_name,
            )
        )
        return "250 2.0.0 Message accepted for delivery"


@dataclass
class BusyHandler(RecordingHandler):
    """Answers 421 (service not available) to the first `failures` MAIL commands, then recovers."""

    failures: int = 2
    refused: int = 0

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        self.commands.append(f"MAIL {address}")
        if self.refused < self.failures:
            self.refused += 1
            return "421 4.3.2 Too busy, try again later"
        envelope.mail_from = address
        return "250 OK"


@dataclass
class RefusingHandler(RecordingHandler):
    """Refuses one recipient with `reply` (550), accepts everyone else; a `reply` given as
    bytes goes out as they are (a server answering in ISO-8859-2, or with escape sequences)."""

    refuse: str = "nie-ma@example.org"
    reply: str | bytes = "550 5.1.1 No such user here"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str | bytes:
        if address.lower() == self.refuse:
            self.commands.append(f"RCPT {address} refused")
            return self.reply
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


@contextmanager
def smtp_server(handler: RecordingHandler) -> Iterator[tuple[str, int]]:
    """Run `handler` behind a real SMTP server; yields (host, port)."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield "127.0.0.1", port
    finally:
        controller.stop()


@dataclass
class HoldingHandler(RecordingHandler):
    """Receives the `hold_at`-th message (1-based) and then keeps its reply back until the test
    sets `release`: a server that is slow exactly when the test wants, never by the clock.
    `holding` is set once that message is being held."""

    hold_at: int = 1
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.received) == self.hold_at:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return reply


@dataclass
class DroppingHandler(RecordingHandler):
    """Receives the `drop_at`-th message (1-based) in full, then closes the connection instead
    of answering: the client cannot know whether it was accepted."""

    drop_at: int = 1

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.received) == self.drop_at:
            server.transport.abort()
        return reply
