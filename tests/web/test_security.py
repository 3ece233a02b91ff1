"""Security headers on every kind of response, and /api/docs served from the package."""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode

import httpx
import pytest

pytestmark = pytest.mark.anyio


def _directives(policy: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def _csp(response: httpx.Response) -> dict[str, list[str]]:
    """The header's policy and, for a page, the one its meta element carries, together (a
    browser enforces both; the page's own is the stricter where both name a directive)."""
    header = _directives(response.headers["content-security-policy"])
    metas = re.findall(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', response.text
    )
    page = _directives(metas[0]) if metas else {}
    return header | page


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


async def test_a_page_carries_its_policy_and_its_header_is_the_same_for_every_page(
    client: httpx.AsyncClient,
) -> None:
    """blind4 G8: behind nginx, the header's hashes came from a map nginx reads only at reload,
    so a new city's page (or a moved timeline bar) broke until then. The hashes travel in the
    page (a meta element before any style or script); every page's header is one constant."""
    from notifier.web.security import PAGE_POLICY

    for path in ("/", "/leszno/", "/leszno/2024/", "/nie-ma/", "/biuro/"):
        page = await client.get(path)
        assert page.headers["content-security-policy"] == PAGE_POLICY, path
        head = page.text.split("<style>", 1)[0]
        assert head.count('<meta http-equiv="Content-Security-Policy"') == 1, path
        assert head.index("<meta charset") < head.index("http-equiv"), path
        assert "frame-ancestors" not in head, path  # a meta element cannot set it
    city = await client.get("/leszno/")
    bars = re.findall(r'style="([^"]*)"', city.text)
    assert bars
    allowed = _csp(city)["style-src-attr"]
    assert all(_sha256(bar) in allowed for bar in bars)


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
    assert _csp(response)["default-src"] == ["'none'"]  # a 404 page's in its meta element


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
