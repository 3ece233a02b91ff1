"""The office's journey in headless Chromium on a real server: sign in through the emailed
link, record a call (shown back, then saved), see it in /calendar.ics and the audit log,
record its results, import next year's harmonogram from an XLSX, sign out — on a
phone-sized screen, with JavaScript off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_fixtures import MID_2024, PHONE, Site, follow, needs_chromium, serving
from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, needs_chromium]
OFFICE = "pelnomocnik-ngo@example.org"
SPORT = "kultura-sport/rozwoj-sportu"
FIXTURES = Path(__file__).resolve().parent.parent / "documents" / "fixtures"


@pytest.fixture(scope="module")
def office_site(
    tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path
) -> Iterator[Site]:
    """A directory with the shipped harmonogram (leszno/2024.toml) served as on 15 May 2024,
    with its own database and outbox."""
    tmp = tmp_path_factory.mktemp("office")
    (tmp / "harmonogramy" / "leszno").mkdir(parents=True)
    shutil.copyfile(seed_schedule_path, tmp / "harmonogramy" / "leszno" / "2024.toml")
    with serving(tmp, tmp / "harmonogramy", clock=lambda: MID_2024) as running:
        yield running


def test_the_office_signs_in_records_a_call_and_sees_it_in_the_calendar(
    browser: Browser, office_site: Site
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{office_site.url}/biuro/")
    page.fill("#signin-email", OFFICE)
    follow(page, "button:has-text('Wyślij link do logowania')")
    assert "Prosimy sprawdzić skrzynkę" in page.content()
    link = office_site.link(office_site.mail_to(OFFICE), "biuro/wejscie")
    page.goto(f"{office_site.url}{link}")
    follow(page, "button:has-text('Zaloguj się')")
    assert page.url.endswith("/biuro/leszno/")
    assert f"Zalogowano jako {OFFICE}" in page.content()
    follow(page, "a:has-text('2024')")
    follow(page, "a:has-text('Zapisz nowe ogłoszenie')")
    page.check(f"input[name=task][value='{SPORT}']")
    page.fill("#call-published", "2024-04-15")
    page.fill("#call-deadline", "2024-05-06T15:30")
    page.fill("#call-url", "https://bip.example.org/ogloszenie-sport")
    page.fill("#call-amount", "150 000")
    follow(page, "button:has-text('Podgląd przed zapisaniem')")
    assert "Ogłoszono 15 kwietnia 2024 — oferty do 6 maja 2024, godz. 15:30" in page.content()
    follow(page, "button:has-text('Zapisz')")
    assert "Zapisano." in page.content()
    calendar = context.request.get(f"{office_site.url}/calendar.ics").text().replace("\r\n ", "")
    assert "STATUS:CONFIRMED" in calendar
    assert "URL:https://bip.example.org/ogloszenie-sport" in calendar
    assert "SUMMARY:Termin składania ofert: " in calendar  # the call's deadline event
    assert "TZID=Europe/Warsaw:20240506T15" in calendar  # at the hour given
    follow(page, "a:has-text('Dziennik zmian')")
    assert "nowe ogłoszenie" in page.content()
    assert OFFICE in page.content()
    page.go_back()
    follow(page, "a:has-text('Ogłoszono 15 kwietnia 2024')")
    # Results are recorded once announced: the day before this server's today (15 May).
    page.fill("#results-date", "2024-05-14")
    page.fill("#results-url", "https://bip.example.org/wyniki-sport")
    follow(page, "button:has-text('Zapisz wyniki')")
    assert "Wyniki: 2024-05-14" in page.content()
    page.goto(f"{office_site.url}/biuro/leszno/import")
    page.fill("#import-year", "2025")
    page.set_input_files("#import-document", str(FIXTURES / "leszno-2024.xlsx"))
    follow(page, "button:has-text('Wczytaj szkic')")
    assert "Szkic harmonogramu Leszno 2025" in page.content()
    # Leszno's 2024 document saved as 2025: the draft asks to confirm it is the right one
    assert "Uwaga – czy to właściwy dokument?" in page.content()
    page.check("#draft-confirm")
    follow(page, "button:has-text('Zapisz jako harmonogram 2025')")
    assert page.url.endswith("/biuro/leszno/2025/")
    assert "Zapisano." in page.content()
    left = follow(page, "button:has-text('Wyloguj')")
    assert left is not None, "no answer"
    assert left.status == 200, (left.status, left.text())
    assert "Wylogowano" in page.content()
    page.goto(f"{office_site.url}/biuro/leszno/")
    assert page.url.endswith("/biuro/")  # signed out: back to the sign-in form
    context.close()
