"""Confirmation links do not outlive their use: once an address is confirmed (with any of its
pending links), confirmed in person, or unsubscribed, no other confirmation link of it
activates it again with whatever preferences the latest sign-up left; such a link gets the
Polish page saying it is no longer valid, never a settings link (blind round 8b, m20). Over
SQLite and PostgreSQL (the `db` fixture)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from subscribe_site import START, Site, link_in, one_click_url, path_of, stored_topics, subscribe

from notifier.core.preferences import Preferences
from notifier.store.models import ACTIVE, UNSUBSCRIBED
from notifier.store.subscribers import add_active

pytestmark = pytest.mark.anyio
EMAIL = "biuro@fundacja.example.org"
SPENT = "Ten link potwierdzający nie jest już ważny"


async def _three_requests(site: Site) -> list[str]:
    """Three sign-ups of one address (sport, then seniors, then every topic): their links."""
    for topics in (["sport"], ["seniorzy"], []):
        assert (await subscribe(site, topic=topics)).status_code == 200
    return [path_of(link_in(mail, "confirm")) for mail in site.sent()]


async def _refused_as_spent(site: Site, path: str) -> None:
    for method in ("POST", "GET"):
        answer = await site.client.request(method, path)
        assert answer.status_code == 400, answer.text
        assert SPENT in answer.text
        assert "/manage/" not in answer.text  # no way into anyone's settings


async def test_confirming_with_one_link_spends_the_others_and_unsubscribing_keeps_them_spent(
    site: Site,
) -> None:
    first, second, third = await _three_requests(site)
    assert (await site.client.post(first)).status_code == 200
    assert site.subscriber_state(EMAIL) == ACTIVE
    for path in (second, third):
        await _refused_as_spent(site, path)
    await site.client.post(path_of(one_click_url(site.sent()[0])))
    assert site.subscriber_state(EMAIL) == UNSUBSCRIBED
    for path in (second, third):
        await _refused_as_spent(site, path)
    used = await site.client.post(first)
    assert used.status_code == 400
    assert "został już użyty" in used.text
    assert site.subscriber_state(EMAIL) == UNSUBSCRIBED


async def test_unsubscribing_before_any_confirmation_spends_every_pending_link(
    site: Site,
) -> None:
    links = await _three_requests(site)
    await site.client.post(path_of(one_click_url(site.sent()[1])))
    for path in links:
        await _refused_as_spent(site, path)
    assert site.subscriber_state(EMAIL) == UNSUBSCRIBED
    # A new request after that is a new link that works, with its own preferences.
    site.clock.now = START + timedelta(hours=2)
    assert (await subscribe(site, topic=["seniorzy"])).status_code == 200
    newest = path_of(link_in(site.sent()[-1], "confirm"))
    assert (await site.client.post(newest)).status_code == 200
    assert site.subscriber_state(EMAIL) == ACTIVE
    assert await stored_topics(site, EMAIL) == frozenset({"seniorzy"})


async def test_confirming_in_person_in_the_office_spends_the_pending_links(site: Site) -> None:
    assert (await subscribe(site)).status_code == 200
    [link] = [path_of(link_in(mail, "confirm")) for mail in site.sent()]
    with site.db.session() as session:  # what `notifier subscribers add` does
        add_active(session, EMAIL, Preferences(frozenset({"sport"}), (7,)), START)
    await _refused_as_spent(site, link)
    assert site.subscriber_state(EMAIL) == ACTIVE
