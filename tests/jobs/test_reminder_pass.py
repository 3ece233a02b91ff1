"""One reminder pass against a real database and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from passes import ADDED, backend, subscribe
from smtp_server import DroppingHandler, RecordingHandler, RefusingHandler, smtp_server
from sqlalchemy import select, update

from notifier.core.catalog import Catalog
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.core.time import run_moment
from notifier.jobs.digest_pass import digest_figures
from notifier.jobs.reminder_pass import (
    BATCH_SIZE,
    ReminderReport,
    retry_reminders,
    run_reminder_pass,
)
from notifier.jobs.run_context import RunContext
from notifier.mail.delivery import DeliveryBackend
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import (
    CLAIMED,
    FAILED,
    REJECTED,
    SENT,
    UNSUBSCRIBE,
    Delivery,
    DeliveryItem,
    Subscriber,
)
from notifier.store.subscribers import remove, subscriber_for_token

SPORT = "kultura-sport/rozwoj-sportu"
SENIORS = "mopr/wsparcie-seniorow"


def context(
    db: Database,
    delivery: DeliveryBackend,
    settings: Settings,
    schedule: Schedule,
    when: datetime,
    **kw: Any,
) -> RunContext:
    return RunContext(settings, db, delivery, Catalog.single(schedule), when, **kw)


def remind(
    db: Database,
    port: int,
    settings: Settings,
    schedule: Schedule,
    when: datetime,
    *,
    batch_size: int = BATCH_SIZE,
    **kw: Any,
) -> ReminderReport:
    run = context(db, backend(port), settings, schedule, when, **kw)
    return asyncio.run(run_reminder_pass(run, batch_size=batch_size))


def per_recipient(handler: RecordingHandler) -> Counter[str]:
    return Counter(r for m in handler.received for r in m.rcpt_tos)


def test_sport_subscriber_lead_7_is_reminded_on_the_24th_once(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        report = remind(db, port, settings, leszno, run_moment(date(2024, 4, 23)))
        assert report.emails == []
        assert handler.received == []

        report = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)))
        assert [(e.recipient, e.status, e.task_keys) for e in report.emails] == [
            ("klub@example.org", SENT, (SPORT,))
        ]
        again = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)))
        later = remind(db, port, settings, leszno, run_moment(date(2024, 5, 10)))
    assert again.emails == []
    assert later.emails == []
    assert per_recipient(handler) == Counter({"klub@example.org": 1})

    message = handler.received[0].message
    assert message["Subject"] == ("Zbliża się konkurs: Rozwój sportu – II tura")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = str(message["List-Unsubscribe"]).strip("<>")
    assert unsubscribe_url.startswith("https://konkursy.example.pl/unsubscribe/")
    text = message.get_body(("plain",)).get_content()
    assert "Wydział Kultury i Sportu" in text
    assert "Maj 2024 (1 maja – 31 maja 2024)" in text
    assert "https://konkursy.example.pl/manage/" in text
    assert unsubscribe_url in text
    # The link's token was minted for this email and works (only its hash is stored).
    with db.session() as session:
        token = unsubscribe_url.rsplit("/", 1)[1]
        subscriber = subscriber_for_token(session, token, UNSUBSCRIBE, ADDED + timedelta(days=200))
        assert subscriber.email == "klub@example.org"
        delivery = session.scalars(select(Delivery)).one()
        assert (delivery.kind, delivery.status, delivery.attempts) == ("reminder", SENT, 1)
        # The delivery log names the task with its city ("leszno:kultura-sport/…").
        assert [(i.task_key, i.lead_days) for i in delivery.items] == [(f"leszno:{SPORT}", 7)]


def test_seniors_subscriber_gets_the_june_task_on_may_25(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "seniorzy@example.org", ["seniorzy"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        before = remind(db, port, settings, leszno, run_moment(date(2024, 5, 24)))
        report = remind(db, port, settings, leszno, run_moment(date(2024, 5, 25)))
    assert before.emails == []
    assert [(e.recipient, e.task_keys) for e in report.emails] == [
        ("seniorzy@example.org", (SENIORS,))
    ]


def test_a_window_the_city_moves_gets_a_reminder_of_its_own(
    db: Database, leszno: Schedule, settings: Settings, seed_schedule_path: Path
) -> None:
    subscribe(db, leszno, "seniorzy@example.org", ["seniorzy"], [7])
    text = seed_schedule_path.read_text(encoding="utf-8")
    assert text.count('period = "Czerwiec 2024"') == 1
    moved = parse_schedule(text.replace('period = "Czerwiec 2024"', 'period = "Lipiec 2024"'))
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        june = remind(db, port, settings, leszno, run_moment(date(2024, 5, 25)))
        early = remind(db, port, settings, moved, run_moment(date(2024, 6, 23)))
        july = remind(db, port, settings, moved, run_moment(date(2024, 6, 24)))
        again = remind(db, port, settings, moved, run_moment(date(2024, 6, 25)))
    assert [e.task_keys for e in june.emails] == [(SENIORS,)]
    assert early.emails == []
    assert [e.task_keys for e in july.emails] == [(SENIORS,)]
    assert "1 lipca" in handler.received[-1].message.get_body(("plain",)).get_content()
    assert again.emails == []
    assert per_recipient(handler) == Counter({"seniorzy@example.org": 2})


def test_one_email_per_subscriber_lists_every_due_task_and_names_how_many_more(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "wszystko@example.org", [], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        report = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)))
    [email] = report.emails
    # Windows already open are still reminded late (8), plus the seven May tasks due today.
    assert len(email.task_keys) == 15
    assert SPORT in email.task_keys
    [received] = handler.received
    assert received.message["Subject"].endswith("(i jeszcze 14 zadań)")
    text = received.message.get_body(("plain",)).get_content()
    assert text.count("Wydział Kultury i Sportu") == 1  # grouped by department


def test_unsubscribed_subscribers_and_undated_tasks_get_nothing(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "byly@example.org", ["sport"], [7])
    with db.session() as session:
        remove(session, "byly@example.org", ADDED)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        report = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)))
    assert report.emails == []
    assert handler.received == []


def test_a_missed_reminder_is_sent_late_but_never_after_the_window_ends(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "spoznione@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        ended = remind(db, port, settings, leszno, run_moment(date(2024, 6, 1)))
        assert ended.emails == []
        late = remind(db, port, settings, leszno, run_moment(date(2024, 5, 31)))
    assert [e.task_keys for e in late.emails] == [(SPORT,)]


def test_dry_run_claims_and_sends_nothing(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        dry = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)), dry_run=True)
        assert [(e.recipient, e.status) for e in dry.emails] == [("klub@example.org", "planned")]
        assert "do wysłania: klub@example.org" in dry.format()
        assert handler.received == []
        real = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)))
    assert [e.recipient for e in real.emails] == ["klub@example.org"]


def test_a_dry_run_shows_each_subscribers_subject_in_their_language(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "club@example.org", ["sport"], [7])
    with db.session() as session:
        session.execute(update(Subscriber).values(language="en"))
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        dry = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)), dry_run=True)
        real = remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)))
    assert dry.emails[0].subject.startswith("A call for proposals is coming: ")
    assert [e.subject for e in dry.emails] == [e.subject for e in real.emails]


@dataclass
class OutageHandler(RecordingHandler):
    """Accepts `accept` messages, then answers 421 to every MAIL until `recovered`."""

    accept: int = 3
    recovered: bool = False
    accepted: int = 0

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        if not self.recovered and self.accepted >= self.accept:
            return "421 4.3.2 Service shutting down"
        self.accepted += 1
        envelope.mail_from = address
        return "250 OK"


def test_an_smtp_outage_mid_batch_loses_nothing_and_duplicates_nothing(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    emails = [f"ngo{i}@example.org" for i in range(8)]
    for email in emails:
        subscribe(db, leszno, email, ["sport"], [7])
    at = run_moment(date(2024, 4, 24))
    handler = OutageHandler(accept=3)
    with smtp_server(handler) as (_, port):
        first = remind(db, port, settings, leszno, at, batch_size=5)
        assert (first.count(SENT), first.count(FAILED)) == (3, 5)
        # Failed deliveries wait for their next attempt: no tight retry loop.
        soon = remind(db, port, settings, leszno, at + timedelta(minutes=1))
        assert soon.emails == []
        handler.recovered = True
        retried = remind(db, port, settings, leszno, at + timedelta(hours=1))
        again = remind(db, port, settings, leszno, at + timedelta(hours=2))
    assert (retried.count(SENT), all(e.retry for e in retried.emails)) == (5, True)
    assert again.emails == []
    assert per_recipient(handler) == Counter(dict.fromkeys(emails, 1))
    with db.session() as session:
        rows = session.scalars(select(Delivery)).all()
        assert sorted(d.status for d in rows) == [SENT] * 8
        assert sorted(d.attempts for d in rows) == [1, 1, 1, 2, 2, 2, 2, 2]


def test_a_reminder_of_unknown_outcome_is_reported_and_never_sent_again(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """The connection drops after the content's final ".": the server may have delivered it,
    so no later pass sends it again (at most once); the report and the row say so."""
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    at = run_moment(date(2024, 4, 24))
    handler = DroppingHandler(drop_at=1)
    with smtp_server(handler) as (_, port):
        first = remind(db, port, settings, leszno, at)
        later = remind(db, port, settings, leszno, at + timedelta(days=1))
    assert [e.status for e in first.emails] == ["uncertain"]
    assert "wynik nieznany" in first.format()
    assert "o nieznanym wyniku 1." in first.format()
    assert later.emails == []
    assert per_recipient(handler) == Counter({"klub@example.org": 1})
    with db.session() as session:
        delivery = session.scalars(select(Delivery)).one()
    assert (delivery.status, delivery.next_attempt_at) == (FAILED, None)
    assert delivery.smtp_response.startswith("uncertain: SMTPServerDisconnected")
    with db.engine.connect() as connection:  # the office's digest counts it apart
        figures = digest_figures(connection, at + timedelta(days=2))
    assert (figures.reminders_failed_this_week, figures.reminders_uncertain_this_week) == (1, 1)


def test_a_dead_server_fails_the_batch_for_later_and_marks_nothing_sent(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    at = run_moment(date(2024, 4, 24))
    with smtp_server(RecordingHandler()) as (_, dead_port):
        pass  # stopped: nothing listens on the port any more
    report = remind(db, dead_port, settings, leszno, at)
    assert [e.status for e in report.emails] == [FAILED]
    # M6 (blind7): the report says why (ours in Polish), not only "nie wysłano".
    assert "; powód: nie udało się połączyć z serwerem poczty 127.0.0.1:" in report.format()
    with db.session() as session:
        delivery = session.scalars(select(Delivery)).one()
        assert delivery.status == FAILED
        assert delivery.sent_at is None
        assert delivery.next_attempt_at == at.astimezone(UTC) + timedelta(minutes=15)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        retried = remind(db, port, settings, leszno, at + timedelta(minutes=15))
    assert [e.status for e in retried.emails] == [SENT]
    assert per_recipient(handler) == Counter({"klub@example.org": 1})


def test_a_refused_recipient_is_rejected_and_not_retried(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "nie-ma@example.org", ["sport"], [7])
    subscribe(db, leszno, "jest@example.org", ["sport"], [7])
    at = run_moment(date(2024, 4, 24))
    handler = RefusingHandler(refuse="nie-ma@example.org")
    with smtp_server(handler) as (_, port):
        report = remind(db, port, settings, leszno, at)
        later = remind(db, port, settings, leszno, at + timedelta(days=1))
    assert sorted((e.recipient, e.status) for e in report.emails) == [
        ("jest@example.org", SENT),
        ("nie-ma@example.org", REJECTED),
    ]
    assert later.emails == []
    assert "; powód: serwer poczty odrzucił adres odbiorcy (kod 550)" in report.format()


def test_retry_resends_only_items_whose_window_has_not_ended(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "wszystko@example.org", ["sport", "seniorzy"], [7])
    at = run_moment(date(2024, 5, 31))
    with smtp_server(RecordingHandler()) as (_, dead_port):
        pass
    first = remind(db, dead_port, settings, leszno, at)
    assert [sorted(e.task_keys) for e in first.emails] == [sorted([SPORT, SENIORS])]
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        retried = remind(db, port, settings, leszno, run_moment(date(2024, 6, 1)))
    assert [e.task_keys for e in retried.emails] == [(SENIORS,)]
    assert "Rozwój sportu" not in handler.received[0].message.get_body(("plain",)).get_content()


class Crash(Exception):
    pass


class CrashingBackend:
    """The process dies after claiming, before anything reaches the server."""

    async def send(self, messages: Any, on_result: Any = None) -> Any:
        raise Crash


ELSEWHERE = "another-host.invalid:4242:abcd"


def held_elsewhere(db: Database) -> None:
    """Hand the claimed rows to a pass on another host: alive or dead, nobody here can tell."""
    with db.engine.begin() as connection:
        connection.execute(
            update(Delivery).where(Delivery.status == CLAIMED).values(claimed_by=ELSEWHERE)
        )


def test_a_claim_of_a_pass_that_ended_in_this_process_is_retried_at_once(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    at = run_moment(date(2024, 4, 24))
    with pytest.raises(Crash):
        asyncio.run(
            run_reminder_pass(
                context(db, CrashingBackend(), settings, leszno, at, wall=lambda: at)  # type: ignore[arg-type]
            )
        )
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        again = remind(db, port, settings, leszno, at, wall=lambda: at)
    assert [(e.recipient, e.status, e.retry) for e in again.emails] == [
        ("klub@example.org", SENT, True)
    ]


def test_a_claim_held_on_another_host_is_retried_after_it_goes_stale(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    at = run_moment(date(2024, 4, 24))
    with pytest.raises(Crash):
        asyncio.run(
            run_reminder_pass(
                context(db, CrashingBackend(), settings, leszno, at, wall=lambda: at)  # type: ignore[arg-type]
            )
        )
    held_elsewhere(db)
    with db.session() as session:
        assert session.scalars(select(Delivery.status)).all() == [CLAIMED]
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        soon, later = at + timedelta(minutes=5), at + timedelta(minutes=31)
        fresh = remind(db, port, settings, leszno, soon, wall=lambda: soon)
        stale = remind(db, port, settings, leszno, later, wall=lambda: later)
    assert fresh.emails == []  # it may still be in flight in another pass
    assert [(e.recipient, e.status, e.retry) for e in stale.emails] == [
        ("klub@example.org", SENT, True)
    ]
    assert per_recipient(handler) == Counter({"klub@example.org": 1})


def test_an_as_of_pass_in_flight_is_not_taken_over_by_a_live_retry(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """`remind --as-of 2024-04-24` run on 2 May decides as of April but stamps its claims
    with the real time, so a live worker's retry a minute later (the May window still open)
    leaves the claim to the pass that holds it."""
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    real_now = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    with pytest.raises(Crash):  # stands for "still sending": the claim is not yet recorded
        asyncio.run(
            run_reminder_pass(
                context(
                    db,
                    CrashingBackend(),  # type: ignore[arg-type]
                    settings,
                    leszno,
                    run_moment(date(2024, 4, 24)),
                    wall=lambda: real_now,
                )
            )
        )
    held_elsewhere(db)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        live = asyncio.run(
            retry_reminders(
                context(
                    db,
                    backend(port),
                    settings,
                    leszno,
                    real_now + timedelta(minutes=1),
                    wall=lambda: real_now + timedelta(minutes=1),
                )
            )
        )
    assert live.emails == []
    assert handler.received == []


def test_two_concurrent_passes_send_each_reminder_once(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    emails = [f"ngo{i:02}@example.org" for i in range(24)]
    for i, email in enumerate(emails):
        subscribe(db, leszno, email, ["sport"] if i % 2 else [], [7, 14])
    at = run_moment(date(2024, 4, 24))
    handler = RecordingHandler()

    async def both(port: int) -> list[ReminderReport]:
        return list(
            await asyncio.gather(
                run_reminder_pass(context(db, backend(port), settings, leszno, at), batch_size=5),
                run_reminder_pass(context(db, backend(port), settings, leszno, at), batch_size=5),
            )
        )

    with smtp_server(handler) as (_, port):
        reports = asyncio.run(both(port))
    sent = [e.recipient for r in reports for e in r.emails if e.status == SENT]
    assert sorted(sent) == emails
    assert per_recipient(handler) == Counter(dict.fromkeys(emails, 1))
    with db.session() as session:
        items = session.execute(
            select(DeliveryItem.subscriber_id, DeliveryItem.task_key, DeliveryItem.lead_days)
        ).all()
        assert len(items) == len(set(items))
        # No delivery row is left over from a claim that lost every item to the other pass.
        assert session.scalars(select(Delivery)).all().__len__() == 24


def test_subscribers_sharing_a_rendering_each_get_their_own_links(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    for email in ("a@example.org", "b@example.org"):
        subscribe(db, leszno, email, ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)))
    links = []
    for received in handler.received:
        message = received.message
        header = str(message["List-Unsubscribe"]).strip("<>")
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert ".invalid" not in text + html
        assert header in text
        assert f'href="{header}"' in html
        links.append(header)
    assert len(links) == 2
    assert links[0] != links[1]


@dataclass
class GreetingRefusedHandler(RecordingHandler):
    """A server that refuses every client at EHLO/HELO with a 5xx until `recovered`."""

    recovered: bool = False

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        if not self.recovered:
            return ["554 5.7.1 Nie przyjmujemy poczty"]
        session.host_name = hostname  # what aiosmtpd does itself when no hook answers EHLO
        return responses

    async def handle_HELO(self, server: Any, session: Any, envelope: Any, hostname: str) -> str:
        return "554 5.7.1 Nie przyjmujemy poczty"


def test_a_server_refusing_every_connection_postpones_the_reminders_not_rejects_them(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """A batch-wide 5xx (refused greeting or login) is the operator's to fix, not the NGO's."""
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    at = run_moment(date(2024, 4, 24))
    handler = GreetingRefusedHandler()
    with smtp_server(handler) as (_, port):
        refused = remind(db, port, settings, leszno, at)
        handler.recovered = True
        later = remind(db, port, settings, leszno, at + timedelta(hours=1))
    assert [e.status for e in refused.emails] == [FAILED]
    assert [(e.status, e.retry) for e in later.emails] == [(SENT, True)]
    assert per_recipient(handler) == Counter({"klub@example.org": 1})


def test_an_as_of_pass_stamps_date_with_the_real_send_time(
    db: Database, leszno: Schedule, settings: Settings
) -> None:
    """`--as-of` chooses what is due; Date: is when the message really left (gateways reject
    mail dated years off)."""
    subscribe(db, leszno, "klub@example.org", ["sport"], [7])
    real = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        remind(db, port, settings, leszno, run_moment(date(2024, 4, 24)), wall=lambda: real)
    [received] = handler.received
    assert parsedate_to_datetime(received.message["Date"]) == real
