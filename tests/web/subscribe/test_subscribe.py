"""Sign-up flows over HTTP (real ASGI app, real SQLite, real SMTP server): double opt-in,
links and tokens, and the limits that stop flooding."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from smtp_server import RecordingHandler
from subscribe_site import (
    BASE_URL,
    START,
    Clock,
    Site,
    link_in,
    make_settings,
    one_click_url,
    path_of,
    subscribe,
    text_of,
)

from notifier.core.preferences import mailbox_key
from notifier.jobs.signup import settle_sends
from notifier.mail.smtp import SmtpBackend
from notifier.store.db import Database
from notifier.store.models import ACTIVE, PENDING, UNSUBSCRIBED
from notifier.store.subscribers import deliveries
from notifier.store.tokens import MANAGE_GRACE
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio


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
    assert f'<form method="post" action="{path_of(confirm_url)}?lang=pl">' in page.text
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
    assert f'<form method="post" action="{path}?lang=pl">' in page.text
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
        # blind 10b, M4: only the boxes the form offers (1, 3, 7, 14, 30), named by its label
        ({"lead_days": ["5"]}, "W polu „Przypomnienia przed planowanym ogłoszeniem”"),
        ({"lead_days": [str(d) for d in range(1, 61)]}, "tylko podane możliwości: 1, 3, 7, 14, 30"),
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


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl-PL,pl;q=0.9", "ma przed znakiem @ litery ze znakami diakrytycznymi lub spoza"),
        ("en-GB,en;q=0.9", "has letters with accents or outside the Latin alphabet before"),
        ("uk-UA,uk;q=0.9", "містить перед знаком @ літери з діакритичними знаками"),
    ],
)
async def test_an_address_with_a_polish_letter_before_the_at_is_refused_saying_so(
    site: Site, language: str, words: str
) -> None:
    """Blind round five, k4: "żaneta@example.pl" got the generic "not a valid address". Mail
    goes out without SMTPUTF8 (tests/core/test_addresses.py says why), so it is refused
    naming the letter, in the reader's language; the form keeps what was typed."""
    form = {"email": "żaneta@example.pl", "topic": ["sport"], "lead_days": ["7"]}
    response = await site.client.post(
        "/subscribe", data=form, headers={"Accept-Language": language}
    )
    await settle_sends()
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert words in text
    assert "żaneta@example.pl" in text
    assert ": ż." in text
    assert 'value="żaneta@example.pl"' in response.text  # nothing typed is lost
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
