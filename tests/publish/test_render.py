"""Publishing renders the pages through the app in process: httpx's per-request INFO lines
("HTTP Request: GET https://…") must not fill the worker's log as if it fetched the site."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import BASE_URL, MARCH_2025
from fastapi import FastAPI

from notifier.publish.publisher import Publisher
from notifier.publish.render import render_paths
from notifier.settings import load_settings

pytestmark = pytest.mark.anyio


def _httpx_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "httpx"]


async def test_the_workers_publisher_logs_no_request_lines(
    clean_env: pytest.MonkeyPatch,
    catalog_dir: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    out = tmp_path / "site"
    settings = load_settings(
        schedule=catalog_dir,
        base_url=BASE_URL,
        database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
        publish_dir=out,
    )
    publisher = Publisher(settings, out, clock=lambda: MARCH_2025)
    caplog.set_level(logging.DEBUG)
    try:
        report = await publisher.check()
    finally:
        await publisher.close()
    assert report is not None
    assert len(report.written) > 50  # every city's pages and feeds
    assert _httpx_lines(caplog) == []


async def test_other_requests_are_still_logged(
    catalog_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """Only the in-process rendering is quiet: a request sent by other code, even right after
    a publication and to the same app, keeps httpx's INFO line."""
    caplog.set_level(logging.INFO)
    await render_paths(catalog_app, ["/", "/api/tasks.csv"])
    assert _httpx_lines(caplog) == []
    transport = httpx.ASGITransport(app=catalog_app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        await client.get("/healthz")
    assert _httpx_lines(caplog) == [f'HTTP Request: GET {BASE_URL}/healthz "HTTP/1.1 200 OK"']


def test_warnings_and_errors_of_httpx_pass_while_rendering() -> None:
    from notifier.publish import render as publish

    quiet = publish.InProcessRequests()

    def record(level: int) -> logging.LogRecord:
        return logging.LogRecord("httpx", level, __file__, 1, "x", None, None)

    rendering = publish._RENDERING.set(True)
    try:
        assert not quiet.filter(record(logging.INFO))
        assert not quiet.filter(record(logging.DEBUG))
        assert quiet.filter(record(logging.WARNING))
        assert quiet.filter(record(logging.ERROR))
    finally:
        publish._RENDERING.reset(rendering)
    assert quiet.filter(record(logging.INFO))
