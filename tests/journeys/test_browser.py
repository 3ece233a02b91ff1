"""The harmonogram page in headless Chromium (Debian's, driven by Playwright) on a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_fixtures import DESKTOP, PHONE, needs_chromium, running_site
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path) -> Iterator[str]:
    """The app over the shipped schedule under a real uvicorn, on the wall clock."""
    with running_site(tmp_path_factory.mktemp("browser"), seed_schedule_path) as running:
        yield running.url


def open_page(browser: Browser, viewport: dict[str, int], url: str) -> tuple[Page, list[str]]:
    """A new page at `url`, with the console errors and page errors it produced."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return page, errors


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_page_loads_without_console_errors(
    browser: Browser,
    base_url: str,
    name: str,
    viewport: dict[str, int],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    page, errors = open_page(browser, viewport, base_url + "/")
    assert page.locator("tr[data-task]").count() == 28
    assert page.locator("#copy-feed").is_visible()  # the one script ran
    shot = tmp_path_factory.mktemp("screenshots") / f"{name}.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert errors == []
    page.close()


def test_topic_link_narrows_the_table_and_the_timeline(browser: Browser, base_url: str) -> None:
    page, errors = open_page(browser, DESKTOP, base_url + "/")
    page.get_by_role("link", name="Sport i kultura fizyczna").first.click()
    page.wait_for_url("**/?topic=sport")
    rows = page.locator("tr[data-task]")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-task") == "kultura-sport/rozwoj-sportu"
    assert page.locator(".tl-bar").count() == 1
    assert errors == []
    page.close()


def test_subscribe_links_carry_the_view_feed(browser: Browser, base_url: str) -> None:
    page, _ = open_page(browser, PHONE, base_url + "/?topic=seniorzy")
    feed = base_url + "/topics/seniorzy.ics"
    webcal = feed.replace("http://", "webcal://")
    href = {
        name: page.locator(f'a[data-subscribe="{name}"]').get_attribute("href")
        for name in ("google", "outlook", "microsoft365", "apple")
    }
    assert page.locator("#feed-url").input_value() == feed
    assert href["apple"] == webcal
    assert page.locator('link[rel="alternate"][type="text/calendar"]').get_attribute("href") == feed
    assert parse_qs(urlsplit(href["google"]).query)["cid"][0] in (feed, webcal)
    for name in ("outlook", "microsoft365"):
        assert parse_qs(urlsplit(href[name]).query)["url"] == [feed]
    page.close()


def test_ticking_a_topic_unticks_all_topics_and_back(browser: Browser, base_url: str) -> None:
    page, errors = open_page(browser, DESKTOP, base_url + "/")
    form = page.locator("form.subscribe-form")
    everything = form.locator('input[name="topic"][value="all"]')
    sport = form.locator('input[name="topic"][value="sport"]')
    seniors = form.locator('input[name="topic"][value="seniorzy"]')
    assert everything.is_checked()
    sport.check()
    seniors.check()
    assert not everything.is_checked()
    assert sport.is_checked()
    assert seniors.is_checked()
    everything.check()
    assert not sport.is_checked()
    assert not seniors.is_checked()
    assert errors == []
    page.close()


def test_head_on_the_health_check_over_a_real_server(base_url: str) -> None:
    import http.client

    host, port = urlsplit(base_url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("HEAD", "/healthz")
        response = connection.getresponse()
        assert response.status == 200
        assert response.read() == b""
        assert response.getheader("content-type") == "application/json"
    finally:
        connection.close()


def test_api_docs_render_offline_under_the_content_security_policy(
    browser: Browser, base_url: str
) -> None:
    """Swagger UI comes from our own origin (no CDN here) and runs within the CSP."""
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    errors: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "/api/docs", wait_until="load")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Harmonogram otwartych konkursów ofert" in page.locator(".swagger-ui .info").inner_text()
    page.locator(".opblock-summary-path", has_text="/api/tasks").first.wait_for()
    assert all(url.startswith((base_url, "data:")) for url in requested)
    assert errors == []
    page.close()
