"""Delivery backends against a real SMTP server (aiosmtpd) and a real Maildir outbox."""

from __future__ import annotations

import asyncio
import mailbox
import resource
import socket
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtplib.protocol import normalize_message_line_endings
from server_process import free_port
from smtp_server import (
    BusyHandler,
    DroppingHandler,
    HoldingHandler,
    RecordingHandler,
    RefusingHandler,
    smtp_server,
)

from notifier.mail.delivery import DeliveryError, DeliveryResult, deliver
from notifier.mail.mime import OutgoingMessage, compose
from notifier.mail.render import RenderedEmail
from notifier.mail.smtp import SmtpBackend
from notifier.mail.transports import OutboxBackend, backend_from_settings
from notifier.settings import SettingsError, load_settings

NOW = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)
FROM = "Harmonogram konkursów <powiadomienia@konkursy.example.pl>"
UNSUBSCRIBE = "https://konkursy.example.pl/unsubscribe/mYJ-UZ7_sKr4YbpvDOK3qTcADG-w2r2QCJck-"
SUBJECT = "Przypomnienie: Wydział Zdrowia – konkurs ogłoszony w maju (ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ)"


def _message(to: str, n: int = 1) -> OutgoingMessage:
    rendered = RenderedEmail(
        subject=f"{SUBJECT} #{n}",
        text=f"Treść wiadomości nr {n}: zażółć gęślą jaźń.\n",
        html=f"<p>Treść wiadomości nr {n}: <b>zażółć gęślą jaźń</b>.</p>\n",
    )
    return compose(
        rendered,
        from_address=FROM,
        to=to,
        now=NOW,
        unsubscribe_url=f"{UNSUBSCRIBE}{n}",
    )


class Sleeps:
    """Injected instead of asyncio.sleep: records the backoff, waits for nothing."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def _backend(port: int, **options: object) -> SmtpBackend:
    defaults: dict[str, object] = {"timeout": 5.0, "backoff": 0.5, "sleep": Sleeps()}
    return SmtpBackend(host="127.0.0.1", port=port, **(defaults | options))  # type: ignore[arg-type]


def test_smtp_delivers_every_message_with_headers_and_both_parts_intact() -> None:
    handler = RecordingHandler()
    messages = [_message(f"ngo{n}@example.org", n) for n in range(1, 4)]
    with smtp_server(handler) as (_, port):
        results = asyncio.run(_backend(port, max_connections=2).send(messages))
    assert [r.status for r in results] == ["accepted"] * 3
    assert [r.message_id for r in results] == [m.message_id for m in messages]
    assert all("250" in r.response or "accepted" in r.response.lower() for r in results)
    by_rcpt = {tuple(r.rcpt_tos): r for r in handler.received}
    assert set(by_rcpt) == {("ngo1@example.org",), ("ngo2@example.org",), ("ngo3@example.org",)}
    got = by_rcpt[("ngo2@example.org",)]
    assert got.mail_from == "powiadomienia@konkursy.example.pl"
    received = got.message
    assert received["Subject"] == f"{SUBJECT} #2"
    assert received["Message-ID"] == messages[1].message_id
    assert f"\r\nList-Unsubscribe: <{UNSUBSCRIBE}2>\r\n".encode() in got.data
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        received.get_body(("plain",)).get_content().replace("\r\n", "\n")
        == "Treść wiadomości nr 2: zażółć gęślą jaźń.\n"
    )
    assert "<b>zażółć gęślą jaźń</b>" in received.get_body(("html",)).get_content()


def test_one_connection_carries_a_whole_batch() -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        asyncio.run(
            _backend(port, max_connections=1).send(
                [_message(f"n{i}@example.org", i) for i in range(5)]
            )
        )
    assert len(handler.received) == 5
    assert len({r.peer for r in handler.received}) == 1


def test_parallel_connections_are_bounded() -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        asyncio.run(
            _backend(port, max_connections=2).send(
                [_message(f"n{i}@example.org", i) for i in range(8)]
            )
        )
    assert len(handler.received) == 8
    assert 1 <= len({r.peer for r in handler.received}) <= 2


@dataclass
class EnvelopeHandler(RecordingHandler):
    """Also logs each MAIL FROM with its options; `second_envelope` is set once the second
    message's recipient is accepted, `second_content` once its DATA is."""

    second_envelope: threading.Event = field(default_factory=threading.Event)
    second_content: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.received) == 2:
            self.second_content.set()
        return reply

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        self.commands.append(f"MAIL {address} {' '.join(mail_options)}")
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        reply = await super().handle_RCPT(server, session, envelope, address, rcpt_options)
        if len(self.received) == 1:
            self.second_envelope.set()
        return reply


