"""Sign-up flows over HTTP (real ASGI app, real SQLite, real SMTP server): double opt-in and friends."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from polish_checks import informal_words
from server_process import free_port
from smtp_server import BusyHandler, HoldingHandler, RecordingHandler, smtp_server

from notifier.core.catalog import Catalog
from notifier.core.preferences import mailbox_key
from notifier.files.reading import load_schedule
from notifier.jobs.run_context import RunContext
from notifier.jobs.signup import settle_sends
from notifier.jobs.signup_retry import retry_signup_emails
from notifier.mail.smtp import SmtpBackend
from notifier.settings import Settings, load_settings
from notifier.store.db import Database
from notifier.store.models import ACTIVE, CLAIMED, FAILED, PENDING, SENT, UNSUBSCRIBED
from notifier.store.subscribers import deliveries, find_by_email
from notifier.store.tokens import MANAGE_GRACE
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio
BASE_URL = "https://konkursy.example.pl"
START = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Site:
    app: FastAPI
    client: httpx.AsyncClient
    db: Database
    smtp: RecordingHandler
    clock: Clock
    settings: Settings

    def sent(self) -> list[EmailMessage]:
        return [r.message for r in self.smtp.received]

    def subscriber_state(self, email: str) -> str | None:
        with self.db.session() as session:
            subscriber = find_by_email(session, email)
            return subscriber.state if subscriber is not None else None


def make_settings(seed_schedule_path: Path, **overrides: object) -> Settings:
    return load_settings(schedule=seed_schedule_path, base_url=BASE_URL, **overrides)


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, seed_schedule_path: Path) -> Settings:
    return make_settings(seed_schedule_path)


@pytest.fixture
async def site(
    settings: Settings, db: Database, smtp: tuple[RecordingHandler, int]
) -> AsyncIterator[Site]:
    handler, port = smtp
    clock = Clock(START)
    backend = SmtpBackend(host="127.0.0.1", port=port, timeout=5, attempts=1)
    app: FastAPI = create_app(settings, db=db, backend=backend, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Site(app, client, db, handler, clock, settings)


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage, kind: str) -> str:
    match = re.search(rf"{re.escape(BASE_URL)}/{kind}/[A-Za-z0-9_-]+", text_of(message))
    assert match, f"no /{kind}/ link in:\n{text_of(message)}"
    return match.group(0)


def path_of(url: str) -> str:
    return url.removeprefix(BASE_URL)


def one_click_url(message: EmailMessage) -> str:
    header = message["List-Unsubscribe"]
    match = re.fullmatch(r"<(https://[^>]+)>", header)
    assert match, header
    return match.group(1)


async def subscribe(site: Site, **form: object) -> httpx.Response:
    data = {"email": "biuro@fundacja.example.org", "topic": ["sport"], "lead_days": ["7"]} | form
    response = await site.client.post("/subscribe", data=data)
    await settle_sends()  # the email is sent in a task of its own: let it be recorded
    return response


async def test_double_opt_in_from_form_to_confirmed_to_one_click_unsubscribe(site: Site) -> None:
    response = await subscribe(
        site, email="Biuro@Fundacja.example.org", topic=["sport", "seniorzy"], lead_days=["3", "14"]
    )
    assert response.status_code == 200
    assert "Prosimy sprawdzić skrzynkę e-mail" in response.text
    assert site.subscriber_state("biuro@fundacja.example.org") == PENDING

    [mail] = site.sent()
    assert mail["To"] == "Biuro@fundacja.example.org"
    assert (
        mail["Subject"] == "Prosimy potwierdzić zapis na przypomnienia o konkursach ofert – Leszno"
    )
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Seniorzy, Sport i kultura fizyczna" in text_of(mail)
    assert "3 i 14 dni" in text_of(mail)
    confirm_url = link_in(mail, "confirm")
    assert confirm_url in mail.get_body(("html",)).get_content()

    # GET (what a mail scanner does) shows a button and changes nothing.
    page = await site.client.get(path_of(confirm_url))
    assert page.status_code == 200
    assert f'<form method="post" action="{path_of(confirm_url)}">' in page.text
    assert "Potwierdzam zapis" in page.text
    assert site.subscriber_state("biuro@fundacja.example.org") == PENDING

    done = await site.client.post(path_of(confirm_url))
    assert done.status_code == 200
    assert "Zapis potwierdzony" in done.text
    assert "/manage/" in done.text
    assert site.subscriber_state("biuro@fundacja.example.org") == ACTIVE

    # RFC 8058: a cookie-less POST of List-Unsubscribe=One-Click to the header's URL.
    url = one_click_url(mail)
    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as bare:
        gone = await bare.post(
            path_of(url),
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert gone.status_code == 200
    assert site.subscriber_state("biuro@fundacja.example.org") == UNSUBSCRIBED

    with site.db.session() as session:
        [logged] = deliveries(session)
        assert (logged.kind, logged.status, logged.message_id) == (
            "confirm",
            "sent",
            mail["Message-ID"],
        )


async def test_an_empty_one_click_post_also_unsubscribes(site: Site) -> None:
    await subscribe(site)
    [mail] = site.sent()
    response = await site.client.post(path_of(one_click_url(mail)))
    assert response.status_code == 200
    assert site.subscriber_state("biuro@fundacja.example.org") == UNSUBSCRIBED


async def test_get_on_an_unsubscribe_link_only_shows_a_button(site: Site) -> None:
    await subscribe(site)
    [mail] = site.sent()
    path = path_of(one_click_url(mail))
    page = await site.client.get(path)
    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.text
    assert "Wypisz mnie" in page.text
    assert site.subscriber_state("biuro@fundacja.example.org") == PENDING


async def test_a_known_address_gets_the_same_page_and_a_manage_link_instead(site: Site) -> None:
    first = await subscribe(site)
    [confirm_mail] = site.sent()
    await site.client.post(path_of(link_in(confirm_mail, "confirm")))

    again = await subscribe(
        site, email="BIURO@fundacja.example.org", topic=["all"], lead_days=["1"]
    )
    assert again.status_code == first.status_code == 200
    assert again.text == first.text  # no address enumeration
    fresh = await subscribe(site, email="nowa@example.org")
    assert fresh.text == first.text

    already = site.sent()[1]
    assert already["To"] == "biuro@fundacja.example.org"
    assert already["Subject"].startswith("Ten adres jest już zapisany")
    assert "/confirm/" not in text_of(already)
    manage = await site.client.get(path_of(link_in(already, "manage")))
    assert manage.status_code == 200
    # Nothing was changed by the second form post.
    assert 'value="sport" checked' in manage.text
    assert 'value="all" checked' not in manage.text
    assert 'value="7" checked' in manage.text
    assert 'value="1" checked' not in manage.text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "to nie adres"}, "nie jest poprawnym adresem e-mail"),
        ({"email": ""}, "Prosimy podać adres e-mail."),
        ({"topic": ["pilka-nozna"]}, "Tematu „pilka-nozna” nie ma w harmonogramie"),
        ({"lead_days": ["0"]}, "od 1 do 60"),
        ({"lead_days": ["61"]}, "od 1 do 60"),
        ({"lead_days": ["jutro"]}, "od 1 do 60"),
        ({"email": "a" * 300 + "@example.org"}, "za długi"),
        ({"topic": ["sport"] * 150}, "Za dużo"),
    ],
)
async def test_bad_input_gets_a_polish_400_and_no_email(
    site: Site, form: dict[str, object], message: str
) -> None:
    response = await subscribe(site, **form)
    assert response.status_code == 400
    assert message in response.text
    assert site.sent() == []


async def test_an_oversize_form_is_refused_with_413(site: Site) -> None:
    response = await site.client.post(
        "/subscribe",
        content=b"email=" + b"a" * 20_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert "za duży" in response.text
    assert site.sent() == []


async def test_a_non_form_body_is_refused_with_415(site: Site) -> None:
    response = await site.client.post("/subscribe", json={"email": "a@example.org"})
    assert response.status_code == 415
    assert site.sent() == []


async def test_a_confirm_link_clicked_again_says_the_address_is_already_confirmed(
    site: Site,
) -> None:
    await subscribe(site)
    path = path_of(link_in(site.sent()[0], "confirm"))
    assert (await site.client.post(path)).status_code == 200
    for method in ("POST", "GET"):
        again = await site.client.request(method, path)
        assert again.status_code == 200
        assert "Adres jest już potwierdzony" in again.text
        assert "Błąd" not in again.text
        # The way to the settings, every time the link is opened: a manage link that works.
        match = re.search(
            r'href="(/manage/[A-Za-z0-9_-]+)">Ustawienia przypomnień',
            again.text.replace(BASE_URL, ""),
        )
        assert match, again.text
        settings_page = await site.client.get(match.group(1))
        assert settings_page.status_code == 200
        assert "biuro@fundacja.example.org" in settings_page.text
    assert site.subscriber_state("biuro@fundacja.example.org") == ACTIVE


async def test_a_used_confirm_link_of_an_address_that_left_is_refused(site: Site) -> None:
    await subscribe(site)
    [mail] = site.sent()
    path = path_of(link_in(mail, "confirm"))
    assert (await site.client.post(path)).status_code == 200
    await site.client.post(path_of(one_click_url(mail)))
    again = await site.client.post(path)
    assert again.status_code == 400
    assert "został już użyty" in again.text
    assert (await site.client.get(path)).status_code == 400
    assert site.subscriber_state("biuro@fundacja.example.org") == UNSUBSCRIBED


async def test_a_confirm_link_expires_after_seven_days(site: Site) -> None:
    await subscribe(site)
    path = path_of(link_in(site.sent()[0], "confirm"))
    site.clock.now = START + timedelta(days=7)
    response = await site.client.post(path)
    assert response.status_code == 400
    assert "wygasł" in response.text
    assert site.subscriber_state("biuro@fundacja.example.org") == PENDING


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe", "manage"])
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_made_up_tokens_get_a_polish_400(site: Site, kind: str, method: str) -> None:
    response = await site.client.request(method, f"/{kind}/{'x' * 43}")
    assert response.status_code == 400
    assert "nieprawidłowy" in response.text


async def test_per_address_limit_stops_flooding_one_inbox(site: Site) -> None:
    for _ in range(site.settings.subscribe_limit_per_address):
        assert (await subscribe(site)).status_code == 200
    blocked = await subscribe(site, email="BIURO@fundacja.example.org")
    assert blocked.status_code == 429
    assert "Za dużo prób zapisu" in blocked.text
    assert len(site.sent()) == site.settings.subscribe_limit_per_address
    # An hour later it is allowed again.
    site.clock.now = START + timedelta(hours=1, seconds=1)
    assert (await subscribe(site)).status_code == 200


async def test_per_client_limit_stops_one_client_mailing_many_addresses(
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    db: Database,
    smtp: tuple[RecordingHandler, int],
) -> None:
    handler, port = smtp
    app = create_app(
        make_settings(seed_schedule_path, subscribe_limit_per_client=2),
        db=db,
        backend=SmtpBackend(host="127.0.0.1", port=port, attempts=1),
        clock=Clock(START),
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        codes = [
            (await client.post("/subscribe", data={"email": f"n{i}@example.org"})).status_code
            for i in range(3)
        ]
        await settle_sends()
    assert codes == [200, 200, 429]
    assert len(handler.received) == 2


async def test_manage_changes_topics_and_lead_days(site: Site) -> None:
    await subscribe(site)
    confirmed = await site.client.post(path_of(link_in(site.sent()[0], "confirm")))
    manage_path = re.search(
        r'href="(/manage/[A-Za-z0-9_-]+)"', confirmed.text.replace(BASE_URL, "")
    )
    assert manage_path
    path = manage_path.group(1)
    saved = await site.client.post(
        path, data={"topic": ["seniorzy", "turystyka"], "lead_days": ["1", "30"]}
    )
    assert saved.status_code == 200
    assert "Zapisano ustawienia." in saved.text
    with site.db.session() as session:
        subscriber = find_by_email(session, "biuro@fundacja.example.org")
        assert subscriber is not None
        assert subscriber.topic_slugs == frozenset({"seniorzy", "turystyka"})
        assert subscriber.lead_day_values == (1, 30)
        assert subscriber.state == ACTIVE
    bad = await site.client.post(path, data={"topic": ["nie-ma-takiego"]})
    assert bad.status_code == 400
    assert "Tematu „nie-ma-takiego” nie ma w harmonogramie" in bad.text
    both = await site.client.post(path, data={"topic": ["all", "sport"], "lead_days": ["7"]})
    assert both.status_code == 200
    with site.db.session() as session:
        subscriber = find_by_email(session, "biuro@fundacja.example.org")
        assert subscriber is not None
        assert subscriber.topic_slugs == frozenset({"sport"})
    leave = await site.client.post(path, data={"action": "unsubscribe"})
    assert leave.status_code == 200
    assert site.subscriber_state("biuro@fundacja.example.org") == UNSUBSCRIBED


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
    """It answered after 93 s (3 × 30 s timeouts); now within SIGNUP_WAIT_SECONDS, whatever
    SMTP does: the answer comes while the server still holds the message."""
    handler = HoldingHandler(hold_at=1)
    with smtp_server(handler) as (_, port):
        backend = SmtpBackend(host="127.0.0.1", port=port, timeout=600)
        app = create_app(
            make_settings(seed_schedule_path), db=db, backend=backend, clock=Clock(START)
        )
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                response = await client.post("/subscribe", data={"email": "a@example.org"})
                assert handler.holding.is_set()
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
        settings = make_settings(seed_schedule_path)
        app = create_app(settings, [Release()], db=db, backend=backend, clock=Clock(START))
        try:
            async with app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                    response = await client.post("/subscribe", data={"email": "a@example.org"})
                assert response.status_code == 200
                assert handler.holding.is_set()
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


async def test_the_page_carries_the_sign_up_form(site: Site) -> None:
    page = await site.client.get("/")
    assert page.status_code == 200
    assert '<form method="post" action="/subscribe"' in page.text
    assert 'name="email"' in page.text
    assert 'name="topic" value="all" checked' in page.text
    assert 'name="topic" value="sport"' in page.text
    assert 'name="lead_days" value="7" checked' in page.text
    filtered = await site.client.get("/?topic=sport")
    assert 'name="topic" value="sport" checked' in filtered.text


async def stored_topics(site: Site, email: str) -> frozenset[str] | None:
    with site.db.session() as session:
        subscriber = find_by_email(session, email)
        assert subscriber is not None
        return subscriber.topic_slugs


async def test_ticking_a_topic_while_all_stays_ticked_subscribes_to_that_topic(
    site: Site,
) -> None:
    """The form posts topic=all&topic=sport when "Wszystkie tematy" stays ticked."""
    response = await site.client.post(
        "/subscribe",
        content=b"email=a%40example.org&topic=all&topic=sport&lead_days=7",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    assert await stored_topics(site, "a@example.org") == frozenset({"sport"})
    assert "Sport i kultura fizyczna" in text_of(site.sent()[0])
    assert "wszystkie tematy" not in text_of(site.sent()[0])


@pytest.mark.parametrize("topics", [["all"], []])
async def test_all_alone_or_no_topic_at_all_means_every_topic(
    site: Site, topics: list[str]
) -> None:
    response = await site.client.post(
        "/subscribe", data={"email": "a@example.org", "topic": topics}
    )
    assert response.status_code == 200
    assert await stored_topics(site, "a@example.org") is None


async def confirmed_manage_path(site: Site) -> str:
    await subscribe(site)
    confirmed = await site.client.post(path_of(link_in(site.sent()[0], "confirm")))
    match = re.search(r'href="(/manage/[A-Za-z0-9_-]+)"', confirmed.text.replace(BASE_URL, ""))
    assert match
    return match.group(1)


async def test_manage_with_no_topic_ticked_follows_every_topic_as_the_home_form_does(
    site: Site,
) -> None:
    """One rule for both forms (TOPIC_RULE): no topic ticked means every topic."""
    path = await confirmed_manage_path(site)
    response = await site.client.post(path, data={"lead_days": ["1", "14"]})
    assert response.status_code == 200
    assert "Zapisano ustawienia." in response.text
    assert "Teraz: wszystkie tematy" in response.text
    assert await stored_topics(site, "biuro@fundacja.example.org") is None
    home = (await site.client.get("/")).text
    rule = "Samo to pole albo brak zaznaczonego tematu oznacza przypomnienia o wszystkich"
    assert rule in home
    assert rule in (await site.client.get(path)).text


async def test_a_refused_manage_form_keeps_the_choices_and_names_the_field(site: Site) -> None:
    path = await confirmed_manage_path(site)
    response = await site.client.post(
        path, data={"topic": ["seniorzy"], "lead_days": ["1", "14", "99"]}
    )
    assert response.status_code == 400
    # The message sits inside the lead-days fieldset, which points to it; nothing is saved.
    fieldset = response.text.split('aria-describedby="manage-lead_days-error"', 1)[1]
    fieldset = fieldset.split("</fieldset>", 1)[0]
    assert "od 1 do 60" in fieldset
    assert 'id="manage-lead_days-error" role="alert"' in fieldset
    assert 'name="topic" value="seniorzy" checked' in response.text
    assert 'name="topic" value="sport" checked' not in response.text
    assert 'name="lead_days" value="1" checked' in response.text
    assert 'name="lead_days" value="14" checked' in response.text
    assert await stored_topics(site, "biuro@fundacja.example.org") == frozenset({"sport"})
    with site.db.session() as session:
        subscriber = find_by_email(session, "biuro@fundacja.example.org")
        assert subscriber is not None
        assert subscriber.lead_day_values == (7,)


async def test_manage_with_only_all_ticked_follows_every_topic(site: Site) -> None:
    path = await confirmed_manage_path(site)
    response = await site.client.post(path, data={"topic": ["all"], "lead_days": ["7"]})
    assert response.status_code == 200
    assert await stored_topics(site, "biuro@fundacja.example.org") is None


@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_opening_subscribe_in_the_browser_leads_to_the_form(site: Site, method: str) -> None:
    response = await site.client.request(method, "/subscribe")
    assert response.status_code == 303
    assert response.headers["location"] == "/#powiadomienia-email"


async def test_control_characters_in_the_address_are_not_echoed(site: Site) -> None:
    response = await site.client.post(
        "/subscribe",
        content=b"email=jan%00kowalski%1B%5B31m%E2%80%AE%40example.org",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "nie jest poprawnym adresem e-mail" in response.text
    assert "jankowalski[31m@example.org" in response.text
    for bad in ("\x00", "\x1b", "\u202e", "&#0;", "&#27;"):
        assert bad not in response.text
    assert site.sent() == []


async def test_too_long_an_address_gets_the_right_plural(site: Site) -> None:
    response = await subscribe(site, email="a" * 300 + "@example.org")
    assert response.status_code == 400
    assert "najwyżej 254 znaki)" in response.text


async def test_sign_up_emails_and_pages_address_people_formally(site: Site) -> None:
    pages = [await subscribe(site)]
    [confirm_mail] = site.sent()
    confirm_path = path_of(link_in(confirm_mail, "confirm"))
    pages.append(await site.client.get(confirm_path))
    pages.append(await site.client.post(confirm_path))
    pages.append(await site.client.post(confirm_path))
    await subscribe(site)
    already = site.sent()[1]
    manage_path = path_of(link_in(already, "manage"))
    pages.append(await site.client.get(manage_path))
    pages.append(await site.client.post(manage_path, data={}))
    pages.append(await site.client.get(path_of(one_click_url(already))))
    pages.append(await site.client.post(path_of(one_click_url(already))))
    pages.append(await site.client.get("/"))
    pages.append(await subscribe(site, email=""))
    pages.append(await site.client.get(f"/confirm/{'x' * 43}"))
    for mail in (confirm_mail, already):
        parts = [mail["Subject"], text_of(mail), mail.get_body(("html",)).get_content()]
        for part in parts:
            assert informal_words(part) == [], part
    for page in pages:
        assert informal_words(page.text) == [], page.text
    assert "Państwo" in text_of(confirm_mail)


async def test_the_per_address_limit_counts_one_inbox_however_the_address_is_spelled(
    site: Site,
) -> None:
    """+tags, dots in a Gmail local part and googlemail.com all reach one inbox: three
    emails per hour to it, not six."""
    spellings = [
        "jan.kowalski@gmail.com",
        "jankowalski+a@gmail.com",
        "Jan.Kowal.ski@googlemail.com",
        "j.a.n.kowalski+konkursy@GoogleMail.com",
        "jankowalski@gmail.com",
        "JANKOWALSKI+x@gmail.com",
    ]
    codes = [(await subscribe(site, email=address)).status_code for address in spellings]
    assert codes == [200, 200, 200, 429, 429, 429]
    assert len(site.sent()) == site.settings.subscribe_limit_per_address


def test_mailbox_key_groups_the_spellings_of_one_inbox() -> None:
    assert mailbox_key("Jan.Kowalski+konkursy@googlemail.com") == "jankowalski@gmail.com"
    assert mailbox_key("biuro+a@fundacja.example.org") == "biuro@fundacja.example.org"
    # Dots matter elsewhere: two different people at an ordinary domain.
    assert mailbox_key("a.b@fundacja.example.org") != mailbox_key("ab@fundacja.example.org")


async def test_manage_links_rotate_and_older_ones_expire_after_the_stated_grace(
    site: Site,
) -> None:
    """A manage token copied from an old email (or a log) stops working MANAGE_GRACE after a
    newer one was sent; the newest always works, and unsubscribe links never expire."""
    await subscribe(site)
    await site.client.post(path_of(link_in(site.sent()[0], "confirm")))
    await subscribe(site)  # "already subscribed": a fresh manage link
    older_mail = site.sent()[1]
    older = path_of(link_in(older_mail, "manage"))
    site.clock.now = START + timedelta(days=10)
    await subscribe(site)  # another one: the first one's grace starts now
    newest_mail = site.sent()[2]
    newest = path_of(link_in(newest_mail, "manage"))
    assert older != newest

    site.clock.now = START + timedelta(days=10) + MANAGE_GRACE - timedelta(minutes=1)
    assert (await site.client.get(older)).status_code == 200
    site.clock.now = START + timedelta(days=10) + MANAGE_GRACE
    expired = await site.client.get(older)
    assert expired.status_code == 400
    assert "wygasł" in expired.text
    assert "90 dni" in expired.text
    assert (await site.client.get(newest)).status_code == 200
    site.clock.now = START + timedelta(days=3650)
    assert (await site.client.get(newest)).status_code == 200
    assert (await site.client.get(path_of(one_click_url(older_mail)))).status_code == 200


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


async def test_the_confirmation_email_links_to_the_settings_too(site: Site) -> None:
    await subscribe(site, topic=["seniorzy"])
    [mail] = site.sent()
    manage = path_of(link_in(mail, "manage"))
    assert manage in mail.get_body(("html",)).get_content()
    # Before confirming, the settings page opens and says the address waits for confirmation.
    page = await site.client.get(manage)
    assert page.status_code == 200
    assert "Zapis nie został jeszcze potwierdzony" in page.text


async def test_confirming_after_every_window_has_passed_says_so(site: Site) -> None:
    site.clock.now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    await subscribe(site)
    confirm_path = path_of(link_in(site.sent()[0], "confirm"))
    done = await site.client.post(confirm_path)
    assert done.status_code == 200
    assert "Będziemy przypominać o konkursach: Sport i kultura fizyczna" in done.text
    assert "Wszystkie terminy z harmonogramu na 2024 rok już minęły" in done.text
    again = await site.client.get(confirm_path)
    assert "już minęły" in again.text
    site.clock.now = datetime(2024, 12, 30, 9, 0, tzinfo=UTC)  # one window still open
    assert "już minęły" not in (await site.client.get(confirm_path)).text


# --- the deadline lead (days before a call's termin składania ofert, 1–14, default 3) ---


def deadline_days(site: Site) -> int:
    with site.db.session() as session:
        subscriber = find_by_email(session, "biuro@fundacja.example.org")
        assert subscriber is not None
        return subscriber.deadline_days


async def test_the_sign_up_form_offers_1_to_14_days_with_3_chosen(site: Site) -> None:
    page = (await site.client.get("/")).text
    select = page[page.index('name="deadline_days"') : page.index("</select>")]
    assert re.findall(r'<option value="(\d+)"', select) == [str(d) for d in range(1, 15)]
    assert '<option value="3" selected>3 dni przed terminem</option>' in select
    await subscribe(site, deadline_days="10")
    assert deadline_days(site) == 10


async def test_a_deadline_lead_outside_1_to_14_is_refused_in_polish(site: Site) -> None:
    response = await subscribe(site, deadline_days="20")
    assert response.status_code == 400
    assert "przed terminem składania ofert musi być liczbą od 1 do 14" in response.text
    assert site.sent() == []


async def test_the_manage_form_changes_the_deadline_lead(site: Site) -> None:
    await subscribe(site)
    assert deadline_days(site) == 3
    confirmed = await site.client.post(path_of(link_in(site.sent()[0], "confirm")))
    found = re.search(r'href="(/manage/[A-Za-z0-9_-]+)"', confirmed.text.replace(BASE_URL, ""))
    assert found
    page = await site.client.get(found.group(1))
    assert "3 dni przed terminem składania ofert" in page.text
    saved = await site.client.post(
        found.group(1), data={"topic": ["sport"], "lead_days": ["7"], "deadline_days": "1"}
    )
    assert saved.status_code == 200
    assert deadline_days(site) == 1
    assert '<option value="1" selected>1 dzień przed terminem</option>' in saved.text


# --- what the forms say and keep (issue 24) -----------------------------------------------


async def test_a_refused_form_with_all_and_a_topic_ticked_comes_back_with_the_topic_only(
    site: Site,
) -> None:
    """The server reads topic=all&topic=sport as sport (TOPIC_RULE); the form shown again
    says the same, on the sign-up and the settings page alike."""
    refused = await subscribe(site, email="jan@gmail", topic=["all", "sport"])
    assert refused.status_code == 400
    assert 'name="topic" value="sport" checked' in refused.text
    assert 'name="topic" value="all" checked' not in refused.text
    site.smtp.received.clear()
    path = await confirmed_manage_path(site)
    again = await site.client.post(path, data={"topic": ["all", "seniorzy"], "lead_days": ["0"]})
    assert again.status_code == 400
    assert 'name="topic" value="seniorzy" checked' in again.text
    assert 'name="topic" value="all" checked' not in again.text


async def test_the_lead_days_read_as_a_multiple_choice(site: Site) -> None:
    page = (await site.client.get("/")).text
    assert "Przypomnienia przed planowanym ogłoszeniem – można zaznaczyć kilka" in page
    assert "bez zaznaczenia – 7 dni wcześniej" in page
    assert re.search(r'name="lead_days" value="14"> 14 dni wcześniej</label>', page)


async def test_the_confirmation_email_repeats_every_choice(site: Site) -> None:
    await subscribe(site, topic=["seniorzy"], lead_days=["3", "14"], deadline_days="5")
    [mail] = site.sent()
    for body in (text_of(mail), mail.get_body(("html",)).get_content()):
        assert "Wybrane tematy: Seniorzy" in body
        assert "przed planowanym ogłoszeniem konkursu: 3 i 14 dni wcześniej" in body
        assert "terminie składania ofert w ogłoszonym konkursie: 5 dni wcześniej" in body


async def test_after_unsubscribing_the_settings_page_offers_no_form_and_saves_nothing(
    site: Site,
) -> None:
    path = await confirmed_manage_path(site)
    left = await site.client.post(path, data={"action": "unsubscribe"})
    assert left.status_code == 200
    page = await site.client.get(path)
    assert "Ten adres jest wypisany" in page.text
    assert "<form" not in page.text
    assert "Zapisz ustawienia" not in page.text
    late = await site.client.post(path, data={"topic": ["seniorzy"], "lead_days": ["1"]})
    assert "Zapisano ustawienia" not in late.text
    assert await stored_topics(site, "biuro@fundacja.example.org") == frozenset({"sport"})
    assert site.subscriber_state("biuro@fundacja.example.org") == UNSUBSCRIBED


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
