"""Every page kind in Chromium at a phone's 390 px: nothing scrolls sideways, long feed
addresses and `source` lines wrap; the cities' index builds the same subscribe links with its
script as its plain form does, and axe-core finds nothing serious there."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from browser_fixtures import AXE, DESKTOP, PHONE, Site, follow, live_server, needs_chromium, run_axe
from catalog_fixtures import PRZYKLADOWO_CALL
from new_database import new_sqlite
from playwright.sync_api import Browser, Page
from server_process import free_port

from notifier.core.time import TIMEZONE
from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app

pytestmark = [pytest.mark.browser, needs_chromium]

MARCH_2025 = datetime(2025, 3, 1, 9, 0, tzinfo=TIMEZONE)
# A real city's source line is long and often carries an unbroken address.
LONG_SOURCE = (
    "Załącznik nr 1 do Zarządzenia Nr 0050.123.2025 Prezydenta Miasta Przykładowo z dnia "
    "15 stycznia 2025 r., https://bip.przykladowo.example.pl/artykul/harmonogram-ogloszenia-"
    "otwartych-konkursow-ofert-na-realizacje-zadan-publicznych-w-2025-roku-zalacznik-nr-1.pdf"
)
LONG_URL = (
    "https://bip.przykladowo.example.pl/ogloszenia/otwarte-konkursy-ofert/"
    "realizacja-zadan-publicznych-miasta-przykladowo-2025?kategoria=organizacje-pozarzadowe"
)


@pytest.fixture(scope="module")
def cities(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Iterator[Site]:
    """Three cities (Leszno 2024 and 2025) served as on 1 March 2025; Przykładowo with a long
    source line and announcements address, and a call whose offers close on 24 March."""
    tmp = tmp_path_factory.mktemp("cities")
    folder = tmp / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    seed = Path(__file__).resolve().parents[2] / "schedule.toml"
    (folder / "leszno" / "2024.toml").write_bytes(seed.read_bytes())
    (folder / "leszno" / "2025.toml").write_bytes((examples_dir / "leszno-2025.toml").read_bytes())
    (folder / "zielona-gora-2025.toml").write_bytes(
        (examples_dir / "zielona-gora-2025.toml").read_bytes()
    )
    text = (examples_dir / "przykladowo-2025.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^source = ".*"$', f'source = "{LONG_SOURCE}"', text, count=1)
    text = re.sub(r'(?m)^announcements_url = ".*"$', f'announcements_url = "{LONG_URL}"', text)
    (folder / "przykladowo-2025.toml").write_text(text + PRZYKLADOWO_CALL, encoding="utf-8")
    names = [n for n in os.environ if n.startswith("NOTIFIER_")]
    saved = {n: os.environ.pop(n) for n in names}
    port = free_port()
    try:
        settings = load_settings(
            schedule=folder,
            base_url=f"http://127.0.0.1:{port}",
            database_url=new_sqlite(tmp / "subscribers.db"),
            outbox=tmp / "outbox",
        )
    finally:
        os.environ.update(saved)
    app = create_app(settings, catalog_source=CatalogSource(folder), clock=lambda: MARCH_2025)
    with live_server(app, port) as url:
        yield Site(url, tmp / "outbox")


def sideways(page: Page) -> list[str]:
    """What sticks out of a page wider than its viewport: the document, then the widest
    elements that reach past the right edge (to say what to fix)."""
    found: list[str] = page.evaluate(
        """() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) return [];
          const out = [`document ${root.scrollWidth} > ${root.clientWidth}`];
          for (const e of document.body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.right > root.clientWidth + 0.5 && r.width > 0)
              out.push(`${e.tagName.toLowerCase()}.${e.className} right=${Math.round(r.right)}`);
          }
          return out.slice(0, 8);
        }"""
    )
    return found


def sign_up(page: Page, site: Site, address: str, city: str | None = None) -> dict[str, str]:
    """Sign `address` up through the page's form; the confirm, manage and unsubscribe paths."""
    page.goto(site.url + "/")
    page.locator("#subscribe-email").fill(address)
    if city:
        page.locator(f'form.subscribe-form input[name="city"][value="{city}"]').check()
    follow(page, page.get_by_role("button", name="Zapisz mnie"))
    mail = site.mail_to(address)
    return {kind: site.link(mail, kind) for kind in ("confirm", "manage", "unsubscribe")}


