"""The weekly digest pass: figures counted in the database, one digest per ISO week."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from passes import no_sleep
from smtp_server import BusyHandler, RecordingHandler, smtp_server
from sqlalchemy import update

from notifier.core.catalog import Catalog
from notifier.core.preferences import parse_preferences
from notifier.core.schedule import Schedule
from notifier.core.time import run_moment
from notifier.jobs import digest_pass
from notifier.jobs.digest_pass import DigestReport, digest_figures, run_digests
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings, load_settings
from notifier.store.claim_owners import claim_owner
from notifier.store.db import Database
from notifier.store.delivery_log import claim_by_key
from notifier.store.models import FAILED, SENT, Delivery
from notifier.store.subscribers import add_active, remove

OFFICE = "pelnomocnik-ngo@example.org"


def backend(port: int) -> SmtpBackend:
    return SmtpBackend(
        host="127.0.0.1", port=port, timeout=5.0, attempts=1, backoff=0, sleep=no_sleep
    )


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Settings:
    return load_settings(database_url=database_url, outbox=tmp_path / "outbox")


def context(
    db: Database, delivery: object, settings: Settings, schedule: Schedule, now: datetime, **kw: Any
) -> RunContext:
    return RunContext(settings, db, delivery, Catalog.single(schedule), now, **kw)  # type: ignore[arg-type]


async def run_digest_pass(run: RunContext, *, retry_only: bool = False) -> DigestReport | None:
    """run_digests over the one harmonogram of `run`: its one report, or None."""
    reports = await run_digests(run, retry_only=retry_only)
    assert len(reports) <= 1
    return reports[0] if reports else None


def digest(
    db: Database, port: int, settings: Settings, schedule: Schedule, day: date, **kw: Any
) -> DigestReport | None:
    """The digest pass as of 08:00 Warsaw on `day` (the worker's run time)."""
    return asyncio.run(
        run_digest_pass(context(db, backend(port), settings, schedule, run_moment(day), **kw))
    )


def test_the_digest_goes_to_the_office_once_per_iso_week(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        monday = digest(db, port, settings, leszno, date(2024, 4, 22))
        wednesday = digest(db, port, settings, leszno, date(2024, 4, 24))
        next_week = digest(db, port, settings, leszno, date(2024, 4, 29))
    assert monday is not None
    assert monday.status == SENT
    assert wednesday is not None
    assert wednesday.status == "already"
    assert "już wysłane" in wednesday.format()
    assert next_week is not None
    assert next_week.status == SENT
    assert [m.rcpt_tos for m in handler.received] == [[OFFICE], [OFFICE]]
    assert handler.received[0].message["Subject"] == (
        "Podsumowanie – Leszno – tydzień 22–28 kwietnia 2024: 2 konkursy w ciągu 4 tygodni"
    )
    next_subject = handler.received[1].message["Subject"]
    assert next_subject.startswith("Podsumowanie – Leszno – tydzień 29 kwietnia – 5 maja 2024")


def test_dry_run_sends_and_claims_nothing(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        dry = digest(db, port, settings, leszno, date(2024, 4, 22), dry_run=True)
        assert handler.received == []
        real = digest(db, port, settings, leszno, date(2024, 4, 22))
    assert dry is not None
    assert dry.status == "planned"
    assert real is not None
    assert real.status == SENT


def test_figures_are_counted_in_the_database(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    week_ago = datetime(2024, 4, 15, 6, 0, tzinfo=UTC)
    long_ago = datetime(2024, 1, 15, tzinfo=UTC)
    with db.session() as session:
        add_active(session, "a@example.org", parse_preferences(leszno, ["sport"], [7]), long_ago)
        add_active(
            session,
            "b@example.org",
            parse_preferences(leszno, ["sport", "seniorzy"], [7]),
            week_ago,
        )
        add_active(session, "c@example.org", parse_preferences(leszno, [], [7]), week_ago)
        add_active(session, "d@example.org", parse_preferences(leszno, ["seniorzy"], [7]), long_ago)
        remove(session, "d@example.org", datetime(2024, 4, 20, tzinfo=UTC))
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        asyncio.run(
            run_reminder_pass(
                context(db, backend(port), settings, leszno, run_moment(date(2024, 4, 17)))
            )
        )
    now = run_moment(date(2024, 4, 22))
    with db.engine.connect() as connection:
        figures = digest_figures(connection, now)
    assert dict(figures.active_per_topic) == {"sport": 2, "seniorzy": 1}
    assert (figures.active_total, figures.all_topics_count) == (3, 1)
    assert (figures.new_this_week, figures.unsubscribed_this_week) == (2, 1)
    assert (figures.reminders_sent_this_week, figures.reminders_failed_this_week) == (1, 0)


def test_a_failed_digest_is_retried_by_the_retry_job_not_before_its_time(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    handler = BusyHandler(failures=1)
    monday = date(2024, 4, 22)
    with smtp_server(handler) as (_, port):
        first = digest(db, port, settings, leszno, monday)
        assert first is not None
        assert first.status == FAILED
        early = asyncio.run(
            run_digest_pass(
                context(
                    db, backend(port), settings, leszno, run_moment(monday) + timedelta(minutes=5)
                ),
                retry_only=True,
            )
        )
        due = asyncio.run(
            run_digest_pass(
                context(
                    db, backend(port), settings, leszno, run_moment(monday) + timedelta(minutes=15)
                ),
                retry_only=True,
            )
        )
        nothing = asyncio.run(
            run_digest_pass(
                context(
                    db, backend(port), settings, leszno, run_moment(monday) + timedelta(hours=2)
                ),
                retry_only=True,
            )
        )
    assert early is None
    assert due is not None
    assert due.status == SENT
    assert nothing is None
    assert len(handler.received) == 1


class Crash(BaseException):
    """A process dying mid-send: not an error the pass isolates per city (an Exception is)."""


class CrashingBackend:
    """The process dies after claiming the digest, before the server has it."""

    async def send(self, messages: object, on_result: object = None) -> object:
        raise Crash


def test_a_digest_claimed_as_of_monday_on_wednesday_is_not_taken_over_by_a_live_retry(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """`notifier digest --as-of 2024-04-22` run on the 24th stamps its claim with the real
    time, so the worker's retry job a minute later leaves it to the pass holding it."""
    monday, wednesday = date(2024, 4, 22), datetime(2024, 4, 24, 9, 0, tzinfo=UTC)
    with pytest.raises(Crash):  # stands for "still sending"
        asyncio.run(
            run_digest_pass(
                context(
                    db,
                    CrashingBackend(),
                    settings,
                    leszno,
                    run_moment(monday),
                    wall=lambda: wednesday,
                )
            )
        )
    # Still sending in another process (on another host: only the claim's age can tell).
    with db.engine.begin() as connection:
        connection.execute(update(Delivery).values(claimed_by="another-host.invalid:4242:abcd"))
    handler = RecordingHandler()
    live = wednesday + timedelta(minutes=1)
    with smtp_server(handler) as (_, port):
        retry = asyncio.run(
            run_digest_pass(
                context(db, backend(port), settings, leszno, live, wall=lambda: live),
                retry_only=True,
            )
        )
        again = digest(db, port, settings, leszno, monday, wall=lambda: live)
    assert retry is None
    assert handler.received == []
    assert again is not None
    assert again.status == "in-progress"
    assert "inny proces" in again.format()


def test_a_failed_digest_waiting_for_its_retry_is_not_reported_as_sent(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    monday = date(2024, 4, 22)
    with smtp_server(RecordingHandler()) as (_, dead_port):
        pass
    failed = digest(db, dead_port, settings, leszno, monday)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        dry = digest(db, port, settings, leszno, monday, dry_run=True)
        real = digest(db, port, settings, leszno, monday)
    assert failed is not None
    assert failed.status == FAILED
    # The office reads why in Polish; aiosmtplib's English ("Connect call failed") is logged.
    said = failed.format()
    assert f"nie udało się połączyć z serwerem poczty 127.0.0.1:{dead_port}" in said
    assert "ponowna próba nastąpi automatycznie" in said
    assert "Connect" not in said
    assert "Errno" not in said
    assert dry is not None
    assert real is not None
    assert (dry.status, real.status) == ("waiting", "waiting")
    assert "następna nastąpi automatycznie" in real.format()
    assert handler.received == []


def test_an_as_of_digest_stamps_date_with_the_real_send_time(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    real = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        digest(db, port, settings, leszno, date(2024, 4, 22), wall=lambda: real)
    [received] = handler.received
    assert parsedate_to_datetime(received.message["Date"]) == real


def test_one_citys_failure_never_stops_the_other_cities_digests(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # F22: one office address the mail layer refused aborted the digest pass for every city.
    from types import SimpleNamespace

    from notifier.jobs import digest_pass

    def city(name: str) -> Any:
        schedule = SimpleNamespace(city=name, office=SimpleNamespace(email=f"{name}@example.org"))
        return SimpleNamespace(current=lambda today: SimpleNamespace(schedule=schedule))

    async def one_pass(run: Any, scope: Any, *, retry_only: bool) -> DigestReport:
        if scope.city == "Zepsute":
            raise ValueError("recipient address must be ASCII")
        return DigestReport("tydzień", scope.office.email, "Podsumowanie", SENT, city=scope.city)

    monkeypatch.setattr(digest_pass, "_digest_pass", one_pass)
    cities = [city("Leszno"), city("Zepsute"), city("Przykładowo")]
    run = SimpleNamespace(
        catalog=SimpleNamespace(cities=lambda: cities),
        today=date(2026, 11, 2),
        scope=lambda schedule: schedule,
    )
    reports = asyncio.run(run_digests(run))  # type: ignore[arg-type]
    assert [(r.city, r.status) for r in reports] == [
        ("Leszno", SENT),
        ("Zepsute", "failed"),
        ("Przykładowo", SENT),
    ]
    assert reports[1].recipient == "Zepsute@example.org"
    assert "błąd wewnętrzny (ValueError)" in reports[1].format()
    assert "weekly digest of Zepsute failed" in caplog.text


def test_a_digest_claimed_by_another_pass_between_two_reads_is_reported_not_a_crash(
    db: Database, leszno: Schedule, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click on "Wyślij podsumowanie teraz": the other request's pass claims the week's
    digest after this one found no row and before it claims; this one says so (it answered an
    English 500, a KeyError on the status 'None'), and the digest goes out once."""
    real_status_of = digest_pass.status_of
    raced: list[bool] = []
    rival: list[str] = []  # the other pass's owner name, running while this one does

    def status_then_other_claim(connection: Any, key: str) -> str | None:
        found = real_status_of(connection, key)
        if not raced:  # the other pass claims the row now, in its own transaction
            raced.append(True)
            with db.engine.begin() as elsewhere:
                stamp = run_moment(date(2024, 4, 22))
                claim_by_key(
                    elsewhere, kind="digest", recipient=OFFICE, dedupe_key=key,
                    subscriber_id=None, now=stamp, stamp=stamp, owner=rival[0],
                )  # fmt: skip
        return found

    monkeypatch.setattr(digest_pass, "status_of", status_then_other_claim)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port), claim_owner() as owner:
        rival.append(owner)
        report = digest(db, port, settings, leszno, date(2024, 4, 22))
    assert report is not None
    assert report.status == "in-progress"
    assert "właśnie wysyła je inny proces, nic nie wysłano." in report.format()
    assert handler.received == []


def test_a_placeholder_office_address_gets_no_digest_and_one_polish_log_line(
    db: Database, leszno: Schedule, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    import dataclasses

    from notifier.core.head_lint import PLACEHOLDER_EMAIL

    office = dataclasses.replace(leszno.office, email=PLACEHOLDER_EMAIL)
    imported = dataclasses.replace(leszno, office=office)  # as `notifier import` wrote it
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port), caplog.at_level("WARNING"):
        report = digest(db, port, settings, imported, date(2024, 4, 22))
        run = context(db, backend(port), settings, imported, run_moment(date(2024, 4, 22)))
        retry = asyncio.run(run_digest_pass(run, retry_only=True))
    assert handler.received == []
    assert report is not None
    assert report.status == "placeholder"
    assert "adres zastępczy" in report.format()
    assert "nic nie wysłano" in report.format()
    assert retry is None  # the retry job says nothing more
    said = [r.getMessage() for r in caplog.records if "adres zastępczy" in r.getMessage()]
    assert len(said) == 1
    assert said[0].startswith("Leszno: adres biura 'urzad@example.org'")
