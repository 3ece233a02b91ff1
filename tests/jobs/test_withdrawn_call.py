"""A call withdrawn after its alert went out (issue 25, blind10b M25): whoever was told
"Ogłoszono konkurs" is never sent "Zbliża się konkurs" for that task's window afterwards, on
SQLite and PostgreSQL, with a real SMTP server (aiosmtpd); whoever was not told still is."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from passes import LESZNO_SPORT_CALL, alerts, at, backend, seed_text, subscribe
from smtp_server import RecordingHandler, smtp_server

from notifier.core.catalog import Catalog
from notifier.core.schedule_toml import parse_schedule
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import SENT


def test_those_told_a_call_was_announced_get_no_zbliza_sie_after_its_withdrawal(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    before = parse_schedule(seed_text(seed_schedule_path))  # the sport window: May 2024
    called = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    subscribe(db, before, "powiadomiona@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        assert alerts(db, port, settings, before, at(date(2024, 5, 6), 7)).counts == {}
        told = alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
        assert told.count(SENT) == 1
        # The office withdraws the call; someone signs up after it went out.
        withdrawn = before
        subscribe(db, withdrawn, "nowa@example.org", ["sport"], [7])
        when = at(date(2024, 5, 7), 9)
        run = RunContext(settings, db, backend(port), Catalog.single(withdrawn), when)
        report = asyncio.run(run_reminder_pass(run))
        again = RunContext(settings, db, backend(port), Catalog.single(withdrawn), when)
        assert asyncio.run(run_reminder_pass(again)).count(SENT) == 0
    assert report.count(SENT) == 1
    sent = [(r.message["To"], r.message["Subject"]) for r in handler.received]
    assert sent[0] == (
        "powiadomiona@example.org",
        "Ogłoszono konkurs: Rozwój sportu – II tura – oferty do 28 maja 2024",
    )
    [(to, subject)] = sent[1:]
    assert to == "nowa@example.org"
    assert subject.startswith("Zbliża się konkurs")
