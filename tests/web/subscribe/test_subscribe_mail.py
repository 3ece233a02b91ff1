"""Sign-up while the mail server is dead, hangs or goes away: the answer comes, the subscriber
is kept, and the email follows once (real ASGI app, real SQLite, real SMTP server)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from server_process import free_port
from smtp_server import BusyHandler, HoldingHandler, RecordingHandler, smtp_server
from subscribe_site import START, Clock, Site, link_in, make_settings, path_of, subscribe

from notifier.core.catalog import Catalog
from notifier.files.reading import load_schedule
from notifier.jobs.run_context import RunContext
from notifier.jobs.signup import settle_sends
from notifier.jobs.signup_retry import retry_signup_emails
from notifier.mail.smtp import SmtpBackend
from notifier.store.db import Database
from notifier.store.models import ACTIVE, CLAIMED, FAILED, PENDING, SENT
from notifier.store.subscribers import deliveries, find_by_email
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

# The sign-up's wait for a server that holds the message until the test releases it: the
# answer comes after it whatever the wait, so a short one (NOTIFIER_SIGNUP_WAIT, 3 s by
# default) only spares the test the product's pause.
SHORT_WAIT = 0.05


async def held(handler: HoldingHandler) -> bool:
    """Whether the held message reached the server: the send goes on after the answer, so
    it may arrive later (waited for, 60 s at most: a hang guard, not a speed limit)."""
    return await asyncio.to_thread(handler.holding.wait, 60)


async def test_a_dead_mail_server_leaves_the_email_for_a_retry_and_the_answer_unchanged(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, db: Database
) -> None:
    dead = SmtpBackend(host="127.0.0.1", port=free_port(), attempts=1, timeout=2)
    app = create_app(make_settings(seed_schedule_path), db=db, backend=dead, clock=Clock(START))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        response = await client.post("/subscribe", data={"email": "a@example.org"})
        await settle_sends()
    assert response.status_code == 200
    assert "Prosimy sprawdzić skrzynkę e-mail" in response.text
    with db.session() as session:
        [logged] = deliveries(session)
        assert (logged.status, logged.sent_at) == ("failed", None)
        assert logged.next_attempt_at is not None  # the worker's retry job sends it later
        subscriber = find_by_email(session, "a@example.org")
        assert subscriber is not None
        assert subscriber.state == PENDING


async def test_sign_up_answers_while_the_mail_server_hangs(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, db: Database
) -> None:
    """It answered after 93 s (3 × 30 s timeouts); now within NOTIFIER_SIGNUP_WAIT, whatever
    SMTP does: the answer comes while the server still holds the message (which reaches it
    meanwhile or after: the wait is short here, and the server holds it until released)."""
    handler = HoldingHandler(hold_at=1)
    with smtp_server(handler) as (_, port):
        backend = SmtpBackend(host="127.0.0.1", port=port, timeout=600)
        settings = make_settings(seed_schedule_path, signup_wait=SHORT_WAIT)
        app = create_app(settings, db=db, backend=backend, clock=Clock(START))
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                response = await client.post("/subscribe", data={"email": "a@example.org"})
                assert await held(handler)
                assert not handler.release.is_set()  # still held: the answer did not wait
                assert response.status_code == 200
                assert "Prosimy sprawdzić skrzynkę e-mail" in response.text
                with db.session() as session:
                    assert [d.status for d in deliveries(session)] == [CLAIMED]
        finally:
            handler.release.set()
        await settle_sends()
    with db.session() as session:
        assert [d.status for d in deliveries(session)] == [SENT]


async def test_a_stopping_app_lets_a_signup_email_on_the_wire_finish(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, db: Database
) -> None:
    """The confirmation being sent when the app is told to stop (a deploy, SIGTERM) goes out
    and is recorded before the app closes, instead of waiting for the worker's retry."""
    handler = HoldingHandler(hold_at=1)

    class Release:  # a background service: stopped before the app lets the emails finish
        async def start(self) -> None:
            pass

        async def stop(self) -> None:
            handler.release.set()

    with smtp_server(handler) as (_, port):
        backend = SmtpBackend(host="127.0.0.1", port=port, timeout=600)
        settings = make_settings(seed_schedule_path, signup_wait=SHORT_WAIT)
        app = create_app(settings, [Release()], db=db, backend=backend, clock=Clock(START))
        try:
            async with app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                    response = await client.post("/subscribe", data={"email": "a@example.org"})
                assert response.status_code == 200
                assert await held(handler)
                with db.session() as session:
                    assert [d.status for d in deliveries(session)] == [CLAIMED]
        finally:
            handler.release.set()
        with db.session() as session:  # the lifespan has ended: no settle_sends() here
            assert [d.status for d in deliveries(session)] == [SENT]
    assert [r.rcpt_tos for r in handler.received] == [["a@example.org"]]


