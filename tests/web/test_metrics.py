"""/metrics: off by default; when on, the Prometheus counters and never an address or a token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from smtp_server import RecordingHandler
from web_fixtures import BASE_URL, write_and_bump

from notifier.core.delivery_result import TEMPORARY, UNCERTAIN, DeliveryResult, Status
from notifier.files.source import CatalogSource
from notifier.jobs.signup import settle_sends
from notifier.mail.smtp import SmtpBackend
from notifier.settings import load_settings
from notifier.store.db import Database
from notifier.store.delivery_log import Attempt, claim_new, record_attempts
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

ADDRESS = "biuro@fundacja.example.org"


@pytest.fixture
async def metered(
    clean_env: pytest.MonkeyPatch,
    schedule_file: Path,
    db: Database,
    smtp: tuple[RecordingHandler, int],
) -> AsyncIterator[httpx.AsyncClient]:
    settings = load_settings(schedule=schedule_file, base_url=BASE_URL, metrics=True)
    backend = SmtpBackend(host="127.0.0.1", port=smtp[1], timeout=5, attempts=1)
    # The request that notices an edit reloads it (as in web_fixtures.app).
    source = CatalogSource(schedule_file)
    app: FastAPI = create_app(settings, db=db, backend=backend, catalog_source=source)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def _samples(
    client: httpx.AsyncClient,
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def _value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_are_off_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/metrics")
    assert response.status_code == 404
    assert "notifier_" not in response.text


async def test_feed_requests_and_304s_are_counted_by_route(metered: httpx.AsyncClient) -> None:
    before = await _samples(metered)
    feed = await metered.get("/topics/sport.ics")
    await metered.get("/topics/sport.ics", headers={"If-None-Match": feed.headers["etag"]})
    await metered.get("/calendar.ics")
    after = await _samples(metered)
    route = "/topics/{slug}.ics"
    name = "notifier_feed_requests_total"
    assert (
        _value(after, name, route=route, status="200")
        == _value(before, name, route=route, status="200") + 1
    )
    assert (
        _value(after, name, route=route, status="304")
        == _value(before, name, route=route, status="304") + 1
    )
    assert _value(after, name, route="/calendar.ics", status="200") == (
        _value(before, name, route="/calendar.ics", status="200") + 1
    )


async def test_sign_up_emails_are_counted_and_no_address_or_token_is_shown(
    metered: httpx.AsyncClient, smtp: tuple[RecordingHandler, int]
) -> None:
    before = await _samples(metered)
    response = await metered.post("/subscribe", data={"email": ADDRESS, "topic": ["sport"]})
    assert response.status_code == 200
    await settle_sends()
    [message] = [r.message for r in smtp[0].received]
    text = message.get_body(("plain",)).get_content()
    token = re.search(rf"{re.escape(BASE_URL)}/confirm/([A-Za-z0-9_-]+)", text)
    assert token
    await metered.get(f"/confirm/{token.group(1)}")
    scrape = (await metered.get("/metrics")).text
    after = await _samples(metered)
    name = "notifier_emails_total"
    assert _value(after, name, kind="signup", outcome="sent") == (
        _value(before, name, kind="signup", outcome="sent") + 1
    )
    assert "fundacja" not in scrape
    assert "@" not in scrape
    assert token.group(1) not in scrape
    assert "notifier_claims_pending" in scrape


async def test_a_schedule_edit_that_does_not_load_is_counted(
    metered: httpx.AsyncClient, schedule_file: Path
) -> None:
    name = "notifier_schedule_reload_errors_total"
    before = _value(await _samples(metered), name)
    write_and_bump(schedule_file, "to nie jest [harmonogram\n")
    await metered.get("/healthz")  # notices the edit
    assert _value(await _samples(metered), name) == before + 1


async def test_head_of_metrics_answers_like_get_without_a_body(
    metered: httpx.AsyncClient,
) -> None:
    """HEAD was taken by the city pages' /{city_id} route: a 404 page for city "metrics"."""
    get, head = await metered.get("/metrics"), await metered.head("/metrics")
    assert (get.status_code, head.status_code) == (200, 200)
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""


async def test_claims_pending_count_what_waits_and_not_an_uncertain_delivery(
    metered: httpx.AsyncClient, db: Database
) -> None:
    """Blind round 11, M6: three "wynik nieznany" (uncertain) call alerts stayed in
    notifier_claims_pending{status="failed"}, whose help says "waiting for a retry", though
    they are never sent again. Pending is a claim not yet recorded or a failure whose next
    attempt will come; an uncertain one is settled."""
    now = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)

    def result(status: Status) -> DeliveryResult:
        return DeliveryResult(None, ("a@example.org",), status, "451 / no reply after '.'")

    with db.engine.begin() as connection:
        rows = [
            claim_new(
                connection,
                kind="call",
                recipient=f"{n}@example.org",
                subscriber_id=None,
                now=now,
                owner="test",
            )
            for n in range(6)
        ]
        statuses = [UNCERTAIN, UNCERTAIN, UNCERTAIN, TEMPORARY, TEMPORARY]
        attempts = [Attempt(row, 0, "a@example.org") for row in rows[: len(statuses)]]
        record_attempts(connection, attempts, [result(s) for s in statuses], now, kind="call")
    samples = await _samples(metered)
    name = "notifier_claims_pending"
    assert _value(samples, name, kind="call", status="failed") == 2  # the temporary ones
    assert _value(samples, name, kind="call", status="claimed") == 1  # the last, not recorded
    assert not [key for key in samples if key[0] == name and ("status", "uncertain") in key[1]]
    help_text = (await metered.get("/metrics")).text
    assert "uncertain one (no reply to its content) is never retried" in help_text
