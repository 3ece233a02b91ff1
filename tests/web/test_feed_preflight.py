"""A browser's CORS preflight (OPTIONS) on a feed is answered, by the app and through nginx
with the shipped block (blind 10b, M7: it was a 405, so another site's page that polls a
feed with If-None-Match could not read it). Other paths keep their 405."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from browser_fixtures import live_server
from fastapi import FastAPI
from nginx_server import nginx_or_skip, running_nginx
from server_process import free_port

from notifier.publish.site import publish_app

FEEDS = ["/calendar.ics", "/leszno/calendar.ics", "/feed.atom", "/topics/sport.atom"]
PREFLIGHT = {
    "Origin": "https://inna-strona.example.org",
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "if-none-match",
}
HANG_GUARD_SECONDS = 60


@pytest.fixture
def served(app: FastAPI) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _is_a_preflight_answer(answer: httpx.Response) -> None:
    assert answer.status_code == 204, (answer.status_code, answer.text)
    assert answer.content == b""
    assert answer.headers["access-control-allow-origin"] == "*"
    assert set(answer.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert "GET" in answer.headers["access-control-allow-methods"]
    assert "if-none-match" in answer.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("path", FEEDS)
def test_a_feeds_preflight_is_a_204_with_the_cors_headers(served: str, path: str) -> None:
    _is_a_preflight_answer(httpx.options(f"http://{served}{path}", headers=PREFLIGHT))
    # ...and the GET it asked for carries the same origin rule
    feed = httpx.get(f"http://{served}{path}", headers={"Origin": PREFLIGHT["Origin"]})
    assert feed.headers["access-control-allow-origin"] == "*"


def test_options_elsewhere_is_still_a_405(served: str) -> None:
    answer = httpx.options(f"http://{served}/subscribe", headers=PREFLIGHT)
    assert answer.status_code == 405
    assert "access-control-allow-origin" not in answer.headers


@pytest.mark.anyio
async def test_through_nginx_with_the_shipped_block_too(app: FastAPI, tmp_path: Path) -> None:
    """nginx passes every method but GET and HEAD to the app: the published feeds' paths
    are answered alike."""
    binary = nginx_or_skip()
    out = tmp_path / "site"
    await publish_app(app, out)
    assert (out / "calendar.ics").is_file()
    port = free_port()
    with (
        running_nginx(binary, tmp_path / "nginx", out, f"127.0.0.1:{port}") as url,
        live_server(app, port),
    ):
        async with httpx.AsyncClient(base_url=url) as nginx:
            for path in FEEDS:
                _is_a_preflight_answer(await nginx.options(path, headers=PREFLIGHT))
            assert (await nginx.options("/subscribe", headers=PREFLIGHT)).status_code == 405