def page_kinds(page: Page, site: Site, paths: list[str], address: str) -> Iterator[str]:
    """Show each kind of page the site has in `page` (static ones from `paths`, then a
    refused sign-up, the sign-up answer, confirm, confirmed, manage, saved settings,
    unsubscribe and its answer, settings after leaving); yields the path or name of each."""
    for path in paths:
        page.goto(site.url + path)
        yield path
    page.goto(site.url + "/")
    page.locator("#subscribe-email").fill("jan@gmail")
    follow(page, page.get_by_role("button", name="Zapisz mnie"))
    yield "odmowa zapisu"
    links = sign_up(page, site, address)
    yield "po zapisie"
    page.goto(site.url + links["confirm"])
    yield "potwierdzenie"
    follow(page, page.get_by_role("button", name="Potwierdzam zapis"))
    yield "potwierdzono"
    page.goto(site.url + links["manage"])
    yield "ustawienia"
    follow(page, page.get_by_role("button", name="Zapisz ustawienia"))
    yield "zapisane ustawienia"
    page.goto(site.url + links["unsubscribe"])
    yield "wypisanie"
    follow(page, page.get_by_role("button", name="Wypisz mnie"))
    yield "wypisano"
    page.goto(site.url + links["manage"])
    yield "ustawienia po wypisaniu"


def _check_every_kind(browser: Browser, site: Site, paths: list[str], address: str) -> None:
    found: dict[str, list[str]] = {}
    page = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    for name in page_kinds(page, site, paths, address):
        page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
        if problems := sideways(page):
            found[name] = problems
    page.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_no_page_of_several_cities_scrolls_sideways_on_a_phone(
    browser: Browser, cities: Site
) -> None:
    paths = [
        "/",
        "/?city=leszno&city=przykladowo&topic=sport&alarm=14",
        "/?q=zielona",
        "/leszno/",
        "/leszno/2024/",
        "/leszno/?topic=sport&alarm=7",
        "/przykladowo/",
        "/zielona-gora/",
        "/warszawa/",
        "/leszno/2023/",
        "/?city=warszawa",
    ]
    _check_every_kind(browser, cities, paths, "telefon-miasta@example.org")


def test_no_page_of_one_harmonogram_scrolls_sideways_on_a_phone(
    browser: Browser, site: Site
) -> None:
    paths = ["/", "/?topic=turystyka", "/?department=mopr&alarm=3", "/?topic=pilka", "/nie-ma"]
    _check_every_kind(browser, site, paths, "telefon@example.org")


def subscribe_hrefs(page: Page) -> dict[str, str]:
    hrefs = {
        name: str(page.locator(f'#kalendarz a[data-subscribe="{name}"]').get_attribute("href"))
        for name in ("google", "outlook", "microsoft365", "apple")
    }
    return hrefs | {
        "https": page.locator("#feed-url").input_value(),
        "name": page.locator("#calendar-name strong").inner_text(),
    }


