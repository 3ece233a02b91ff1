"""What the sign-up and settings forms offer, refuse and keep: topics, leads, the deadline
lead and the formal register (real ASGI app, real SQLite, real SMTP server)."""

from __future__ import annotations

import re

import pytest
from polish_checks import informal_words
from subscribe_site import (
    BASE_URL,
    SELECTS,
    Site,
    confirmed_manage_path,
    link_in,
    one_click_url,
    path_of,
    stored_topics,
    subscribe,
    text_of,
)

from notifier.store.models import ACTIVE, UNSUBSCRIBED
from notifier.store.subscribers import find_by_email

pytestmark = pytest.mark.anyio


async def test_manage_changes_topics_and_lead_days(site: Site) -> None:
    await subscribe(site)
    confirmed = await site.client.post(path_of(link_in(site.sent()[0], "confirm")))
    manage_path = re.search(
        r'href="(/manage/[A-Za-z0-9_-]+)"', confirmed.text.replace(BASE_URL, "")
    )
    assert manage_path
    path = manage_path.group(1)
    saved = await site.client.post(
        path, data={"topic": ["seniorzy", "turystyka"], "lead_days": ["1", "30"], **SELECTS}
    )
    assert saved.status_code == 200
    assert "Zapisano ustawienia." in saved.text
    with site.db.session() as session:
        subscriber = find_by_email(session, "biuro@fundacja.example.org")
        assert subscriber is not None
        assert subscriber.topic_slugs == frozenset({"seniorzy", "turystyka"})
        assert subscriber.lead_day_values == (1, 30)
        assert subscriber.state == ACTIVE
    bad = await site.client.post(path, data={"topic": ["nie-ma-takiego"], **SELECTS})
    assert bad.status_code == 400
    assert "Tematu „nie-ma-takiego” nie ma w harmonogramie" in bad.text
    both = await site.client.post(
        path, data={"topic": ["all", "sport"], "lead_days": ["7"], **SELECTS}
    )
    assert both.status_code == 200
    with site.db.session() as session:
        subscriber = find_by_email(session, "biuro@fundacja.example.org")
        assert subscriber is not None
        assert subscriber.topic_slugs == frozenset({"sport"})
    leave = await site.client.post(path, data={"action": "unsubscribe"})
    assert leave.status_code == 200
    assert site.subscriber_state("biuro@fundacja.example.org") == UNSUBSCRIBED


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


async def test_manage_with_no_topic_ticked_follows_every_topic_as_the_home_form_does(
    site: Site,
) -> None:
    """One rule for both forms (TOPIC_RULE): no topic ticked means every topic."""
    path = await confirmed_manage_path(site)
    response = await site.client.post(path, data={"lead_days": ["1", "14"], **SELECTS})
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
        path, data={"topic": ["seniorzy"], "lead_days": ["1", "14", "99"], **SELECTS}
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
    response = await site.client.post(path, data={"topic": ["all"], "lead_days": ["7"], **SELECTS})
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
        found.group(1),
        data={"topic": ["sport"], "lead_days": ["7"], **SELECTS, "deadline_days": "1"},
    )
    assert saved.status_code == 200
    assert deadline_days(site) == 1
    assert '<option value="1" selected>1 dzień przed terminem</option>' in saved.text


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
    again = await site.client.post(
        path, data={"topic": ["all", "seniorzy"], "lead_days": ["0"], **SELECTS}
    )
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
    late = await site.client.post(path, data={"topic": ["seniorzy"], "lead_days": ["1"], **SELECTS})
    assert "Zapisano ustawienia" not in late.text
    assert await stored_topics(site, "biuro@fundacja.example.org") == frozenset({"sport"})
    assert site.subscriber_state("biuro@fundacja.example.org") == UNSUBSCRIBED
