"""A mail server's reply is text from outside: whoever runs a subscriber's mail server writes
it. A Polish 8-bit reply ("pe\\xb3na", ISO-8859-2) could not be stored, so the pass died and
its claim, retried first by every later pass, stopped every reminder for every subscriber;
an ESC sequence in a reply reached the operator's terminal and the database (blind round
four, G3, G4, G7). Every result's reply is kept as notifier.core.delivery_result.reply_text makes
it, whichever flow sent it: reminders, call alerts, deadline reminders, the digest, sign-ups
(a real database, a real SMTP server answering those bytes)."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from passes import backend, subscribe
from smtp_server import RecordingHandler, RefusingHandler, smtp_server
from sqlalchemy import select, update
from subscribe_site import START, Clock, make_settings

from notifier.core.catalog import Catalog
from notifier.core.delivery_result import REPLY_CHARS, DeliveryResult, reply_text
from notifier.core.schedule import Schedule
from notifier.core.time import run_moment
from notifier.jobs.reminder_pass import ReminderReport, run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.jobs.sending import flush_unrecorded
from notifier.jobs.signup import settle_sends
from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import CLAIMED, REJECTED, SENT, Delivery
from notifier.web.app import create_app

LATIN2 = b"550 5.2.2 Skrzynka odbiorcy pe\xb3na"
ESCAPES = b"550 5.1.1 \x1b]0;HACKED\x07\x1b[2J\x1b[31mUser unknown"


def remind(
    db: Database, port: int, settings: Settings, leszno: Schedule, day: date
) -> ReminderReport:
    run = RunContext(settings, db, backend(port), Catalog.single(leszno), run_moment(day))
    return asyncio.run(run_reminder_pass(run))


def test_a_reply_is_text_that_can_go_anywhere() -> None:
    assert reply_text("550 pe\udcb3na") == "550 pe\\xb3na"  # surrogateescape's stand-in
    assert reply_text("550 \x1b]0;X\x07\x1b[2J") == "550 \\x1b]0;X\\x07\\x1b[2J"
    assert reply_text("550 \u202eanuł\x00\x7f\x85") == "550 \\u202eanuł\\x00\\x7f\\x85"
    assert reply_text("550-5.1.1 Konto\r\n550 5.1.1 nie istnieje") == (
        "550-5.1.1 Konto 550 5.1.1 nie istnieje"
    )
    long = reply_text("550 " + "x" * 100_000)
    assert len(long) == REPLY_CHARS
    assert long.endswith("…")
    for text in ("550 pe\udcb3na \x1b", "ąę " * 1000):
        assert reply_text(reply_text(text)) == reply_text(text)
    made = DeliveryResult(None, ("a@example.org",), "permanent", "550 \x1b[31m pe\udcb3na")
    assert made.response == "550 \\x1b[31m pe\\xb3na"  # whoever makes a result


@pytest.mark.parametrize(
    ("reply", "stored"),
    [
        (LATIN2, "550 5.2.2 Skrzynka odbiorcy pe\\xb3na"),
        (ESCAPES, "550 5.1.1 \\x1b]0;HACKED\\x07\\x1b[2J\\x1b[31mUser unknown"),
    ],
    ids=["iso-8859-2", "escape-sequences"],
)
def test_one_hostile_reply_rejects_its_message_and_the_pass_goes_on(
    db: Database,
    leszno: Schedule,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    reply: bytes,
    stored: str,
) -> None:
    for who in ("aaa", "bad", "zzz"):
        subscribe(db, leszno, f"{who}@example.org", ["sport"], [7])
    handler = RefusingHandler(refuse="bad@example.org", reply=reply)
    with caplog.at_level(logging.INFO), smtp_server(handler) as (_, port):
        report = remind(db, port, settings, leszno, date(2024, 4, 24))
        later = remind(db, port, settings, leszno, date(2024, 4, 25))
    assert sorted((e.recipient, e.status) for e in report.emails) == [
        ("aaa@example.org", SENT),
        ("bad@example.org", REJECTED),
        ("zzz@example.org", SENT),
    ]
    assert later.emails == []  # nothing left claimed, nothing sent twice
    assert sorted(r.rcpt_tos[0] for r in handler.received) == [
        "aaa@example.org",
        "zzz@example.org",
    ]
    with db.session() as session:
        row = session.scalars(select(Delivery).where(Delivery.recipient == "bad@example.org")).one()
        assert (row.status, row.smtp_response) == (REJECTED, f"bad@example.org: {stored}")
    logged = [r.getMessage() for r in caplog.records]
    assert any(stored in line for line in logged)
    assert not any("\x1b" in line or "\udcb3" in line for line in logged)


@pytest.mark.anyio
async def test_a_sign_up_refused_in_iso_8859_2_is_said_in_polish_and_recorded(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, db: Database
) -> None:
    handler = RefusingHandler(refuse="bad1@example.org", reply=LATIN2)
    with smtp_server(handler) as (_, port):
        sender = SmtpBackend(host="127.0.0.1", port=port, attempts=1, timeout=30)
        app = create_app(
            make_settings(seed_schedule_path), db=db, backend=sender, clock=Clock(START)
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answer = await client.post("/subscribe", data={"email": "bad1@example.org"})
            await settle_sends()
    assert "Serwer poczty odrzucił wiadomość" in answer.text
    with db.session() as session:
        row = session.scalars(select(Delivery)).one()
        assert row.status == REJECTED
        assert row.smtp_response == "bad1@example.org: 550 5.2.2 Skrzynka odbiorcy pe\\xb3na"


@dataclass
class Latin2AcceptingHandler(RecordingHandler):
    """Accepts every message with a reply in ISO-8859-2 ("Przyjęto do wysłania")."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> bytes:
        await super().handle_DATA(server, session, envelope)
        return b"250 2.0.0 Przyj\xeato do wys\xb3ania"


