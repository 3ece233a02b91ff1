"""The settings form names the field and the value it refuses exactly as the sign-up form
does — one check per field for both (blind round 37, M14): a lead of 0 days, a deadline lead
of 99 days, an unknown topic or city; an unknown action is named too. Nothing is saved.
Real ASGI app, real SMTP server, SQLite and PostgreSQL (`db`)."""

from __future__ import annotations

import html
import re

import pytest
from subscribe_site import SELECTS, Site, confirmed_manage_path, subscribe

from notifier.store.subscribers import find_by_email

pytestmark = pytest.mark.anyio
EMAIL = "biuro@fundacja.example.org"
GOOD = {"topic": ["sport"], "lead_days": ["7"]} | SELECTS


def _field_errors(text: str) -> list[str]:
    found = re.findall(r'class="[^"]*(?:field|form)-error[^"]*"[^>]*>(.*?)</', text, re.DOTALL)
    return [" ".join(html.unescape(e).split()) for e in found]


def _stored(site: Site) -> tuple[object, ...]:
    with site.db.session() as session:
        subscriber = find_by_email(session, EMAIL)
        assert subscriber is not None
        return subscriber.topic_slugs, subscriber.lead_day_values, subscriber.deadline_days


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("lead_days", ["0"], "0"),
        ("deadline_days", "99", "99"),
        ("topic", ["nie-ma-takiego"], "nie-ma-takiego"),
        ("city", ["atlantyda"], "atlantyda"),
    ],
)
async def test_a_bad_value_is_named_in_the_settings_as_in_the_sign_up(
    site: Site, field: str, value: object, words: str
) -> None:
    path = await confirmed_manage_path(site)
    before = _stored(site)
    signup = await subscribe(site, email="inny@fundacja.example.org", **{field: value})
    assert signup.status_code == 400
    [said] = [e for e in _field_errors(signup.text) if words in e]
    manage = await site.client.post(path, data=GOOD | {field: value})
    assert manage.status_code == 400
    assert "dotarł niepełny" not in manage.text
    assert any(e.startswith(said) for e in _field_errors(manage.text)), _field_errors(manage.text)
    assert _stored(site) == before


async def test_an_unknown_action_is_named(site: Site) -> None:
    path = await confirmed_manage_path(site)
    before = _stored(site)
    manage = await site.client.post(path, data=GOOD | {"action": "frobnicate"})
    assert manage.status_code == 400
    assert "action = „frobnicate”" in html.unescape(manage.text)
    assert _stored(site) == before
