"""What a newcomer meets in Chromium: styled sign-up pages, kept form values, today, alarms,
the first screen of a phone, the timeline by tap, and a printable harmonogram.

Every check measures boxes, computed styles, focus or DOM text; no screenshots.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_fixtures import DESKTOP, PHONE, Site, follow, needs_chromium, running_site
from playwright.sync_api import Browser, Locator, Page

from notifier.core.time import TIMEZONE

pytestmark = [pytest.mark.browser, needs_chromium]

ACCENT = "rgb(11, 83, 148)"
TOUCH = 44


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} has no box (hidden?)"
    return found


def assert_touch_target(locator: Locator) -> None:
    size = box(locator)
    assert size["height"] >= TOUCH, (locator, size)
    assert size["width"] >= TOUCH, (locator, size)


def style(locator: Locator, prop: str) -> str:
    return str(locator.evaluate(f"(e) => getComputedStyle(e).getPropertyValue('{prop}')"))


def sign_up(page: Page, site: Site, email: str) -> None:
    page.goto(site.url + "/")
    form = page.locator("form.subscribe-form")
    form.locator("#subscribe-email").fill(email)
    form.locator('input[name="topic"][value="sport"]').check()
    follow(page, form.get_by_role("button", name="Zapisz mnie"))
    assert "Prosimy sprawdzić skrzynkę e-mail" in page.locator("h1").inner_text()


def latest_to(site: Site, address: str) -> object:
    return site.mail_to(address)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_confirm_manage_and_unsubscribe_buttons_are_the_sites_and_easy_to_tap(
    browser: Browser, site: Site, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    address = f"przyciski-{viewport['width']}@example.org"
    sign_up(page, site, address)
    mail = latest_to(site, address)

    page.goto(site.url + site.link(mail, "confirm"))  # type: ignore[arg-type]
    confirm = page.get_by_role("button", name="Potwierdzam zapis")
    assert_touch_target(confirm)
    assert style(confirm, "background-color") == ACCENT
    assert style(confirm, "color") == "rgb(255, 255, 255)"
    follow(page, confirm)
    settings = page.get_by_role("link", name="Ustawienia przypomnień")
    assert_touch_target(settings)
    follow(page, settings)
    for name in ("Zapisz ustawienia", "Wypisz mnie ze wszystkich przypomnień"):
        assert_touch_target(page.get_by_role("button", name=name))
    for label in page.locator("fieldset label").all():
        assert box(label)["height"] >= TOUCH
    # The deadline lead is a styled field like the address, not a bare system control.
    select = page.locator("#manage-deadline-days")
    assert box(select)["height"] >= TOUCH
    assert style(select, "border-top-color") == "rgb(138, 148, 163)"
    # Ticking a topic unticks "Wszystkie tematy" here too (the server reads it the same way).
    everything = page.locator('input[name="topic"][value="all"]')
    sport = page.locator('input[name="topic"][value="sport"]')
    assert sport.is_checked()
    everything.check()
    assert not sport.is_checked()
    page.locator('input[name="topic"][value="seniorzy"]').check()
    assert not everything.is_checked()

    page.goto(site.url + site.link(mail, "unsubscribe"))  # type: ignore[arg-type]
    leave = page.get_by_role("button", name="Wypisz mnie")
    assert_touch_target(leave)
    assert style(leave, "background-color") == ACCENT
    # One stylesheet: the same rules on every page (its touch size is defined everywhere).
    assert style(page.locator(":root"), "--touch").strip() == "44px"
    page.close()


def test_a_rejected_address_comes_back_with_every_choice_and_the_message_by_the_field(
    browser: Browser, site: Site
) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    page.goto(site.url + "/")
    form = page.locator("form.subscribe-form")
    form.locator("#subscribe-email").fill("jan@gmail")  # passes the browser's own check
    form.locator('input[name="topic"][value="seniorzy"]').check()
    form.locator('input[name="topic"][value="sport"]').check()
    form.locator('input[name="lead_days"][value="7"]').uncheck()
    form.locator('input[name="lead_days"][value="14"]').check()
    answer = follow(page, form.get_by_role("button", name="Zapisz mnie"))
    assert answer is not None
    assert answer.url == site.url + "/subscribe"
    assert answer.status == 400

    field = page.locator("#subscribe-email")
    error = page.locator("#signup-email-error")
    assert field.input_value() == "jan@gmail"
    assert "nie jest poprawnym adresem e-mail" in error.inner_text()
    assert field.get_attribute("aria-describedby") == "signup-email-error"
    assert page.evaluate("document.activeElement.id") == "subscribe-email"
    # The message sits right under the field, not on another page.
    gap = box(error)["y"] - (box(field)["y"] + box(field)["height"])
    assert 0 <= gap <= 16
    ticked = page.locator("form.subscribe-form input:checked").evaluate_all(
        "(boxes) => boxes.map((b) => b.name + '=' + b.value)"
    )
    assert ticked == ["topic=seniorzy", "topic=sport", "lead_days=14"]
    assert page.locator("#subscribe-email:focus").is_visible()
    assert site.messages() == [] or all(str(m["To"]) != "jan@gmail" for m in site.messages())
    page.close()


def test_a_refused_manage_form_keeps_the_choices_and_says_what_is_wrong_by_the_field(
    browser: Browser, site: Site
) -> None:
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    address = "ustawienia@example.org"
    sign_up(page, site, address)
    page.goto(site.url + site.link(latest_to(site, address), "manage"))  # type: ignore[arg-type]
    page.locator('input[name="topic"][value="seniorzy"]').check()
    # A stale or edited form: a lead time outside 1–60.
    page.locator('input[name="lead_days"][value="30"]').evaluate("(b) => { b.value = '99'; }")
    page.locator('input[name="lead_days"][value="99"]').check()
    follow(page, page.get_by_role("button", name="Zapisz ustawienia"))
    fieldset = page.locator('fieldset[aria-describedby="manage-lead_days-error"]')
    assert "od 1 do 60" in fieldset.locator("#manage-lead_days-error").inner_text()
    assert page.locator('input[name="topic"][value="seniorzy"]').is_checked()
    assert page.locator('input[name="topic"][value="sport"]').is_checked()
    page.close()


def test_the_timeline_marks_today_where_the_day_falls(browser: Browser, site: Site) -> None:
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    page.goto(site.url + "/")
    track = box(page.locator(".tl-track").first)
    marker = box(page.locator(".tl-today"))
    day = date(2024, 5, 15)
    fraction = ((day - date(2024, 1, 1)).days + 0.5) / 366
    assert abs(marker["x"] - (track["x"] + fraction * track["width"])) <= 2
    assert "Dziś: 15 maja 2024" in page.locator(".tl-legend").inner_text()
    # The March window is over by then; May's is not.
    rows = page.locator("details.tl-row")
    march = rows.filter(has_text="1 marca – 31 marca 2024").first
    may = rows.filter(has_text="1 maja – 31 maja 2024").first
    assert "termin minął" in march.inner_text()
    assert "termin minął" not in may.inner_text()
    assert page.locator(".banner").count() == 0
    page.close()


@pytest.fixture(scope="module")
def site_in_2026(
    tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path
) -> Iterator[Site]:
    """The shipped 2024 harmonogram served on 5 January 2026: every window has passed."""
    moment = datetime(2026, 1, 5, 9, 0, tzinfo=TIMEZONE)
    with running_site(
        tmp_path_factory.mktemp("late"), seed_schedule_path, clock=lambda: moment
    ) as running:
        yield running


def test_a_past_harmonogram_says_so_on_the_first_screen(
    browser: Browser, site_in_2026: Site
) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    page.goto(site_in_2026.url + "/")
    banner = page.locator(".banner")
    assert "Wszystkie terminy z harmonogramu na 2024 rok już minęły" in banner.inner_text()
    assert box(banner)["y"] + box(banner)["height"] <= PHONE["height"]
    assert page.locator(".tl-today").count() == 0  # 2026 is not on the 2024 axis
    assert "już minęły" in page.locator("#powiadomienia-email").inner_text()
    page.close()


def test_the_alarm_choice_changes_every_subscribe_link_without_javascript(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site.url + "/?topic=seniorzy")
    choice = page.locator(".alarm").get_by_role("link", name="7 dni wcześniej")
    assert_touch_target(choice)
    follow(page, choice)
    feed = site.url + "/topics/seniorzy.ics?alarm=7"
    assert page.locator("#feed-url").input_value() == feed
    assert page.locator(".alarm [aria-current]").inner_text() == "7 dni wcześniej"
    google = page.locator('a[data-subscribe="google"]').get_attribute("href") or ""
    assert parse_qs(urlsplit(google).query)["cid"][0].endswith("/topics/seniorzy.ics?alarm=7")
    outlook = page.locator('a[data-subscribe="outlook"]').get_attribute("href") or ""
    assert parse_qs(urlsplit(outlook).query)["url"] == [feed]
    assert page.locator('a[data-subscribe="apple"]').get_attribute("href") == feed.replace(
        "http://", "webcal://"
    )
    # Changing the topic keeps the alarm; "bez przypomnienia" drops it.
    follow(page, page.locator("nav.card").get_by_role("link", name="Sport i kultura fizyczna"))
    assert page.locator("#feed-url").input_value() == site.url + "/topics/sport.ics?alarm=7"
    follow(page, page.locator(".alarm").get_by_role("link", name="bez przypomnienia"))
    assert page.locator("#feed-url").input_value() == site.url + "/topics/sport.ics"
    context.close()


def test_a_phone_sees_what_the_page_is_the_buttons_and_the_way_to_the_sign_up(
    browser: Browser, site: Site
) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    page.goto(site.url + "/")
    fold = PHONE["height"]
    heading = box(page.locator("h1"))
    assert heading["y"] + heading["height"] <= fold
    for name in ("google", "outlook", "microsoft365", "apple"):
        button = box(page.locator(f'a[data-subscribe="{name}"]'))
        assert button["y"] + button["height"] <= fold, name
    to_signup = page.locator('.jump a[href="#powiadomienia-email"]')
    assert box(to_signup)["y"] + box(to_signup)["height"] <= fold
    to_signup.click()
    form = box(page.locator("#powiadomienia-email h2"))
    assert 0 <= form["y"] <= fold / 2
    page.close()


def test_every_timeline_bar_reaches_its_full_text_by_tap(browser: Browser, site: Site) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(site.url + "/")
    rows = page.locator("details.tl-row")
    clipped = [
        row
        for row in rows.all()
        if row.locator(".tl-label").evaluate("(e) => e.scrollHeight > e.clientHeight + 1")
    ]
    assert clipped, "no timeline label is cut on a phone: nothing to check"
    for row in clipped:
        row.locator("summary").tap()
        label = row.locator(".tl-label")
        assert label.evaluate("(e) => e.scrollHeight <= e.clientHeight + 1")
        assert row.evaluate("(e) => e.open")
    # The full printed title of a one-task bar (its label is the short name) is reached by
    # tap too, as DOM text, not in a tooltip.
    title = "działania wspierające osoby po zakończeniu aktywności zawodowej"
    for row in rows.all():
        if not row.evaluate("(e) => e.open"):
            row.locator("summary").tap()
    details = [row.locator(".tl-detail").inner_text() for row in rows.all()]
    assert any(title in text for text in details)
    assert page.locator(".tl-row [title]").count() == 0
    context.close()


def test_the_printed_harmonogram_has_the_table_and_the_timeline_and_no_controls(
    browser: Browser, site: Site
) -> None:
    # A4 portrait minus 12 mm margins is about 700 CSS pixels wide.
    page = browser.new_page(viewport={"width": 700, "height": 1000})
    page.goto(site.url + "/")
    page.emulate_media(media="print")
    for hidden in (
        "form.subscribe-form",
        'a[data-subscribe="google"]',
        "#feed-url",
        ".filters",
        ".skip-link",
        ".dept-feed",
        "#kalendarz",
    ):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("table.tasks").first.is_visible()
    assert page.locator("tr[data-task]").count() == 28
    assert page.locator(".tl-bar").first.is_visible()
    assert page.locator("h1").is_visible()
    assert style(page.locator(".site-header"), "background-color") == "rgba(0, 0, 0, 0)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 700
    page.close()