ACCEPTED_AS = "2.0.0 Przyj\\xeato do wys\\xb3ania"


def test_a_250_reply_that_is_not_utf8_is_recorded_and_its_journal_replayed(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """The sent journal kept the undecodable reply, and replaying it at every process start
    stopped `web`, `worker`, `remind` and `subscribers` (G7): the reply is kept escaped, and
    a journal an older version wrote is replayed with it escaped."""
    for who in ("aaa", "bbb"):
        subscribe(db, leszno, f"{who}@example.org", ["sport"], [7])
    with smtp_server(Latin2AcceptingHandler()) as (_, port):
        report = remind(db, port, settings, leszno, date(2024, 4, 24))
    assert [e.status for e in report.emails] == [SENT, SENT]
    assert db.journal is not None
    assert not db.journal.exists()  # every line recorded
    with db.session() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.id)).all()
        assert {r.smtp_response for r in rows} == {ACCEPTED_AS}
        session.execute(update(Delivery).values(status=CLAIMED, smtp_response=None))
        session.commit()
    line = {"attempts": 0, "message_id": None, "at": "2024-04-24T06:00:00+00:00"}
    db.journal.write_text(
        json.dumps(
            line
            | {
                "id": rows[0].id,
                "to": "aaa@example.org",
                "kind": "reminder",
                "response": "2.0.0 Przyj\udceato do wys\udcb3ania",
            }
        )
        + "\n"
        + json.dumps(
            line
            | {
                "id": rows[1].id,
                "to": "bbb@example.org",
                "kind": "reminder",
                "response": "x",
                "at": "wczoraj",
            }
        )
        + "\n",
        encoding="ascii",
    )
    assert flush_unrecorded(db) == 1  # the line it cannot read is left out, nothing raised
    with db.session() as session:
        first, second = session.scalars(select(Delivery).order_by(Delivery.id)).all()
        assert (first.status, first.smtp_response) == (SENT, ACCEPTED_AS)
        assert second.status == CLAIMED
