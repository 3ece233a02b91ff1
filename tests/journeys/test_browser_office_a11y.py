"""The office area's pages pass axe-core and fit a 390 px phone without sideways scrolling:
the sign-in form (also with an error), the emailed link's page, the choice of city, a city's
and a year's page, a call's form, a call shown back, a call's page, the conflict of two
editors, the audit log, the import form and an imported draft — in Chromium."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_fixtures import (
    AXE,
    DESKTOP,
    MID_2024,
    PHONE,
    Site,
    follow,
    needs_chromium,
    run_axe,
    serving,
)
from playwright.sync_api import Browser, Page

pytestmark = [
    pytest.mark.browser,
    needs_chromium,
    pytest.mark.skipif(
        not AXE.exists(), reason=f"{AXE} missing: run `make test` (npm installs axe-core there)"
    ),
]
OFFICE = "pelnomocnik-ngo@example.org"
SPORT = "kultura-sport/rozwoj-sportu"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIXTURES = Path(__file__).resolve().parent.parent / "documents" / "fixtures"


@pytest.fixture(scope="module")
def office_site(
    tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path
) -> Iterator[Site]:
    """Leszno 2024 and Przykładowo 2025, whose [office] staff names Leszno's office too."""
    tmp = tmp_path_factory.mktemp("office-a11y")
    for city in ("leszno", "przykladowo"):
        (tmp / "harmonogramy" / city).mkdir(parents=True)
    shutil.copyfile(seed_schedule_path, tmp / "harmonogramy" / "leszno" / "2024.toml")
    other = (EXAMPLES / "przykladowo-2025.toml").read_text(encoding="utf-8")
    other = other.replace(
        'email = "ngo@przykladowo.example.pl"',
        f'email = "ngo@przykladowo.example.pl"\nstaff = ["{OFFICE}"]',
    )
    (tmp / "harmonogramy" / "przykladowo" / "2025.toml").write_text(other, encoding="utf-8")
    with serving(tmp, tmp / "harmonogramy", clock=lambda: MID_2024) as running:
        yield running


def _check(page: Page, name: str, found: dict[str, Any]) -> None:
    """axe at a phone's and a desktop's width, and no sideways scrolling on the phone."""
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if wide > 0:
        found[f"{name} 390px"] = f"scrolls sideways by {wide} px"
    for width, viewport in (("390px", PHONE), ("1280px", DESKTOP)):
        page.set_viewport_size(viewport)  # type: ignore[arg-type]
        violations = run_axe(page)
        if violations:
            found[f"{name} {width}"] = violations


def test_axe_finds_nothing_serious_on_any_office_page(browser: Browser, office_site: Site) -> None:
    # The pages' Content-Security-Policy admits only their own scripts: let axe's in.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # type: ignore[arg-type]
    page = context.new_page()
    found: dict[str, Any] = {}
    url = office_site.url
    page.goto(f"{url}/biuro/")
    _check(page, "sign-in form", found)
    page.fill("#signin-email", "to nie jest adres")
    page.evaluate("document.querySelector('#signin-email').type = 'text'")
    follow(page, "button:has-text('Wyślij link do logowania')")
    _check(page, "sign-in form with an error", found)
    page.fill("#signin-email", OFFICE)
    follow(page, "button:has-text('Wyślij link do logowania')")
    _check(page, "link sent", found)
    page.goto(url + office_site.link(office_site.mail_to(OFFICE), "biuro/wejscie"))
    _check(page, "link page", found)
    follow(page, "button:has-text('Zaloguj się')")
    assert "Wybór miasta" in page.content()
    _check(page, "city choice", found)
    page.goto(f"{url}/biuro/leszno/")
    _check(page, "city page", found)
    page.goto(f"{url}/biuro/leszno/2024/")
    _check(page, "year page", found)
    follow(page, "a:has-text('Zapisz nowe ogłoszenie')")
    _check(page, "new call form", found)
    page.check(f"input[name=task][value='{SPORT}']")
    page.fill("#call-published", "2024-05-06")
    page.fill("#call-deadline", "2024-05-08")  # too short: the 21-day warning
    page.fill("#call-url", "https://bip.example.org/ogloszenie-sport")
    follow(page, "button:has-text('Podgląd przed zapisaniem')")
    _check(page, "call shown back", found)
    follow(page, "button:has-text('Zapisz')")
    follow(page, "a:has-text('Ogłoszono 6 maja 2024')")
    _check(page, "call page", found)
    # A second tab saves results meanwhile: this tab's results are then a conflict.
    other = context.new_page()
    other.goto(page.url)
    other.fill("#results-date", "2024-05-13")  # no later than today (15 May)
    other.fill("#results-url", "https://bip.example.org/wyniki-sport")
    follow(other, "button:has-text('Zapisz wyniki')")
    other.close()
    page.fill("#results-date", "2024-05-14")
    page.fill("#results-url", "https://bip.example.org/wyniki-inne")
    follow(page, "button:has-text('Zapisz wyniki')")
    assert "Zapisz mimo" in page.content()
    _check(page, "conflict page", found)
    page.goto(f"{url}/biuro/leszno/dziennik")
    _check(page, "audit log", found)
    page.goto(f"{url}/biuro/leszno/import")
    _check(page, "import form", found)
    page.fill("#import-year", "2025")
    page.set_input_files("#import-document", str(FIXTURES / "leszno-2024.xlsx"))
    follow(page, "button:has-text('Wczytaj szkic')")
    assert "Szkic harmonogramu Leszno 2025" in page.content()
    page.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
    _check(page, "import draft", found)
    context.close()
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
