"""Accessibility in Chromium: the skip link, what a screen reader hears, focus rings, and axe-core.

axe-core comes from npm (`make test` runs scripts/ensure-axe.sh into the git-ignored
.cache/npm) and is loaded into each page from disk, never from a CDN.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser_fixtures import AXE, DESKTOP, PHONE, Site, follow, needs_chromium, run_axe
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, needs_chromium]


def tab_until(page: Page, predicate: str, limit: int = 80) -> int:
    """Press Tab until `predicate` (JS, on document.activeElement) holds; the presses taken."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {predicate}; }})()"):
            return presses
    pytest.fail(f"{predicate} never held within {limit} Tab presses")


def test_the_first_tab_offers_a_skip_link_straight_to_the_harmonogram(
    browser: Browser, site: Site
) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.inner_text() == "Do harmonogramu"
    found = skip.bounding_box()
    assert found is not None
    assert found["y"] >= 0  # shown on screen when focused
    assert found["height"] >= 44
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "rok"
    # The next Tab lands on the first bar of the timeline.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.tl-row') !== null")
    page.close()


def test_topic_chips_read_their_label_and_count_apart(browser: Browser, site: Site) -> None:
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    page.goto(site.url + "/")
    chips = page.locator("nav.card")
    assert chips.get_by_role("link", name="Pomoc społeczna (5 zadań)", exact=True).count() == 1
    assert chips.get_by_role("link", name="Sport i kultura fizyczna (1 zadanie)").count() == 1
    assert chips.get_by_role("link", name="Pomoc społeczna5").count() == 0
    page.close()


def test_the_summary_toggle_has_the_sites_three_pixel_focus_ring(
    browser: Browser, site: Site
) -> None:
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    page.goto(site.url + "/")
    tab_until(page, "e.tagName === 'SUMMARY' && e.textContent.includes('Jak dodać')")
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert ring == ["solid", "3px"]
    page.close()


@pytest.fixture(scope="module")
def sign_up_pages(site: Site, browser: Browser) -> dict[str, str]:
    """Paths of a confirm, a manage and an unsubscribe page, from a sign-up in the browser."""
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    page.goto(site.url + "/")
    page.locator("#subscribe-email").fill("dostepnosc@example.org")
    follow(page, page.get_by_role("button", name="Zapisz mnie"))
    page.close()
    mail = site.mail_to("dostepnosc@example.org")
    return {kind: site.link(mail, kind) for kind in ("confirm", "manage", "unsubscribe")}


@pytest.mark.skipif(
    not AXE.exists(), reason=f"{AXE} missing: run `make test` (npm installs axe-core there)"
)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_axe_finds_nothing_serious_on_any_page(
    browser: Browser, site: Site, sign_up_pages: dict[str, str], viewport: dict[str, int]
) -> None:
    # The pages' Content-Security-Policy admits only their own scripts: let axe's in.
    page = browser.new_page(viewport=viewport, bypass_csp=True)  # type: ignore[arg-type]
    found: dict[str, Any] = {}
    for name, path in [
        ("home", "/"),
        ("filtered view", "/?topic=seniorzy&alarm=7"),
        ("refused sign-up", None),
        ("confirm", sign_up_pages["confirm"]),
        ("manage", sign_up_pages["manage"]),
        ("unsubscribe", sign_up_pages["unsubscribe"]),
        ("not found", "/nie-ma"),
    ]:
        if path is None:  # the form shown again with a message by the field
            page.goto(site.url + "/")
            page.locator("#subscribe-email").fill("jan@gmail")
            follow(page, page.get_by_role("button", name="Zapisz mnie"))
        else:
            page.goto(site.url + path)
        page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
        violations = run_axe(page)
        if violations:
            found[name] = violations
    page.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.skipif(
    not AXE.exists(), reason=f"{AXE} missing: run `make test` (npm installs axe-core there)"
)
def test_axe_finds_nothing_serious_on_the_ukrainian_and_english_pages(
    browser: Browser, site: Site, sign_up_pages: dict[str, str]
) -> None:
    # A Ukrainian browser's first visit: Accept-Language picks the language, the switch changes it.
    page = browser.new_page(viewport=DESKTOP, bypass_csp=True, locale="uk-UA")  # type: ignore[arg-type]
    found: dict[str, Any] = {}
    for name, path in [
        ("home uk", "/"),
        ("refused sign-up uk", None),
        ("manage uk", sign_up_pages["manage"]),
        ("not found uk", "/nie-ma"),
        ("filtered view en", "/?topic=seniorzy&alarm=7&lang=en"),
        ("confirm en", sign_up_pages["confirm"]),
    ]:
        if path is None:
            page.goto(site.url + "/")
            page.locator("#subscribe-email").fill("jan@gmail")
            follow(page, page.get_by_role("button", name="Підписати мене"))
        else:
            page.goto(site.url + path)
        expected = name.rsplit(" ", 1)[1]
        assert page.evaluate("document.documentElement.lang") == expected, name
        page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
        violations = run_axe(page)
        if violations:
            found[name] = violations
    # The switch is a plain link: back to Polish, remembered for the next page.
    follow(page, page.get_by_role("link", name="Polski"))
    assert page.evaluate("document.documentElement.lang") == "pl"
    page.goto(site.url + "/")
    assert page.evaluate("document.documentElement.lang") == "pl"
    page.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
