"""Shared by the reminder benchmarks: a seeded subscriber database, the day to run, the sink."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from sqlalchemy import insert, text
from synthetic import FakeSubscriber

from notifier.core.catalog import Catalog
from notifier.core.due import DueItem, due_windows
from notifier.core.preferences import email_key
from notifier.core.schedule import Schedule
from notifier.core.time import run_moment
from notifier.jobs import reminder_pass
from notifier.jobs.due_query import DueQuery
from notifier.store.db import Database, open_database
from notifier.store.models import ACTIVE, Subscriber, SubscriberLeadDays, SubscriberTopic, table_of

HERE = Path(__file__).resolve().parent
CHUNK = 10_000
SEEDED_AT = datetime(2023, 11, 1, 12, 0, tzinfo=UTC)


def seed(url: str, crowd: Iterable[FakeSubscriber]) -> int:
    """Migrate a new database and bulk-insert active subscribers (executemany per table)."""
    db = open_database(url)
    count = 0
    try:
        with db.engine.begin() as connection:
            people: list[dict[str, Any]] = []
            topics: list[dict[str, Any]] = []
            leads: list[dict[str, Any]] = []

            def flush() -> None:
                if people:
                    connection.execute(insert(table_of(Subscriber)), people)
                if topics:
                    connection.execute(insert(table_of(SubscriberTopic)), topics)
                if leads:
                    connection.execute(insert(table_of(SubscriberLeadDays)), leads)
                people.clear()
                topics.clear()
                leads.clear()

            for count, fake in enumerate(crowd, start=1):
                people.append(
                    {
                        "id": count,
                        "email": fake.email,
                        "email_key": email_key(fake.email),
                        "state": ACTIVE,
                        "all_topics": fake.topics is None,
                        "created_at": SEEDED_AT,
                        "consented_at": SEEDED_AT,
                        "confirmed_at": SEEDED_AT,
                        "unsubscribed_at": None,
                    }
                )
                topics += [{"subscriber_id": count, "topic": t} for t in fake.topics or ()]
                leads += [{"subscriber_id": count, "days": d} for d in fake.lead_days]
                if len(people) >= CHUNK:
                    flush()
            flush()
        with db.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        db.dispose()
    return count


def open_seeded(url: str) -> Database:
    return open_database(url)


# --- the day to run -------------------------------------------------------------------------


@dataclass(frozen=True)
class DayChoice:
    day: date
    now: datetime
    due_subscribers: int
    subscribers: int
    windows: int

    @property
    def fraction(self) -> float:
        return self.due_subscribers / self.subscribers


def due_count(
    schedule: Schedule, crowd: Sequence[FakeSubscriber], now: datetime
) -> tuple[int, int]:
    """(subscribers with something due at `now`, open windows), from the pure core's windows.

    A subscriber is due iff some window they want has min_lead <= one of their lead times.
    """
    windows = due_windows(Catalog.single(schedule), now)
    overall = min((w.min_lead for w in windows), default=None)
    per_topic: dict[str, int] = {}
    for w in windows:
        for topic in w.task.topics:
            per_topic[topic] = min(per_topic.get(topic, w.min_lead), w.min_lead)
    due = 0
    for fake in crowd:
        longest = max(fake.lead_days)
        if fake.topics is None:
            needed = overall
        else:
            needed = min((per_topic[t] for t in fake.topics if t in per_topic), default=None)
        if needed is not None and longest >= needed:
            due += 1
    return due, len(windows)


def scan_days(schedule: Schedule, crowd: Sequence[FakeSubscriber]) -> list[DayChoice]:
    """Each day (08:00 Warsaw) of the run-up to the schedule's year, with how many are due.

    Before 1 January nothing has been sent yet, as in a fresh installation: the first tasks'
    reminders come due as their lead times are reached.
    """
    first = date(schedule.year - 1, 11, 15)
    out = []
    for offset in range(60):
        day = first + timedelta(days=offset)
        now = run_moment(day)
        due, windows = due_count(schedule, crowd, now)
        out.append(DayChoice(day, now, due, len(crowd), windows))
    return out


def half_due_day(schedule: Schedule, crowd: Sequence[FakeSubscriber]) -> DayChoice:
    """The day of scan_days closest to half the subscribers due (the earliest such)."""
    return min(scan_days(schedule, crowd), key=lambda c: abs(c.fraction - 0.5))


# --- deciding, as the reminder pass does ----------------------------------------------------

DECIDE_BATCH = reminder_pass.BATCH_SIZE


@dataclass(frozen=True)
class Decided:
    subscribers: int  # with something due
    rows: int  # (subscriber, task, lead) triples due
    batches: int


def decide_all(db: Database, schedule: Schedule, now: datetime) -> Decided:
    """Every batch of run_reminder_pass's decide step (notifier.jobs.due_query.DueQuery), without
    claiming or sending."""
    query = DueQuery.prepare(due_windows(Catalog.single(schedule), now))
    after, due, rows, batches = 0, 0, 0, 0
    # Subscribers due for the same share one tuple of items: count its rows once.
    counted: dict[int, tuple[tuple[DueItem, ...], int]] = {}
    with db.engine.connect() as connection:
        while True:
            upto, found = query.batch(connection, after, DECIDE_BATCH)
            if upto is None:
                return Decided(due, rows, batches)
            due += len(found)
            for _, _, items in found:
                if id(items) not in counted:
                    counted[id(items)] = (items, sum(len(item.leads) for item in items))
                rows += counted[id(items)][1]
            batches += 1
            after = upto


# --- the SMTP sink in its own process ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """aiosmtpd in a subprocess that accepts, counts and discards (keeps the first `keep`)."""

    def __init__(self, keep_dir: Path | None = None, keep: int = 0) -> None:
        self.port, self.control_port = free_port(), free_port()
        args = [str(self.port), str(self.control_port)]
        if keep_dir is not None:
            args += [str(keep_dir), str(keep)]
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "_smtp_sink.py"), *args],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            self.close()
            raise SystemExit("the SMTP sink did not start")

    def counts(self) -> tuple[int, int, int]:
        """(messages, bytes, connections) accepted so far."""
        with socket.create_connection(("127.0.0.1", self.control_port), timeout=10) as sock:
            data = b""
            while chunk := sock.recv(100):
                data += chunk
        messages, size, connections = (int(v) for v in data.split())
        return messages, size, connections

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def timed(coro: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = asyncio.run(coro)
    return result, time.perf_counter() - started
