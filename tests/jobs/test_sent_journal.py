"""Never twice, even when the sending process dies (issue 25): each message the SMTP server
accepted is in the fsync'd sent journal before its result goes to the database, and the next
run records it from there instead of sending it again; a journal that cannot be written stops
the sending. Real SMTP (aiosmtpd) and the real `notifier remind` process; time never raced."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from smtp_server import HoldingHandler, RecordingHandler, smtp_server
from test_reminder_pass_db_gone import _accept_connections
from test_reminder_pass_killed import (
    EVENT_TIMEOUT,
    one_connection_run,
    remind_process,
    sent_rows,
    subscribe_many,
)

from notifier.cli.common import database
from notifier.core.schedule import Schedule
from notifier.jobs import sending
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.settings import Settings, load_settings
from notifier.store.db import Database, journal_path
from notifier.store.models import SENT


def _journal_lines(path: Path, count: int) -> None:
    """Wait until the journal holds `count` lines (an event of the other process; bounded
    only against a hung test, never a measurement)."""
    deadline = time.monotonic() + EVENT_TIMEOUT
    while not (path.exists() and path.read_bytes().count(b"\n") >= count):
        assert time.monotonic() < deadline, "the journal never got its lines"
        time.sleep(0.05)


def test_a_worker_killed_while_the_database_is_away_sends_nothing_twice(
    db: Database, leszno: Schedule, settings: Settings, tmp_path: Path
) -> None:
    """`notifier remind` sends 5 messages; the database goes away as the 5th is accepted, so
    that result waits in the process; kill -9 then. The next run records the 5th from the
    journal and sends the other 7: each address gets its reminder exactly once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL server refusing connections is what 'away' is")
    emails = subscribe_many(db, leszno, 12)
    journal = journal_path(settings.database_url, tmp_path)
    handler = HoldingHandler(hold_at=5)
    with smtp_server(handler) as (_, port):
        process = remind_process(settings, port, tmp_path, NOTIFIER_STATE_DIR=str(tmp_path))
        try:
            assert handler.holding.wait(EVENT_TIMEOUT)  # the 5th message is on the wire
            _accept_connections(settings.database_url, False)
            handler.release.set()  # accepted now: journaled, then kept waiting for the database
            _journal_lines(journal, 5)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(EVENT_TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            handler.release.set()
            _accept_connections(settings.database_url, True)
        assert process.returncode == -signal.SIGKILL
        db.engine.dispose()  # its connections were ended with the others
        assert sent_rows(db) == 4  # the 5th reached only the journal
        with database(settings.model_copy(update={"state_dir": tmp_path})) as fresh:
            assert sent_rows(fresh) == 5  # the next run's first step: the journal recorded
            assert not journal.exists()
            again = asyncio.run(
                run_reminder_pass(one_connection_run(settings, fresh, leszno, port))
            )
    assert again.count(SENT) == 7
    assert Counter(r for m in handler.received for r in m.rcpt_tos) == Counter(emails)


def test_a_journal_that_cannot_be_written_stops_the_sending(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """A full disk under the journal (/dev/full answers every write with ENOSPC): the one
    message accepted is still recorded, nothing more is sent, the pass stops with one Polish
    line; once the journal can be written the next pass sends the rest, each once."""
    emails = subscribe_many(db, leszno, 6)
    full = dataclasses.replace(db, journal=Path("/dev/full"))
    first = RecordingHandler()
    with smtp_server(first) as (_, port), pytest.raises(sending.JournalFailed) as stopped:
        asyncio.run(run_reminder_pass(one_connection_run(settings, full, leszno, port)))
    assert str(stopped.value).startswith(
        "Nie można zapisać dziennika wysłanych wiadomości /dev/full (brak miejsca na dysku) – "
        "wysyłkę przerwano"
    )
    assert len(first.received) == 1
    assert sent_rows(db) == 1
    second = RecordingHandler()
    with smtp_server(second) as (_, port):
        asyncio.run(run_reminder_pass(one_connection_run(settings, db, leszno, port)))
    received = Counter(r for h in (first, second) for m in h.received for r in m.rcpt_tos)
    assert received == Counter(emails)
    assert sent_rows(db) == 6
    assert db.journal is not None
    assert not db.journal.exists()  # every line recorded: the file is gone


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, database_url: str) -> Settings:
    return load_settings(database_url=database_url, base_url="https://konkursy.example.pl")
