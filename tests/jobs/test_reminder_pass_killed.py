"""Nothing twice on a slow batch, at most the messages in flight twice after `kill -9`.

Against a real SMTP server (aiosmtpd) that holds one message until the test releases it; time
is moved by the passes' `now` and `wall` arguments, never by waiting.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from smtp_server import HoldingHandler, smtp_server
from sqlalchemy import func, insert, select

from notifier.core.catalog import Catalog
from notifier.core.preferences import parse_preferences
from notifier.core.schedule import Schedule
from notifier.core.time import run_moment
from notifier.jobs.reminder_pass import ReminderReport, run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings, load_settings
from notifier.store.claim_owners import refresh_claims
from notifier.store.db import Database
from notifier.store.models import CLAIMED, SENT, Delivery
from notifier.store.subscribers import add_active

EVENT_TIMEOUT = 120  # seconds: only a guard against a hung test, never a measurement


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Settings:
    return load_settings(database_url=database_url, base_url="https://konkursy.example.pl")


def subscribe_many(db: Database, schedule: Schedule, count: int) -> list[str]:
    emails = [f"ngo{i:02d}@example.org" for i in range(count)]
    with db.session() as session:
        for email in emails:
            prefs = parse_preferences(schedule, ["sport"], [7])
            add_active(session, email, prefs, run_moment(date(2024, 1, 15)))
    return emails


def one_connection(port: int) -> SmtpBackend:
    """One message at a time, and a server reply awaited as long as the test holds it."""
    return SmtpBackend(host="127.0.0.1", port=port, timeout=600, max_connections=1, attempts=1)


def one_connection_run(
    settings: Settings,
    db: Database,
    schedule: Schedule,
    port: int,
    when: datetime | None = None,
    **kw: Any,
) -> RunContext:
    """A reminder pass over `schedule` alone through one_connection(port), at `when` (default
    the run on 24 April 2024); `kw` as RunContext takes them (wall=…)."""
    return RunContext(
        settings,
        db,
        one_connection(port),
        Catalog.single(schedule),
        when or run_moment(date(2024, 4, 24)),
        **kw,
    )


def remind_process(
    settings: Settings, port: int, cwd: Path, **more: str
) -> subprocess.Popen[bytes]:
    """`notifier remind --as-of 2024-04-24` as its own process over the shipped schedule, one
    SMTP connection to `port` and the test's database (`more`: further NOTIFIER_* values)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_DATABASE_URL": settings.database_url,
        "NOTIFIER_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "NOTIFIER_SMTP_MAX_CONNECTIONS": "1",
        "NOTIFIER_SMTP_TIMEOUT": "600",
        "NOTIFIER_SCHEDULE": str(Path(__file__).resolve().parents[2] / "schedule.toml"),
        **more,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "notifier.cli.main", "remind", "--as-of", "2024-04-24"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def sent_rows(db: Database) -> int:
    with db.session() as session:
        return int(
            session.scalar(select(func.count()).where(Delivery.status == SENT)) or 0  # type: ignore[arg-type]
        )


def test_a_batch_still_sending_after_30_minutes_is_not_sent_again(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """40 subscribers, the server stuck on the 10th message; a second pass 31 minutes later
    (the worker's retry included) sends nothing, and each message was recorded as accepted."""
    emails = subscribe_many(db, leszno, 40)
    start = run_moment(date(2024, 4, 24))
    clock = {"wall": start}
    handler = HoldingHandler(hold_at=10)
    with smtp_server(handler) as (_, port):
        first: list[ReminderReport] = []

        def slow_pass() -> None:
            run = one_connection_run(settings, db, leszno, port, start, wall=lambda: clock["wall"])
            first.append(asyncio.run(run_reminder_pass(run)))

        sending = threading.Thread(target=slow_pass)
        sending.start()
        try:
            assert handler.holding.wait(EVENT_TIMEOUT)
            assert sent_rows(db) == 9  # recorded one by one, as the server accepted them
            clock["wall"] = later = start + timedelta(minutes=31)
            run = one_connection_run(settings, db, leszno, port, later, wall=lambda: later)
            second = asyncio.run(run_reminder_pass(run))
            assert second.emails == []
            assert len(handler.received) == 10
        finally:
            handler.release.set()
            sending.join(EVENT_TIMEOUT)
    assert first[0].count(SENT) == 40
    assert Counter(r for m in handler.received for r in m.rcpt_tos) == Counter(emails)


def test_after_kill_9_mid_batch_only_the_message_in_flight_goes_twice(
    db: Database, leszno: Schedule, settings: Settings, tmp_path: Path
) -> None:
    emails = subscribe_many(db, leszno, 12)
    handler = HoldingHandler(hold_at=5)
    with smtp_server(handler) as (_, port):
        process = remind_process(settings, port, tmp_path)
        try:
            assert handler.holding.wait(EVENT_TIMEOUT)  # the 5th message is on the wire
            os.kill(process.pid, signal.SIGKILL)
            process.wait(EVENT_TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            handler.release.set()
        assert process.returncode == -signal.SIGKILL
        assert sent_rows(db) == 4
        # The next pass, at once: the dead process's claims are taken over without waiting.
        run = one_connection_run(settings, db, leszno, port)
        again = asyncio.run(run_reminder_pass(run))
    copies = Counter(r for m in handler.received for r in m.rcpt_tos)
    assert set(copies) == set(emails)  # nothing lost
    assert [email for email, n in copies.items() if n > 1] == [emails[4]]  # the one in flight
    assert again.count(SENT) == 8
    assert sent_rows(db) == 12


def test_a_running_pass_keeps_its_claims_fresh_for_other_processes(db: Database) -> None:
    """Passes in other processes judge a claim by its age; the holder restamps its rows."""
    at = run_moment(date(2024, 4, 24))
    with db.engine.begin() as connection:
        for owner in ("me:1:a", "me:1:a", "someone-else:2:b"):
            connection.execute(
                insert(Delivery).values(
                    kind="reminder",
                    recipient="a@example.org",
                    status=CLAIMED,
                    attempts=0,
                    created_at=at,
                    last_attempt_at=at,
                    claimed_by=owner,
                )
            )
    later = at + timedelta(minutes=20)
    assert refresh_claims(db.engine, "me:1:a", later) == 2
    with db.session() as session:
        rows = session.execute(select(Delivery.claimed_by, Delivery.last_attempt_at)).all()
        stamps = {str(row[0]): row[1] for row in rows}
    assert stamps == {"me:1:a": later, "someone-else:2:b": at}
