"""The harmonogram page in headless Chromium (Debian's, driven by Playwright) on a real server."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from notifier.settings import load_settings
from notifier.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),  # one server and one Chromium, on one worker
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} not found (scripts/ensure-chromium.sh installs Debian's chromium)",
    ),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path) -> Iterator[str]:
    """The app under a real uvicorn on a free port, in a thread."""
    data = tmp_path_factory.mktemp("browser")
    schedule = data / "schedule.toml"
    shutil.copyfile(seed_schedule_path, schedule)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    settings = load_settings(
        schedule=schedule,
        base_url=url,
        database_url=f"sqlite:///{data / 'subscribers.db'}",
        outbox=data / "outbox",
    )
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # a hang guard, not a speed limit
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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


def test_no_horizontal_overflow_on_a_phone(browser: Browser, base_url: str) -> None:
    for path in ("/", "/?topic=turystyka", "/nie-ma"):
        page, _ = open_page(browser, PHONE, base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
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
