"""A confirmation link confirms exactly what its email described: a second sign-up of a
pending address by someone else (other topics, lead days, deadline days, language) does not
change what the owner's first link confirms, and its own link confirms its own choices
(blind round 37, M18). Nothing else changes: one email per sign-up, confirming spends the
other links, an active address is left as it is. Over SQLite and PostgreSQL (`db`)."""

from __future__ import annotations

import httpx
import pytest
from subscribe_site import Site, link_in, path_of, subscribe, text_of

from notifier.jobs.signup import settle_sends
from notifier.store.models import ACTIVE
from notifier.store.subscribers import find_by_email

pytestmark = pytest.mark.anyio
EMAIL = "dbl@fundacja.example.org"
OWNER = {"email": EMAIL, "topic": ["sport"], "lead_days": ["7"], "deadline_days": "3"}
STRANGER = {"email": EMAIL, "topic": ["seniorzy"], "lead_days": ["1", "30"], "deadline_days": "9"}


def _settings(site: Site) -> tuple[str, frozenset[str] | None, tuple[int, ...], int, str]:
    with site.db.session() as session:
        subscriber = find_by_email(session, EMAIL)
        assert subscriber is not None
        return (
            subscriber.state,
            subscriber.topic_slugs,
            subscriber.lead_day_values,
            subscriber.deadline_days,
            subscriber.language,
        )


async def _owner_then_stranger(site: Site) -> tuple[str, str]:
    """The owner signs up (Polish page), then a stranger with other choices (English page):
    the confirm links of the two emails, in that order."""
    assert (await subscribe(site, **OWNER)).status_code == 200
    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as stranger:
        response = await stranger.post("/subscribe?lang=en", data=STRANGER)
    assert response.status_code == 200
    await settle_sends()
    first, second = site.sent()
    assert "Sport i kultura fizyczna" in text_of(first)
    assert "Sport" not in text_of(second)
    return path_of(link_in(first, "confirm")), path_of(link_in(second, "confirm"))


async def test_the_owners_first_link_confirms_what_its_email_described(site: Site) -> None:
    first, second = await _owner_then_stranger(site)
    done = await site.client.post(first)
    assert done.status_code == 200, done.text
    assert "Będziemy przypominać o konkursach: Sport i kultura fizyczna" in done.text
    assert "Seniorzy" not in done.text
    assert _settings(site) == (ACTIVE, frozenset({"sport"}), (7,), 3, "pl")
    # The stranger's link is spent, as every other link of a confirmed address.
    again = await site.client.post(second)
    assert again.status_code == 400
    assert "nie jest już ważny" in again.text
    assert _settings(site) == (ACTIVE, frozenset({"sport"}), (7,), 3, "pl")
    assert len(site.sent()) == 2  # no email more than one per sign-up


async def test_the_later_link_confirms_the_later_emails_choices(site: Site) -> None:
    first, second = await _owner_then_stranger(site)
    done = await site.client.post(second)
    assert done.status_code == 200, done.text
    assert "Sport" not in done.text
    assert _settings(site) == (ACTIVE, frozenset({"seniorzy"}), (1, 30), 9, "en")
    assert (await site.client.post(first)).status_code == 400


async def test_a_sign_up_of_an_active_address_changes_nothing_it_confirmed(site: Site) -> None:
    first, _ = await _owner_then_stranger(site)
    await site.client.post(first)
    assert (await subscribe(site, **STRANGER)).status_code == 200
    assert _settings(site) == (ACTIVE, frozenset({"sport"}), (7,), 3, "pl")
    assert "/confirm/" not in text_of(site.sent()[-1])
