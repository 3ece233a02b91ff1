"""PostgreSQL really stopped mid-pass (`pg_ctl -m immediate stop`) and started again once the
pass has found it gone (issue 25): nothing is sent twice, one warning line, no traceback.

It stops the server, so it runs alone on a server of its own: `make test-pg-restart` (which
starts one with scripts/with-postgres.sh and sets TEST_POSTGRES_RESTARTABLE). In `make test`
it is skipped — the server there is shared by both test workers, and a private initdb and two
starts would add several seconds to a suite at its time budget."""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import subprocess
import threading
from collections import Counter

import pytest
from smtp_server import HoldingHandler, smtp_server
from test_reminder_pass_killed import (
    EVENT_TIMEOUT,
    one_connection_run,
    sent_rows,
    subscribe_many,
)

from notifier.core.schedule import Schedule
from notifier.jobs.reminder_pass import ReminderReport, run_reminder_pass
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import SENT

RESTARTABLE = os.environ.get("TEST_POSTGRES_RESTARTABLE", "")
pytestmark = [
    pytest.mark.pg_restart,
    pytest.mark.skipif(
        not RESTARTABLE, reason="stops the PostgreSQL server: runs alone, make test-pg-restart"
    ),
]


def _pg_ctl(*args: str) -> None:
    """pg_ctl on the server of scripts/with-postgres.sh (TEST_POSTGRES_RESTARTABLE holds the
    command and its data directory and options, as the script ran it)."""
    command = [*shlex.split(RESTARTABLE), *args]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class _FirstWarning(logging.Handler):
    """Sets `seen` at the first warning that recording found the database gone."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if "database unreachable" in record.getMessage():
            self.seen.set()


def test_a_real_restart_mid_pass_sends_nothing_twice(
    db: Database, leszno: Schedule, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL server is what is stopped")
    emails = subscribe_many(db, leszno, 12)
    handler = HoldingHandler(hold_at=5)
    report: list[ReminderReport] = []
    first = _FirstWarning()
    logging.getLogger("notifier.jobs.sending").addHandler(first)
    try:
        with smtp_server(handler) as (_, port), caplog.at_level(logging.WARNING):
            run = one_connection_run(settings, db, leszno, port)
            sending = threading.Thread(
                target=lambda: report.append(asyncio.run(run_reminder_pass(run)))
            )
            sending.start()
            try:
                assert handler.holding.wait(EVENT_TIMEOUT)  # the 5th message is on the wire
                _pg_ctl("-m", "immediate", "-w", "stop")
            finally:
                handler.release.set()
            assert first.seen.wait(EVENT_TIMEOUT)  # the pass found it gone, and waits
            _pg_ctl("-w", "-t", "60", "start")
            sending.join(EVENT_TIMEOUT)
    finally:
        logging.getLogger("notifier.jobs.sending").removeHandler(first)
    assert report[0].count(SENT) == 12
    assert sent_rows(db) == 12
    assert Counter(r for m in handler.received for r in m.rcpt_tos) == Counter(emails)
    assert "Traceback" not in caplog.text
    warnings = [r for r in caplog.records if "database unreachable" in r.getMessage()]
    assert len(warnings) == 1
