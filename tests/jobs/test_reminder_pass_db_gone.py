"""PostgreSQL gone mid-pass (issue 25): the results the SMTP server accepted are kept and
recorded once the database answers again; nothing is sent twice, the pass goes on, one log
line and no traceback. The test ends every connection of its database while the server holds
a message (what a restart does to them), never waiting on the clock."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from datetime import date

import pytest
from smtp_server import HoldingHandler, smtp_server
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from test_reminder_pass_killed import EVENT_TIMEOUT, one_connection, sent_rows, subscribe_many

from notifier.core.catalog import Catalog
from notifier.core.schedule import Schedule
from notifier.core.time import run_moment
from notifier.jobs.reminder_pass import ReminderReport, run_reminder_pass
from notifier.jobs.run_context import RunContext
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
        run = RunContext(
            settings,
            db,
            one_connection(port),
            Catalog.single(leszno),
            run_moment(date(2024, 4, 24)),
        )
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