def test_the_next_envelope_goes_while_a_result_is_told_and_its_content_waits_for_it() -> None:
    """A crash re-sends at most the message on the wire: the second message's DATA waits until
    the first one's result is told, while its MAIL FROM and RCPT TO go out meanwhile."""
    handler = EnvelopeHandler()
    messages = [_message("a@example.org", 1), _message("b@example.org", 2)]
    commands_when_told: list[list[str]] = []

    async def on_result(index: int, result: DeliveryResult) -> None:
        if index == 0:  # told while the second envelope goes out, but not its content
            assert await asyncio.to_thread(handler.second_envelope.wait, 30)
            assert not await asyncio.to_thread(handler.second_content.wait, 0.2)
        commands_when_told.append([c.split()[0] for c in handler.commands])

    with smtp_server(handler) as (_, port):
        results = asyncio.run(_backend(port, max_connections=1).send(messages, on_result))

    assert [r.status for r in results] == ["accepted", "accepted"]
    assert commands_when_told == [
        ["MAIL", "RCPT", "DATA", "MAIL", "RCPT"],
        ["MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA"],
    ]


def test_when_a_result_cannot_be_told_the_next_message_is_not_sent() -> None:
    handler = EnvelopeHandler()
    messages = [_message(f"n{i}@example.org", i) for i in range(3)]

    async def on_result(index: int, result: DeliveryResult) -> None:
        raise RuntimeError("dziennik wysyłek niedostępny")

    with smtp_server(handler) as (_, port), pytest.raises(RuntimeError, match="niedostępny"):
        asyncio.run(_backend(port, max_connections=1).send(messages, on_result))
    assert [r.rcpt_tos for r in handler.received] == [["n0@example.org"]]


def test_each_mail_from_declares_the_exact_size_of_its_content() -> None:
    """RFC 1870: SIZE is the octets after DATA, CRLF pairs included."""
    handler = EnvelopeHandler()
    messages = [_message(f"n{i}@example.org", i) for i in range(3)]
    with smtp_server(handler) as (_, port):
        asyncio.run(_backend(port, max_connections=1).send(messages))
    sizes = [c.split()[2] for c in handler.commands if c.startswith("MAIL")]
    assert sizes == [f"SIZE={len(normalize_message_line_endings(m.data))}" for m in messages]


def test_a_busy_server_is_retried_with_backoff_until_it_accepts() -> None:
    handler = BusyHandler(failures=2)
    sleeps = Sleeps()
    with smtp_server(handler) as (_, port):
        [result] = asyncio.run(
            _backend(port, attempts=4, backoff=0.5, sleep=sleeps).send([_message("a@example.org")])
        )
    assert (result.status, result.attempts) == ("accepted", 3)
    assert sleeps.delays == [0.5, 1.0]
    assert len(handler.received) == 1  # sent exactly once
    assert handler.received[0].rcpt_tos == ["a@example.org"]


def test_a_server_that_stays_busy_gives_a_temporary_failure_and_sends_nothing() -> None:
    handler = BusyHandler(failures=100)
    with smtp_server(handler) as (_, port):
        [result] = asyncio.run(_backend(port, attempts=3).send([_message("a@example.org")]))
    assert (result.status, result.attempts) == ("temporary", 3)
    assert "421" in result.response
    assert handler.received == []