@pytest.mark.parametrize(
    ("ticked", "topic", "alarm"),
    [
        (["leszno", "zielona-gora"], "sport", "7"),
        ([], "kultura", ""),
    ],
)
def test_the_index_script_builds_the_links_its_plain_form_would(
    browser: Browser, cities: Site, ticked: list[str], topic: str, alarm: str
) -> None:
    live = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    live.goto(cities.url + "/")
    assert not live.locator("#calendar-apply").is_visible()  # the choice applies as it is made
    form = live.locator("form.calendar-choice")
    for city in ticked:
        form.locator(f'input[name="city"][value="{city}"]').check()
    form.locator("#calendar-topic").select_option(topic)
    form.locator("#calendar-alarm").select_option(alarm)
    scripted = subscribe_hrefs(live)
    live.close()

    plain = browser.new_page(viewport=DESKTOP, java_script_enabled=False)  # type: ignore[arg-type]
    plain.goto(cities.url + "/")
    form = plain.locator("form.calendar-choice")
    for city in ticked:
        form.locator(f'input[name="city"][value="{city}"]').check()
    form.locator("#calendar-topic").select_option(topic)
    form.locator("#calendar-alarm").select_option(alarm)
    follow(plain, form.get_by_role("button", name="Utwórz kalendarz z tego wyboru"))
    assert plain.url.split("#")[-1] == "kalendarz"
    assert subscribe_hrefs(plain) == scripted
    plain.close()


@pytest.mark.skipif(
    not AXE.exists(), reason=f"{AXE} missing: run `make test` (npm installs axe-core there)"
)
def test_axe_finds_nothing_serious_on_the_pages_of_several_cities(
    browser: Browser, cities: Site
) -> None:
    """Each page at a phone's and a desktop's width (one load, the window resized)."""
    page = browser.new_page(viewport=PHONE, bypass_csp=True)  # type: ignore[arg-type]
    found = {}
    for path in ("/?city=leszno&topic=sport&alarm=7", "/przykladowo/"):
        page.set_viewport_size(PHONE)  # type: ignore[arg-type]
        page.goto(cities.url + path)
        page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
        for width, viewport in (("390px", PHONE), ("1280px", DESKTOP)):
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            if violations := run_axe(page):
                found[f"{path} {width}"] = violations
    page.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


MARKERS = ".tl-today, .tl-today-tick, .tl-deadline, .tl-deadline-tick"


def overlaps(page: Page) -> list[str]:
    """Each marker (today, a deadline) whose box meets a row's label or dates."""
    found: list[str] = page.evaluate(
        """(markers) => {
          const boxes = (sel) => [...document.querySelectorAll(sel)]
            .map((e) => [e, e.getBoundingClientRect()]).filter(([, r]) => r.height > 0);
          const texts = boxes('.tl-label, .tl-when');
          const out = [];
          for (const [m, r] of boxes(markers)) {
            for (const [t, q] of texts) {
              const x = Math.min(r.right, q.right) - Math.max(r.left, q.left);
              const y = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
              if (x >= 0 && y > 0.5) out.push(`${m.className} over "${t.textContent.trim().slice(0, 40)}"`);
            }
          }
          return out.slice(0, 10);
        }""",
        MARKERS,
    )
    return found


@pytest.mark.parametrize(
    ("viewport", "media"),
    [(DESKTOP, "screen"), (PHONE, "screen"), (DESKTOP, "print")],
    ids=["desktop", "phone", "print"],
)
def test_the_timelines_markers_stay_off_the_row_labels(
    browser: Browser, cities: Site, viewport: dict[str, int], media: str
) -> None:
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    page.emulate_media(media=media)  # type: ignore[arg-type]
    page.goto(cities.url + "/przykladowo/")
    rows = page.locator("details.tl-row").count()
    assert rows > 1
    # Today (1 March) and the call's deadline (24 March) are on the months' row and every track.
    assert page.locator(".tl-months .tl-deadline").count() == 1
    assert page.locator(".tl-deadline-tick").count() == rows
    assert page.locator(".tl-today-tick").count() == rows
    head = page.locator(".tl-months .tl-deadline").bounding_box()
    tick = page.locator(".tl-deadline-tick").last.bounding_box()
    assert head is not None
    assert tick is not None
    assert abs(head["x"] - tick["x"]) <= 1
    assert overlaps(page) == []
    page.close()
