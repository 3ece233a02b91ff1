"""Fixtures for the browser tests: headless Chromium (Debian's, via Playwright) and live servers.

Registered for the whole suite through `pytest_plugins` in conftest.py.
"""

from __future__ import annotations

import email
import mailbox
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from new_database import new_sqlite
from playwright.sync_api import Locator, Page, Response
from server_process import free_port

from notifier.core.time import TIMEZONE
from notifier.settings import load_settings
from notifier.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
# axe-core from npm (`make test` runs scripts/ensure-axe.sh into the git-ignored .cache/npm),
# loaded into each page from disk, never from a CDN.
AXE = Path(__file__).resolve().parents[1] / ".cache/npm/node_modules/axe-core/axe.min.js"
SERIOUS = ("serious", "critical")
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
# A day inside the shipped 2024 harmonogram: some windows are over, some still ahead.
MID_2024 = datetime(2024, 5, 15, 12, 0, tzinfo=TIMEZONE)


def follow(page: Page, target: str | Locator) -> Response | None:
    """Click a link or a form's button that loads a new page, and wait until that page has
    loaded; returns its response. A bare click returns once the request is sent, and reading
    the page then (on a busy machine, before the answer came) gives the old or a blank one."""
    clicked = page.locator(target) if isinstance(target, str) else target
    with page.expect_navigation() as loaded:
        clicked.click()
    return loaded.value


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} not found (scripts/ensure-chromium.sh installs Debian's chromium)",
)


@contextmanager
def live_server(app: FastAPI, port: int) -> Iterator[str]:
    """`app` under a real uvicorn on `port`, in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # a hang guard, not a speed limit
    while not server.started:  # waits for start-up, not for a time: no speed assumption
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@dataclass(frozen=True)
class Site:
    """A running app: its URL and the Maildir its emails go to."""

    url: str
    outbox: Path

    def messages(self) -> list[EmailMessage]:
        if not maildir_ready(self.outbox):
            return []
        box = mailbox.Maildir(
            self.outbox,
            factory=lambda f: email.message_from_binary_file(f, policy=policy.default),
        )
        return sorted(box, key=lambda m: str(m["Date"]))  # type: ignore[arg-type, return-value]

    def mail_to(self, address: str) -> EmailMessage:
        """The newest email to `address`, once it is in the outbox: a sign-up sends it beside
        the answer, so it may land a moment after the page (waits at most 30 s)."""
        deadline = time.monotonic() + 30
        while True:
            found = [m for m in self.messages() if str(m["To"]) == address]
            if found:
                return found[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no email to {address} in {self.outbox}")
            time.sleep(0.05)

    def link(self, message: EmailMessage, kind: str) -> str:
        """The /confirm/, /manage/ or /unsubscribe/ link in an email, as a path."""
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        match = re.search(rf"{re.escape(self.url)}(/{kind}/[A-Za-z0-9_-]+)", text)
        assert match, text
        return match.group(1)


def maildir_ready(outbox: Path) -> bool:
    """Whether the Maildir at `outbox` is whole: the writer makes the folder, then tmp/, new/
    and cur/, so a reader polling beside it may see the folder before cur/ exists."""
    return all((outbox / sub).is_dir() for sub in ("tmp", "new", "cur"))


@contextmanager
def running_site(tmp: Path, schedule: Path, **app_options: Any) -> Iterator[Site]:
    """The app over a copy of `schedule`, its own SQLite file and Maildir, under uvicorn."""
    copy = tmp / "schedule.toml"
    shutil.copyfile(schedule, copy)
    with serving(tmp, copy, **app_options) as running:
        yield running


@contextmanager
def serving(tmp: Path, schedule: Path, **app_options: Any) -> Iterator[Site]:
    """The app over `schedule` (a file or a directory of harmonograms), its own SQLite file
    and Maildir in `tmp`, under uvicorn; NOTIFIER_ variables of the test run ignored."""
    names = [n for n in os.environ if n.startswith("NOTIFIER_")]
    saved = {n: os.environ.pop(n) for n in names}
    port = free_port()
    try:
        settings = load_settings(
            schedule=schedule,
            base_url=f"http://127.0.0.1:{port}",
            database_url=new_sqlite(tmp / "subscribers.db"),
            outbox=tmp / "outbox",
        )
    finally:
        os.environ.update(saved)
    with live_server(create_app(settings, **app_options), port) as url:
        yield Site(url, tmp / "outbox")


# The rules axe-core runs by default (enabled, not experimental) that can report a serious or
# critical violation: a violation's impact is its rule's own where the rule has one, else the
# highest of its failing checks'. A rule whose every impact is minor or moderate can never
# fail the tests, so it is not run (a third of the rules; best-practice rules that can be
# serious, such as tabindex or label-title-only, are run). A check of unknown impact counts as
# serious. test_browser_a11y.py checks on a page full of faults that this finds what a run of
# every rule finds.
SERIOUS_RULES = """() => {
  const impacts = (rule) => rule.impact ? [rule.impact]
    : [...rule.any, ...rule.all, ...rule.none]
        .map((check) => (axe._audit.data.checks[check.id || check] || {}).impact);
  return axe._audit.rules
    .filter((rule) => rule.enabled !== false && !rule.tags.includes('experimental'))
    .filter((rule) => impacts(rule).some((i) => i !== 'minor' && i !== 'moderate'))
    .map((rule) => rule.id);
}"""


def run_axe(page: Any, rules: str = SERIOUS_RULES) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands (axe is loaded
    into the page from disk, once per document; `make test` installs it with npm); `rules`:
    a script giving the rules to run (axe's defaults if it gives null)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        f"""(async () => {{
          const rules = ({rules})();
          const only = rules === null ? {{}} : {{runOnly: {{type: 'rule', values: rules}}}};
          return axe.run(document, {{resultTypes: ['violations'], ...only}});
        }})()"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module (Playwright's sync API holds an event loop while open,
    so it must be closed before the async tests of other modules run)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield PolishBrowser(chromium)
        chromium.close()


class PolishBrowser:
    """The browser of a Polish reader: pages ask for Polish (Accept-Language: pl-PL) unless a
    test opens one with another `locale` (the pages follow Accept-Language on a first visit)."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_page(self, **options: Any) -> Any:
        options.setdefault("locale", "pl-PL")
        return self._browser.new_page(**options)

    def new_context(self, **options: Any) -> Any:
        options.setdefault("locale", "pl-PL")
        return self._browser.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path) -> Iterator[Site]:
    """The shipped harmonogram served as on 15 May 2024, with sign-up, database and outbox."""
    with running_site(
        tmp_path_factory.mktemp("site"), seed_schedule_path, clock=lambda: MID_2024
    ) as running:
        yield running