@dataclass
class ResetCountingHandler(RefusingHandler):
    """RefusingHandler that also logs each RSET."""

    async def handle_RSET(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("RSET")
        return "250 OK"


def test_a_refused_recipient_fails_alone_and_permanently() -> None:
    handler = ResetCountingHandler(refuse="nie-ma@example.org")
    messages = [
        _message("a@example.org", 1),
        _message("nie-ma@example.org", 2),
        _message("b@example.org", 3),
    ]
    with smtp_server(handler) as (_, port):
        results = asyncio.run(_backend(port, max_connections=1).send(messages))
    assert [r.status for r in results] == ["accepted", "permanent", "accepted"]
    assert "550" in results[1].response
    assert results[1].polish_reason == "serwer poczty odrzucił adres odbiorcy (kod 550)"
    assert results[0].polish_reason == ""
    assert "No such user" in results[1].response
    assert results[1].attempts == 1  # a 5xx is not retried
    assert sorted(r.rcpt_tos[0] for r in handler.received) == ["a@example.org", "b@example.org"]
    assert handler.commands.count("RSET") == 1  # the refused envelope is reset once


@dataclass
class ContentRefusingHandler(RecordingHandler):
    """Accepts every recipient, refuses the content (DATA) of mail to `refuse` with 554;
    logs each RSET."""

    refuse: str = "spam@example.org"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse in envelope.rcpt_tos:
            return "554 5.7.1 Treść odrzucona"
        return await super().handle_DATA(server, session, envelope)

    async def handle_RSET(self, server: Any, session: Any, envelope: Any) -> str:
        self.commands.append("RSET")
        return "250 OK"


def test_refused_content_fails_that_message_and_resets_its_envelope_once() -> None:
    handler = ContentRefusingHandler()
    messages = [_message("spam@example.org", 1), _message("b@example.org", 2)]
    with smtp_server(handler) as (_, port):
        results = asyncio.run(_backend(port, max_connections=1).send(messages))
    assert [r.status for r in results] == ["permanent", "accepted"]
    assert "554" in results[0].response
    assert [r.rcpt_tos for r in handler.received] == [["b@example.org"]]
    assert handler.commands.count("RSET") == 1


def test_no_reply_after_the_content_is_uncertain_and_never_sent_again() -> None:
    """RFC 5321 section 4.5.3.2.6: a timeout after the final "." is an unknown outcome. The
    server holds its answer (on an event, not the clock) past the client's timeout; the
    message is not sent again, the next one goes on a new connection."""
    handler = HoldingHandler(hold_at=1)
    messages = [_message("a@example.org", 1), _message("b@example.org", 2)]
    try:
        with smtp_server(handler) as (_, port):
            backend = _backend(port, timeout=1.0, attempts=3, max_connections=1)
            results = asyncio.run(backend.send(messages))
            handler.release.set()
    finally:
        handler.release.set()
    assert [(r.status, r.attempts) for r in results] == [("uncertain", 1), ("accepted", 1)]
    assert "Timeout" in results[0].response
    assert [r.rcpt_tos for r in handler.received] == [["a@example.org"], ["b@example.org"]]
    assert len({r.peer for r in handler.received}) == 2


def test_a_connection_dropped_after_the_content_is_uncertain_and_never_sent_again() -> None:
    handler = DroppingHandler(drop_at=1)
    messages = [_message("a@example.org", 1), _message("b@example.org", 2)]
    with smtp_server(handler) as (_, port):
        results = asyncio.run(_backend(port, attempts=3, max_connections=1).send(messages))
    assert [(r.status, r.attempts) for r in results] == [("uncertain", 1), ("accepted", 1)]
    assert [r.rcpt_tos for r in handler.received] == [["a@example.org"], ["b@example.org"]]


def test_a_server_that_is_down_fails_the_whole_batch_temporarily() -> None:
    backend = _backend(free_port(), attempts=2)
    with pytest.raises(DeliveryError, match="cannot connect") as info:
        asyncio.run(backend.send([_message("a@example.org"), _message("b@example.org", 2)]))
    assert info.value.permanent is False
    assert info.value.reason.startswith("nie udało się połączyć z serwerem poczty 127.0.0.1:")


def test_the_outbox_is_a_maildir_holding_each_message(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    messages = [_message("a@example.org", 1), _message("b@example.org", 2)]
    results = asyncio.run(OutboxBackend(outbox).send(messages))
    assert [r.status for r in results] == ["accepted", "accepted"]
    stored = sorted(mailbox.Maildir(outbox, create=False), key=lambda m: m["To"])
    assert [m["To"] for m in stored] == ["a@example.org", "b@example.org"]
    assert [m["Message-ID"] for m in stored] == [m.message_id for m in messages]
    files = list((outbox / "new").iterdir())
    assert len(files) == 2
    assert all(b"\r\n" not in f.read_bytes() for f in files)  # Maildir files use \n


def test_a_disk_filling_mid_batch_keeps_the_written_messages_accepted(tmp_path: Path) -> None:
    """Blind 10a F3: the outbox filling after 22 of 30 messages recorded all 30 failed, and the
    22 already in the outbox were written again by the retry. Those written are accepted, each
    told before the next is written; the rest are temporary, for the retry."""
    outbox = tmp_path / "outbox"
    big = _message("c@example.org", 3)
    big = replace(big, data=big.data + b"x" * 8192)  # past the 8 kB file size limit below
    messages = [_message("a@example.org", 1), _message("b@example.org", 2), big]
    messages.append(_message("d@example.org", 4))
    told: list[tuple[int, str, int]] = []

    async def on_result(index: int, result: DeliveryResult) -> None:
        told.append((index, result.status, len(list((outbox / "new").iterdir()))))

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, hard))  # `ulimit -f 8`: EFBIG past 8 kB
    try:
        results = asyncio.run(deliver(OutboxBackend(outbox), messages, on_result))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert [r.status for r in results] == ["accepted", "accepted", "temporary", "temporary"]
    assert told == [
        (0, "accepted", 1),
        (1, "accepted", 2),
        (2, "temporary", 2),
        (3, "temporary", 2),
    ]
    assert results[2].reason.startswith(
        f"nie można zapisać wiadomości w katalogu NOTIFIER_OUTBOX={outbox}: "
    )
    stored = sorted(m["To"] for m in mailbox.Maildir(outbox, create=False))
    assert stored == ["a@example.org", "b@example.org"]
    # (a cut message may stay in tmp/, which Maildir readers never read, as its delivery leaves it)


