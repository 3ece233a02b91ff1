"""Call emails against a real database and a real SMTP server (aiosmtpd): "Ogłoszono konkurs"
once, the deadline reminder N days before, "Zmiana terminu" once per change, never twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

from passes import LESZNO_SPORT_CALL, alerts, at, backend, seed_text, subscribe
from smtp_server import RecordingHandler, smtp_server
from sqlalchemy import select

from notifier.core.catalog import Catalog
from notifier.core.preferences import parse_preferences
from notifier.core.schedule_toml import parse_schedule
from notifier.core.time import run_moment
from notifier.jobs.alerts_pass import run_alerts_pass
from notifier.jobs.run_context import RunContext
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import SENT, Delivery
from notifier.store.subscribers import add_active


def test_a_recorded_call_is_announced_once_then_the_deadline_reminded_once(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    before = parse_schedule(seed_text(seed_schedule_path))
    called = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    subscribe(db, before, "sport@example.org", ["sport"], [7])
    subscribe(db, before, "seniorzy@example.org", ["seniorzy"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        # The first pass on this database, before the call: nothing to say.
        assert alerts(db, port, settings, before, at(date(2024, 5, 6), 7)).counts == {}
        # The call is recorded: the next pass (15 minutes later, not a daily one) announces it.
        report = alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
        assert report.count(SENT) == 1
        assert alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 30)).counts == {}
        assert len(handler.received) == 1
        # No deadline reminder before 2024-05-25 (28 May minus the default 3 days) …
        assert alerts(db, port, settings, called, run_moment(date(2024, 5, 24))).counts == {}
        # … one on the 25th, and none on a rerun or on the next days.
        assert alerts(db, port, settings, called, run_moment(date(2024, 5, 25))).count(SENT) == 1
        assert alerts(db, port, settings, called, run_moment(date(2024, 5, 25))).counts == {}
        assert alerts(db, port, settings, called, run_moment(date(2024, 5, 27))).counts == {}
    announced, reminder = (r.message for r in handler.received)
    assert {announced["To"], reminder["To"]} == {"sport@example.org"}
    assert announced["Subject"] == (
        "Ogłoszono konkurs: Rozwój sportu – II tura – oferty do 28 maja 2024"
    )
    body = announced.get_body(("plain",)).get_content()
    assert "Termin składania ofert: 28 maja 2024 (za 22 dni)" in body
    assert "Kwota: 150\u00a0000 zł" in body
    assert "Ogłoszenie: https://bip.example.org/sport-2024" in body
    assert announced["List-Unsubscribe"].startswith("<https://konkursy.example.pl/")
    assert "Zarządzanie subskrypcją: https://konkursy.example.pl/" in body
    assert reminder["Subject"] == (
        "Termin składania ofert: Rozwój sportu – II tura – 28 maja 2024 (3 dni)"
    )
    with db.session() as session:
        kinds = sorted(session.scalars(select(Delivery.kind)).all())
    assert kinds == ["call", "deadline"]


def test_the_deadline_lead_is_the_subscribers_choice_and_never_after_the_deadline(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    called = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    with db.session() as session:
        prefs = parse_preferences(called, ["sport"], [7], deadline_days=10)
        add_active(session, "dziesiec@example.org", prefs, datetime(2024, 1, 15, tzinfo=UTC))
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        alerts(db, port, settings, called, at(date(2024, 5, 6), 9))  # the call alert
        assert alerts(db, port, settings, called, run_moment(date(2024, 5, 17))).counts == {}
        assert alerts(db, port, settings, called, run_moment(date(2024, 5, 18))).count(SENT) == 1
    late = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    subscribe(db, late, "spozniony@example.org", ["sport"], [7])
    with smtp_server(RecordingHandler()) as (_, port):
        # After the deadline day nothing about this call goes out any more.
        assert alerts(db, port, settings, late, run_moment(date(2024, 5, 29))).counts == {}


def test_a_moved_window_is_one_zmiana_terminu_email(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    june = parse_schedule(seed_text(seed_schedule_path))
    july = parse_schedule(
        seed_text(seed_schedule_path).replace('period = "Czerwiec 2024"', 'period = "Lipiec 2024"')
    )
    subscribe(db, june, "seniorzy@example.org", ["seniorzy"], [7])
    subscribe(db, june, "sport@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        assert alerts(db, port, settings, june, at(date(2024, 5, 10), 9)).counts == {}  # records
        assert alerts(db, port, settings, july, at(date(2024, 5, 10), 9, 15)).count(SENT) == 1
        assert alerts(db, port, settings, july, at(date(2024, 5, 10), 9, 30)).counts == {}
        assert alerts(db, port, settings, july, run_moment(date(2024, 5, 11))).counts == {}
    (message,) = (r.message for r in handler.received)
    assert message["To"] == "seniorzy@example.org"
    assert message["Subject"] == "Zmiana terminu: Wsparcie seniorów – nowy termin: Lipiec 2024"
    body = message.get_body(("plain",)).get_content()
    assert (
        "„Czerwiec 2024” (1 czerwca – 30 czerwca 2024) → „Lipiec 2024” (1 lipca – 31 lipca 2024)"
        in body
    )
    assert message["List-Unsubscribe"]


def test_the_first_pass_on_a_database_sends_no_change_alerts(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    july = parse_schedule(
        seed_text(seed_schedule_path).replace('period = "Czerwiec 2024"', 'period = "Lipiec 2024"')
    )
    subscribe(db, july, "seniorzy@example.org", ["seniorzy"], [7])
    with smtp_server(RecordingHandler()) as (_, port):
        assert alerts(db, port, settings, july, at(date(2024, 5, 10), 9)).counts == {}


def test_a_dry_run_plans_without_sending_or_recording(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    called = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    subscribe(db, called, "sport@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        run = RunContext(
            settings, db, backend(port), Catalog.single(called), at(date(2024, 5, 7)), dry_run=True
        )
        report = asyncio.run(run_alerts_pass(run))
    assert report.count("planned") == 1
    assert "do wysłania [ogłoszenie]: sport@example.org" in report.format()
    assert handler.received == []
    with db.session() as session:
        assert session.scalars(select(Delivery)).all() == []


def test_a_call_alert_the_server_could_not_take_is_sent_at_a_later_pass_once(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    from server_process import free_port

    from notifier.store.models import FAILED

    called = parse_schedule(seed_text(seed_schedule_path) + LESZNO_SPORT_CALL)
    subscribe(db, called, "sport@example.org", ["sport"], [7])
    down = alerts(db, free_port(), settings, called, at(date(2024, 5, 7), 9), deadlines=False)
    assert down.count(FAILED) == 1
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        # Not before its next attempt (15 minutes later) …
        assert alerts(db, port, settings, called, at(date(2024, 5, 7), 9, 5)).counts == {}
        # … then once, and never again.
        assert alerts(db, port, settings, called, at(date(2024, 5, 7), 9, 30)).count(SENT) == 1
        assert alerts(db, port, settings, called, at(date(2024, 5, 7), 9, 45)).counts == {}
    assert [r.message["Subject"].split(":")[0] for r in handler.received] == ["Ogłoszono konkurs"]
