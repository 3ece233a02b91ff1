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


needs_axe = pytest.mark.skipif(
    not AXE.exists(), reason=f"{AXE} missing: run `make test` (npm installs axe-core there)"
)
# Faults of the kinds axe-core rates serious or critical, and some it rates lower.
FAULTY = """<!doctype html><html><head>
<meta name="viewport" content="width=device-width, user-scalable=no, maximum-scale=1"></head>
<body><img src="x.png"><input type="text"><button></button><a href="#"></a>
<div role="bogus">x</div><p style="color:#aaa;background:#fff">mało kontrastu</p>
<div tabindex="5">t</div><select><option>a</option></select><ul><div>x</div></ul>
<main></main><main></main><input title="tylko tytuł"><table><tr><th></th></tr></table>
<iframe srcdoc="<p>x</p>"></iframe><svg role="img"></svg><span role="treeitem"></span>
<div role="dialog"></div><div role="progressbar"></div><marquee>m</marquee></body></html>"""


@needs_axe
def test_the_axe_rules_run_find_what_every_rule_finds(browser: Browser) -> None:
    """run_axe runs only the rules that can report a serious or critical violation: on a
    page full of faults it reports exactly what a run of all of axe's rules does."""
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    page.set_content(FAULTY)
    every_rule = run_axe(page, rules="() => null")
    assert len(every_rule) >= 15, every_rule  # the faults are found at all
    assert run_axe(page) == every_rule
    page.close()


@needs_axe
def test_axe_finds_nothing_serious_on_any_page(
    browser: Browser, site: Site, sign_up_pages: dict[str, str]
) -> None:
    """Each page at a phone's and a desktop's width (one load, the window resized)."""
    # The pages' Content-Security-Policy admits only their own scripts: let axe's in.
    page = browser.new_page(viewport=PHONE, bypass_csp=True)  # type: ignore[arg-type]
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
        for width, viewport in (("390px", PHONE), ("1280px", DESKTOP)):
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            violations = run_axe(page)
            if violations:
                found[f"{name} {width}"] = violations
        page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@needs_axe
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