def test_an_outbox_in_a_directory_not_yet_there_is_created(tmp_path: Path) -> None:
    outbox = tmp_path / "var" / "mail" / "outbox"
    [result] = asyncio.run(OutboxBackend(outbox).send([_message("a@example.org")]))
    assert result.status == "accepted"
    assert len(list((outbox / "new").iterdir())) == 1


def test_an_outbox_that_is_an_empty_directory_gets_its_maildir_folders(tmp_path: Path) -> None:
    """blind4 n1: an operator's `mkdir outbox` first made every email fail ("nie ma takiego
    pliku ani katalogu"): Maildir made tmp/ new/ cur/ only when it made the folder itself."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    [result] = asyncio.run(OutboxBackend(outbox).send([_message("a@example.org")]))
    assert result.status == "accepted"
    assert len(list((outbox / "new").iterdir())) == 1


def test_an_outbox_that_cannot_be_written_is_told_in_polish(tmp_path: Path) -> None:
    """Issue 25: NOTIFIER_OUTBOX=/dev/null said '[Errno 20] Not a directory' inside a Polish
    line; the reason is the system's in Polish (notifier.core.system_errors)."""
    blocker = tmp_path / "plik"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(DeliveryError) as caught:
        asyncio.run(OutboxBackend(blocker).send([_message("a@example.org")]))
    assert str(caught.value) == (
        f"nie można zapisać wiadomości w katalogu NOTIFIER_OUTBOX={blocker}: "
        "część ścieżki nie jest katalogiem"
    )


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("brak", "nie istnieje"),
        ("/dev/zero", "nie jest zwykłym plikiem (to katalog, urządzenie albo potok)"),
        (".", "nie jest zwykłym plikiem"),
    ],
)
def test_a_password_file_that_is_not_a_file_is_named_for_what_it_is(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, name: str, says: str
) -> None:
    clean_env.chdir(tmp_path)
    with pytest.raises(SettingsError) as caught:
        load_settings(smtp_password_file=Path(name))
    assert says in str(caught.value)


def test_backend_from_settings_picks_the_outbox_without_an_smtp_url(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    backend = backend_from_settings(load_settings(outbox=tmp_path / "box"))
    assert isinstance(backend, OutboxBackend)
    assert backend.path == tmp_path / "box"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user%40x:p%40ss@mail.example.org:587",
            ("mail.example.org", 587, "user@x", "p@ss", False, True),
        ),
        (
            "smtps://user:pass@mail.example.org",
            ("mail.example.org", 465, "user", "pass", True, False),
        ),
        ("smtp://relay.example.org", ("relay.example.org", 25, None, None, False, False)),
    ],
)
def test_backend_from_settings_reads_the_smtp_url(
    clean_env: pytest.MonkeyPatch, url: str, expected: tuple[object, ...]
) -> None:
    backend = backend_from_settings(load_settings(smtp_url=url, smtp_max_connections=3))
    assert isinstance(backend, SmtpBackend)
    got = (
        backend.host,
        backend.port,
        backend.username,
        backend.password,
        backend.implicit_tls,
        backend.require_starttls,
    )
    assert got == expected
    assert backend.max_connections == 3


def test_the_password_file_wins_over_the_url(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("z pliku\n", encoding="utf-8")
    settings = load_settings(
        smtp_url="smtp://user:from-url@mail.example.org:587", smtp_password_file=secret
    )
    backend = backend_from_settings(settings)
    assert isinstance(backend, SmtpBackend)
    assert backend.password == "z pliku"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [({"smtp_helo_name": "konkursy.example.pl"}, "konkursy.example.pl"), ({}, socket.getfqdn())],
)
def test_ehlo_gives_the_configured_name_and_by_default_the_hosts_fqdn(
    clean_env: pytest.MonkeyPatch, setting: dict[str, str], expected: str
) -> None:
    """NOTIFIER_SMTP_HELO_NAME is what the server sees in EHLO; unset, the host's FQDN."""
    handler = RecordingHandler()
    with smtp_server(handler) as (host, port):
        settings = load_settings(smtp_url=f"smtp://{host}:{port}", **setting)
        [result] = asyncio.run(backend_from_settings(settings).send([_message("a@example.org")]))
    assert result.status == "accepted"
    assert handler.received[0].helo == expected
