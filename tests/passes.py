"""Helpers for the pass tests (reminders, call alerts, digests) against a real database and a
real SMTP server: a backend that never waits between tries, subscribers added as a confirmed
sign-up adds them, a recorded call, and runs at a given moment."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from schedule_text import SPORT

from notifier.core.catalog import Catalog
from notifier.core.placement import catalog_view
from notifier.core.preferences import parse_preferences
from notifier.core.schedule import Schedule
from notifier.core.time import TIMEZONE
from notifier.jobs.alerts_pass import AlertReport, run_alerts_pass
from notifier.jobs.run_context import RunContext
from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.subscribers import add_active

ADDED = datetime(2024, 1, 15, tzinfo=UTC)  # when the Leszno 2024 subscribers signed up
CITIES_ADDED = datetime(2025, 1, 2, tzinfo=UTC)  # when the many-cities subscribers did

# A call for Leszno 2024's sport task, with a deadline and no results yet.
LESZNO_SPORT_CALL = f"""
[[calls]]
tasks = ["{SPORT}"]
published = 2024-05-06
url = "https://bip.example.org/sport-2024"
deadline = 2024-05-28
amount = 150000
"""

# A call in Przykładowo 2025 (tests/examples/przykladowo-2025.toml) only.
PRZYKLADOWO_SPORT_CALL = """

[[calls]]
tasks = ["sport/szkolenie"]
published = 2025-03-03
url = "https://bip.przykladowo.example.pl/ogloszenie-sport"
deadline = 2025-03-24
"""


async def no_sleep(_: float) -> None:
    return None


def backend(port: int) -> SmtpBackend:
    """The SMTP backend of the passes, on 127.0.0.1:`port`, retrying without waiting."""
    return SmtpBackend(host="127.0.0.1", port=port, timeout=5.0, backoff=0, sleep=no_sleep)


def subscribe(
    db: Database, schedule: Schedule, email: str, topics: list[str], leads: list[int]
) -> None:
    with db.session() as session:
        add_active(session, email, parse_preferences(schedule, topics, leads), ADDED)


def subscribe_cities(
    db: Database, catalog: Catalog, email: str, topics: list[str], cities: list[str] | None
) -> None:
    """A subscriber of a catalog: `topics` in `cities` (every city when None), 7 days ahead."""
    prefs = parse_preferences(catalog_view(catalog), topics, [7])
    prefs = replace(prefs, cities=frozenset(cities) if cities else None)
    with db.session() as session:
        add_active(session, email, prefs, CITIES_ADDED)


def run_at(
    db: Database, settings: Settings, catalog: Catalog, port: int, when: datetime
) -> RunContext:
    return RunContext(settings, db, backend(port), catalog, when)


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TIMEZONE)


def alerts(
    db: Database, port: int, settings: Settings, schedule: Schedule, when: datetime, **kw: Any
) -> AlertReport:
    """One call-alert pass over `schedule` at `when` (its wall clock stopped there too)."""
    run = RunContext(settings, db, backend(port), Catalog.single(schedule), when, wall=lambda: when)
    return asyncio.run(run_alerts_pass(run, **kw))


def seed_text(seed: Path) -> str:
    return seed.read_text(encoding="utf-8")
