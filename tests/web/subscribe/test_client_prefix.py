"""The per-client sign-up limit counts an IPv6 client by its /64 (m17: 23 sign-ups from
2001:db8:1:2::1 … ::17, one household, were 23 clients under a limit of 20), an IPv4 client
by its address; the same for an address forwarded by a trusted proxy."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from smtp_server import RecordingHandler
from subscribe_site import START, Clock, make_settings

from notifier.jobs.signup import settle_sends
from notifier.mail.smtp import SmtpBackend
from notifier.store.db import Database
from notifier.web.app import create_app
from notifier.web.forwarded import ForwardedClient, client_key

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("peer", "forwarded", "codes"),
    [
        # behind our proxy: one /64 is one client, the next /64 another
        (
            "127.0.0.1",
            ["2001:db8:1:2::1", "2001:db8:1:2::17", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1"],
            [200, 429, 429, 200],
        ),
        # IPv4: each address its own client
        ("127.0.0.1", ["203.0.113.1", "203.0.113.2", "203.0.113.1"], [200, 200, 429]),
        # an IPv4 client written as IPv6 is the IPv4 client
        ("127.0.0.1", ["203.0.113.7", "::ffff:203.0.113.7"], [200, 429]),
        # an untrusted peer's header is ignored: the peer's own /64 is the client
        ("2001:db8:9:9::1", ["2001:db8:1:2::1", "2001:db8:1:3::1"], [200, 429]),
    ],
)
async def test_the_per_client_limit_counts_an_ipv6_client_by_its_64(
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    db: Database,
    smtp: tuple[RecordingHandler, int],
    peer: str,
    forwarded: list[str],
    codes: list[int],
) -> None:
    _handler, port = smtp
    app = create_app(
        make_settings(seed_schedule_path, subscribe_limit_per_client=1),
        db=db,
        backend=SmtpBackend(host="127.0.0.1", port=port, attempts=1),
        clock=Clock(START),
    )
    served = ForwardedClient(app, "127.0.0.1")
    transport = httpx.ASGITransport(app=served, client=(peer, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        got = [
            (
                await client.post(
                    "/subscribe",
                    data={"email": f"n{i}@example.org"},
                    headers={"X-Forwarded-For": address},
                )
            ).status_code
            for i, address in enumerate(forwarded)
        ]
        await settle_sends()
    assert got == codes


def test_client_key_names_the_network_of_an_ipv6_client() -> None:
    assert client_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert client_key("2001:DB8:1:2::1") == "2001:db8:1:2::/64"
    assert client_key("203.0.113.9") == "203.0.113.9"
    assert client_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert client_key("testclient") == "testclient"
