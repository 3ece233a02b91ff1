"""A form sent from another site changes nothing (blind round six, m12): the sign-up, the
confirmation, the settings and the unsubscribe forms, and the office's sign-in, answer a
Polish 403 to an Origin (or, lacking one, a Sec-Fetch-Site) naming another site; RFC 8058
one-click unsubscribing keeps working from anywhere."""

from __future__ import annotations

import httpx
import pytest
from subscribe_site import (
    BASE_URL,
    SELECTS,
    Site,
    confirmed_manage_path,
    link_in,
    one_click_url,
    path_of,
)

from notifier.jobs.signup import settle_sends
from notifier.store.models import ACTIVE, PENDING, UNSUBSCRIBED

pytestmark = pytest.mark.anyio

EMAIL = "biuro@fundacja.example.org"
CROSS_SITE = [
    {"Origin": "http://evil.example"},
    {"Origin": "https://konkursy.example.pl.evil.example"},
    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},  # a sandboxed frame
    {"Origin": "http://test:8080"},  # another port is another origin
    {"Sec-Fetch-Site": "cross-site"},  # no Origin
]
SIGNUP = {"email": "inny@fundacja.example.org", "topic": ["sport"], "lead_days": ["7"]}


def refused(response: httpx.Response) -> bool:
    return response.status_code == 403 and "Formularz z innej strony" in response.text


@pytest.mark.parametrize("headers", CROSS_SITE, ids=lambda h: "+".join(h.values()))
async def test_a_form_from_another_site_is_a_polish_403_and_changes_nothing(
    site: Site, headers: dict[str, str]
) -> None:
    manage = await confirmed_manage_path(site)
    [confirm_mail] = site.sent()
    assert site.subscriber_state(EMAIL) == ACTIVE
    post = site.client.post

    assert refused(await post("/subscribe", data=SIGNUP, headers=headers))
    await settle_sends()
    assert len(site.sent()) == 1  # no confirmation email went out
    settings = {"topic": ["seniorzy"], "lead_days": ["3"], **SELECTS}
    assert refused(await post(manage, data=settings, headers=headers))
    assert refused(await post(manage, data={"action": "unsubscribe"}, headers=headers))
    unsubscribe = path_of(one_click_url(confirm_mail))
    assert refused(await post(unsubscribe, data={}, headers=headers))  # the page's button
    assert site.subscriber_state(EMAIL) == ACTIVE
    assert refused(await post("/biuro/wejscie", data={"email": EMAIL}, headers=headers))

    # RFC 8058: a mail provider's one-click POST is taken whatever it sends.
    one_click = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    gone = await post(unsubscribe, content=b"List-Unsubscribe=One-Click", headers=one_click)
    assert gone.status_code == 200
    assert site.subscriber_state(EMAIL) == UNSUBSCRIBED


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no Origin: an older browser, a script
        {"Origin": "http://test"},  # the request's own host
        {"Origin": BASE_URL},  # the configured public address (behind a proxy)
        {"Origin": "HTTPS://KONKURSY.example.pl:443"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # our no-referrer pages' forms
    ],
    ids=["none", "own-host", "base-url", "base-url-spelled-otherwise", "same-origin", "null"],
)
async def test_a_form_from_our_own_site_is_taken(site: Site, headers: dict[str, str]) -> None:
    response = await site.client.post("/subscribe", data=SIGNUP | {"email": EMAIL}, headers=headers)
    await settle_sends()
    assert response.status_code == 200
    assert site.subscriber_state(EMAIL) == PENDING
    confirm = path_of(link_in(site.sent()[0], "confirm"))
    assert (await site.client.post(confirm, headers=headers)).status_code == 200
    assert site.subscriber_state(EMAIL) == ACTIVE
