"""PostgreSQL gone mid-pass (issue 25): the results the SMTP server accepted are kept and
recorded once the database answers again; nothing is sent twice, the pass goes on, one log
line and no traceback. The test ends every connection of its database while the server holds
a message (what a restart does to them), never waiting on the clock."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter

import pytest
from smtp_server import HoldingHandler, RecordingHandler, smtp_server
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool
from test_reminder_pass_killed import (
    EVENT_TIMEOUT,
    one_connection_run,
    sent_rows,
    subscribe_many,
)

from notifier.core.schedule import Schedule
from notifier.jobs import sending
from notifier.jobs.reminder_pass import ReminderReport, run_reminder_pass
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import SENT


def _end_every_connection(url: str) -> int:
    """pg_terminate_backend for every other connection to the test's database."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        engine.dispose()


def test_results_accepted_while_the_database_is_gone_are_recorded_once_it_is_back(
    db: Database, leszno: Schedule, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL server's connections are what a restart ends")
    emails = subscribe_many(db, leszno, 12)
    handler = HoldingHandler(hold_at=5)
    report: list[ReminderReport] = []
    with smtp_server(handler) as (_, port):
        run = one_connection_run(settings, db, leszno, port)
        sending = threading.Thread(
            target=lambda: report.append(asyncio.run(run_reminder_pass(run)))
        )
        with caplog.at_level(logging.WARNING):
            sending.start()
            try:
                assert handler.holding.wait(EVENT_TIMEOUT)  # the 5th message is on the wire
                assert _end_every_connection(settings.database_url) >= 1
            finally:
                handler.release.set()
                sending.join(EVENT_TIMEOUT)
    assert report[0].count(SENT) == 12
    assert sent_rows(db) == 12
    assert Counter(r for m in handler.received for r in m.rcpt_tos) == Counter(emails)
    assert "Traceback" not in caplog.text
    gone = [r for r in caplog.records if "database unreachable while recording" in r.getMessage()]
    assert len(gone) == 1


def _accept_connections(url: str, accept: bool) -> None:
    """Let the test's database take new connections, or not (and end those it has): what a
    server that is down looks like to the pass, without stopping the server other tests use."""
    name = make_url(url).database
    admin = make_url(url).set(database="postgres").render_as_string(hide_password=False)
    engine = create_engine(admin, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {accept}'))
            if not accept:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name"
                    ),
                    {"name": name},
                )
    finally:
        engine.dispose()


def test_a_database_away_past_the_retries_stops_the_pass_and_the_next_sends_nothing_twice(
    db: Database,
    leszno: Schedule,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bounded retries: past them the pass stops with one Polish line (no traceback) and
    keeps what the server accepted; the next pass records it first, then sends the rest —
    each address gets its reminder exactly once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL server refusing connections is what is tested")
    monkeypatch.setattr(sending, "RECORD_RETRY_SECONDS", (0, 0))
    emails = subscribe_many(db, leszno, 12)
    handler = HoldingHandler(hold_at=5)
    errors: list[BaseException] = []

    def first_pass(port: int) -> None:
        run = one_connection_run(settings, db, leszno, port)
        try:
            asyncio.run(run_reminder_pass(run))
        except BaseException as exc:  # noqa: BLE001 - what the pass raised is the test's
            errors.append(exc)

    try:
        with smtp_server(handler) as (_, port), caplog.at_level(logging.WARNING):
            sending_thread = threading.Thread(target=first_pass, args=(port,))
            sending_thread.start()
            try:
                assert handler.holding.wait(EVENT_TIMEOUT)
                _accept_connections(settings.database_url, False)
            finally:
                handler.release.set()
                sending_thread.join(EVENT_TIMEOUT)
    finally:
        _accept_connections(settings.database_url, True)
    [error] = errors
    assert isinstance(error, sending.RecordingStopped)
    assert "Baza danych jest niedostępna dłużej niż 0 s – wysyłkę przerwano" in str(error)
    assert "Traceback" not in caplog.text
    db.engine.dispose()  # the pool's connections were ended with the rest
    assert sending.flush_unrecorded(db) >= 1
    second = RecordingHandler()
    with smtp_server(second) as (_, port):
        run = one_connection_run(settings, db, leszno, port)
        asyncio.run(run_reminder_pass(run))
    received = Counter(r for h in (handler, second) for m in h.received for r in m.rcpt_tos)
    assert received == Counter(emails)
    assert sent_rows(db) == 12
