"""1,000 sign-in requests in one minute (issue 23's hardening): from one client, and spread over
many client addresses at the office's own address. Every answer is the form or the limit's
Polish refusal, never a 500, and the outbox holds at most the allowed emails.

Cheap by construction: the app in process (ASGI), the limiter's clock the app's injected one,
moved by hand — 60 ms a request — with no sleeps."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from office_helpers import LESZNO_OFFICE, OfficeSite, office_site

from notifier.web.office.signin import settle_signin_emails

pytestmark = pytest.mark.anyio

REFUSAL = "Za dużo próśb o link w ostatniej godzinie"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _flood(
    site: OfficeSite, clients: list[httpx.AsyncClient], addresses: list[str], token: str
) -> Counter[int]:
    """Posts of the sign-in form, one per address, clients taken in turn, 60 ms apart on the
    app's clock; the statuses. Each answer is the form's notice or the Polish refusal."""
    statuses: Counter[int] = Counter()
    for n, address in enumerate(addresses):
        site.clock.now += timedelta(milliseconds=60)
        client = clients[n % len(clients)]
        answer = await client.post("/biuro/wejscie", data={"email": address, "csrf": token})
        statuses[answer.status_code] += 1
        assert answer.status_code in (200, 429), answer.text
        if answer.status_code == 429:
            assert REFUSAL in answer.text
            assert answer.headers["retry-after"] == "3600"
        else:
            assert "Prosimy sprawdzić skrzynkę e-mail" in answer.text
    await settle_signin_emails()
    return statuses


async def test_a_thousand_sign_ins_in_a_minute_are_refused_past_the_limits_in_polish(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        settings = site.app.state.notifier.settings
        token = await site.csrf()
        start = site.clock.now
        # 500 at the office's address from 250 client addresses, two each: the address's limit.
        spread = [
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=site.app, client=(f"203.0.113.{n}", 40000)),
                base_url="https://test",
                cookies=site.client.cookies,
            )
            for n in range(1, 251)
        ]
        try:
            statuses = await _flood(site, spread, [LESZNO_OFFICE] * 500, token)
        finally:
            for client in spread:
                await client.aclose()
        allowed = settings.subscribe_limit_per_address
        assert statuses == {200: allowed, 429: 500 - allowed}
        assert len(site.emails()) == allowed
        # 500 from one client, any address (one in ten the office's): the client's limit.
        addresses = [LESZNO_OFFICE if n % 10 == 0 else f"ktos{n}@example.org" for n in range(500)]
        statuses = await _flood(site, [site.client], addresses, token)
        allowed = settings.subscribe_limit_per_client
        assert statuses == {200: allowed, 429: 500 - allowed}
        assert len(site.emails()) == settings.subscribe_limit_per_address  # not one more
        assert site.clock.now - start <= timedelta(minutes=1)


async def test_the_sign_in_limit_counts_an_ipv6_client_by_its_64_as_the_sign_up_does(
    schedule_file: Path, tmp_path: Path
) -> None:
    """Blind round 8b (m17, left by its fix): the office's sign-in limit keyed a client on
    its whole IPv6 address, so one household's /64 had 2^64 tries; it now counts clients as
    the sign-up limit does (notifier.web.forwarded.request_client)."""
    async with office_site(schedule_file, tmp_path) as site:
        allowed = site.app.state.notifier.settings.subscribe_limit_per_client
        token = await site.csrf()
        household = [
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=site.app, client=(f"2001:db8:1:2::{n:x}", 40000)),
                base_url="https://test",
                cookies=site.client.cookies,
            )
            for n in range(1, allowed + 3)
        ]
        try:
            addresses = [f"ktos{n}@example.org" for n in range(allowed + 2)]
            statuses = await _flood(site, household, addresses, token)
        finally:
            for client in household:
                await client.aclose()
        assert statuses == {200: allowed, 429: 2}
