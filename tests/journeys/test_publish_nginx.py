"""A real nginx (Debian's package) in front of a published directory: headers, 304s, bytes.

nginx runs with contrib/nginx/notifier-static.conf, the block README.md shows, on a free port
with its own prefix and configuration in the test's temporary directory. Skipped, with the
reason, when nginx is not installed (`make test` installs it when it can).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from server_process import START_DEADLINE_SECONDS, free_port

from notifier.publish.render import current_paths, render_paths
from notifier.publish.site import write_site

pytestmark = pytest.mark.anyio

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SNIPPET = Path(__file__).resolve().parents[2] / "contrib" / "nginx" / "notifier-static.conf"

CONFIG = """
daemon off;
master_process off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ text/html html; }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {snippet};
    }}
}}
"""


@pytest.fixture
def nginx_binary() -> str:
    if not Path(NGINX).is_file():
        reason = f"nginx not installed ({NGINX}); `make test` installs Debian's package as root"
        print(reason)
        pytest.skip(reason)
    return NGINX


@pytest.fixture
async def site(app: FastAPI) -> tuple[Path, list[str]]:
    """The app's publishable paths, published into a directory."""
    out = app.state.notifier.settings.schedule.parent / "site"
    paths = current_paths(app)
    write_site(out, await render_paths(app, paths))
    return out, paths


@pytest.fixture
def nginx(nginx_binary: str, site: tuple[Path, list[str]], tmp_path: Path) -> Iterator[str]:
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(
        CONFIG.format(prefix=prefix, port=port, site=site[0], snippet=SNIPPET), encoding="utf-8"
    )
    process = subprocess.Popen(
        [nginx_binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_DEADLINE_SECONDS  # a hang guard, not a speed limit
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"nginx exited: {process.stderr.read().decode() if process.stderr else ''}"
                )
            try:
                httpx.head(url + "/calendar.ics", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not answer")
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _media(content_type: str) -> str:
    return content_type.replace(" ", "").lower()


async def test_nginx_serves_the_published_bytes_with_the_apps_headers(
    nginx: str, site: tuple[Path, list[str]], client: httpx.AsyncClient
) -> None:
    _, paths = site
    async with httpx.AsyncClient(base_url=nginx) as static:
        for path in paths:
            ours = await client.get(path, headers={"Accept-Encoding": "identity"})
            theirs = await static.get(path, headers={"Accept-Encoding": "identity"})
            assert theirs.status_code == 200, path
            assert theirs.content == ours.content, path
            assert _media(theirs.headers["content-type"]) == _media(ours.headers["content-type"])
            assert "content-encoding" not in theirs.headers
            assert theirs.headers["etag"]
            if path.endswith(".ics"):
                assert theirs.headers["last-modified"] == ours.headers["last-modified"], path
                assert theirs.headers["cache-control"] == ours.headers["cache-control"], path
                assert theirs.headers["access-control-allow-origin"] == "*"
            else:
                assert theirs.headers["last-modified"]


async def test_nginx_sends_the_gzip_twin_to_who_asks(
    nginx: str, site: tuple[Path, list[str]], client: httpx.AsyncClient
) -> None:
    _, paths = site
    async with httpx.AsyncClient(base_url=nginx) as static:
        for path in paths:
            ours = await client.get(path, headers={"Accept-Encoding": "identity"})
            theirs = await static.get(path, headers={"Accept-Encoding": "gzip"})
            assert theirs.headers["content-encoding"] == "gzip", path
            assert "Accept-Encoding" in theirs.headers["vary"], path
            assert theirs.content == ours.content, path  # httpx decoded the gzip body


async def test_nginx_answers_304_to_its_own_validators(
    nginx: str, site: tuple[Path, list[str]]
) -> None:
    _, paths = site
    async with httpx.AsyncClient(base_url=nginx) as static:
        for path in ("/calendar.ics", "/topics/sport.ics", "/"):
            assert path in paths
            first = await static.get(path)
            by_etag = await static.get(path, headers={"If-None-Match": first.headers["etag"]})
            assert by_etag.status_code == 304, path
            assert by_etag.content == b""
            since = {"If-Modified-Since": first.headers["last-modified"]}
            assert (await static.get(path, headers=since)).status_code == 304, path
            other = await static.get(path, headers={"If-None-Match": '"something-else"'})
            assert other.status_code == 200, path
