"""Security headers on every kind of response, and /api/docs served from the package."""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode

import httpx
import pytest

pytestmark = pytest.mark.anyio


def _csp(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def _sha256(text: str) -> str:
    return f"'sha256-{b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


async def test_the_page_allows_exactly_its_own_inline_script_and_style(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/")
    assert response.headers["x-content-type-options"] == "nosniff"
    csp = _csp(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    styles = re.findall(r"<style>(.*?)</style>", response.text, re.DOTALL)
    assert scripts
    assert styles
    assert sorted(csp["script-src"]) == sorted(["'self'", *map(_sha256, scripts)])
    assert sorted(csp["style-src"]) == sorted(["'self'", *map(_sha256, styles)])
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("kind", ["confirm", "manage", "unsubscribe"])
async def test_token_pages_send_no_referrer(client: httpx.AsyncClient, kind: str) -> None:
    response = await client.get(f"/{kind}/{'x' * 43}")
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/nie-ma.ics", "/calendar.ics", "/api/tasks", "/healthz"])
async def test_feeds_json_and_plain_text_errors_are_not_sniffed(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, headers={"accept-encoding": "gzip"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


async def test_api_docs_load_their_assets_from_this_site(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/docs")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text)
    assert assets
    assert all(url.startswith("/api/docs/static/") for url in assets), assets
    for url in assets:
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000
    [script] = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert _sha256(script) in _csp(page)["script-src"]