async def test_an_smtp_outage_does_not_lock_a_person_out_and_the_email_follows(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, db: Database
) -> None:
    """With the server answering 421 the failed emails counted against the per-address limit
    (locked out for an hour by our outage). Now only accepted emails count; one email waits
    for its retry, and the worker sends it once the server is back."""
    handler = BusyHandler(failures=1000)
    with smtp_server(handler) as (_, port):
        settings = make_settings(seed_schedule_path)
        backend = SmtpBackend(host="127.0.0.1", port=port, attempts=1, timeout=30)
        clock = Clock(START)
        app = create_app(settings, db=db, backend=backend, clock=clock)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            codes = []
            for minute in range(5):
                clock.now = START + timedelta(minutes=minute)
                codes.append(
                    (await client.post("/subscribe", data={"email": "a@example.org"})).status_code
                )
                await settle_sends()
        assert codes == [200] * 5  # five tries, limit three: nobody is locked out
        with db.session() as session:
            [waiting] = deliveries(session)
            assert waiting.status == FAILED
        assert handler.received == []

        handler.failures = 0  # the server is back
        later = START + timedelta(minutes=20)
        schedule = load_schedule(seed_schedule_path)
        run = RunContext(settings, db, backend, Catalog.single(schedule), later, wall=lambda: later)
        sent = await retry_signup_emails(run)
        assert sent == 1
        [mail] = [r.message for r in handler.received]
        assert mail["To"] == "a@example.org"
        assert link_in(mail, "confirm")
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            clock.now = later
            confirmed = await client.post(path_of(link_in(mail, "confirm")))
        assert confirmed.status_code == 200
        with db.session() as session:
            subscriber = find_by_email(session, "a@example.org")
            assert subscriber is not None
            assert subscriber.state == ACTIVE


async def test_a_sign_up_email_is_not_retried_once_its_link_would_have_expired(
    clean_env: pytest.MonkeyPatch, seed_schedule_path: Path, db: Database
) -> None:
    settings = make_settings(seed_schedule_path)
    dead = SmtpBackend(host="127.0.0.1", port=free_port(), attempts=1, timeout=2)
    app = create_app(settings, db=db, backend=dead, clock=Clock(START))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        await client.post("/subscribe", data={"email": "a@example.org"})
        await settle_sends()
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        backend = SmtpBackend(host="127.0.0.1", port=port, attempts=1)
        late = START + timedelta(days=8)
        schedule = load_schedule(seed_schedule_path)
        assert (
            await retry_signup_emails(
                RunContext(settings, db, backend, Catalog.single(schedule), late)
            )
            == 0
        )
    assert handler.received == []
    with db.session() as session:
        [given_up] = deliveries(session)
        assert (given_up.status, given_up.next_attempt_at) == (FAILED, None)


async def test_an_email_that_cannot_be_built_keeps_the_subscriber_and_answers_in_polish(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # F21: a sender setting the mail layer cannot encode used to turn the sign-up into a 500.
    def unbuildable(*args: object) -> None:
        raise UnicodeEncodeError("ascii", "ą", 0, 1, "ordinal not in range(128)")

    monkeypatch.setattr("notifier.jobs.signup.compose_signup_email", unbuildable)
    response = await subscribe(site, email="from1@example.org")
    assert response.status_code == 503
    assert "Zapis został przyjęty, ale nie udało się teraz wysłać wiadomości" in response.text
    assert site.subscriber_state("from1@example.org") == PENDING
    assert site.sent() == []
