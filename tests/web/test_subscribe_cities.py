"""With a directory of harmonograms, the sign-up emails and the settings page name the cities
the person chose (every city only when they chose all, or none)."""

from __future__ import annotations

import mailbox
import re
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import BASE_URL, MARCH_2025
from fastapi import FastAPI
from smtp_server import BusyHandler, smtp_server

from notifier.files.source import CatalogSource
from notifier.jobs.run_context import RunContext
from notifier.jobs.signup import settle_sends
from notifier.jobs.signup_retry import retry_signup_emails
from notifier.mail.smtp import SmtpBackend
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

EVERY_CITY = "Leszno, Przykładowo, Zielona Góra"
TITLE = "Harmonogramy ogłaszania otwartych konkursów ofert"
FORM = {"topic": "sport", "lead_days": "7", "deadline_days": "3"}


def _outbox(app: FastAPI) -> dict[str, EmailMessage]:
    """The outbox's emails by recipient."""
    path = Path(app_state(app).settings.outbox)
    mails = [
        message_from_bytes(m.as_bytes(), policy=policy.default)
        for m in mailbox.Maildir(path, create=False)
    ]
    return {str(m["To"]): m for m in mails}  # type: ignore[misc]


def _text(message: EmailMessage) -> str:
    return " ".join(message.get_body(("plain",)).get_content().split())  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("cities", "named"),
    [
        (["zielona-gora"], "Zielona Góra"),
        (["zielona-gora", "leszno"], "Leszno, Zielona Góra"),
        ([], EVERY_CITY),  # none chosen: every city
        (["leszno", "przykladowo", "zielona-gora"], EVERY_CITY),
    ],
)
async def test_the_confirmation_names_the_chosen_cities(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, cities: list[str], named: str
) -> None:
    address = "nowa@fundacja.example.pl"
    sent = await catalog_client.post("/subscribe", data=FORM | {"email": address, "city": cities})
    await settle_sends()
    assert sent.status_code == 200
    mail = _outbox(catalog_app)[address]
    assert mail["Subject"] == (
        f"Prosimy potwierdzić zapis na przypomnienia o konkursach ofert – {named}"
    )
    assert f"o otwartych konkursach ofert ({TITLE}, {named})." in _text(mail)
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert f"({TITLE}, {named})" in html


async def test_the_settings_page_says_which_cities(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient
) -> None:
    data = FORM | {"email": "nowa@fundacja.example.pl", "city": "zielona-gora"}
    await catalog_client.post("/subscribe", data=data)
    await catalog_client.post("/subscribe", data=FORM | {"email": "b@example.org"})
    await settle_sends()
    mails = _outbox(catalog_app)

    async def summary(address: str) -> str:
        manage = re.search(rf"{BASE_URL}(/manage/\S+)", _text(mails[address]))
        assert manage is not None
        page = (await catalog_client.get(manage.group(1))).text
        found = re.search(r"<p>Teraz: (.*?)</p>", page, re.DOTALL)
        assert found is not None
        return found.group(1)

    assert (await summary("nowa@fundacja.example.pl")).startswith(
        "miasto: Zielona Góra; Sport i kultura fizyczna; przypomnienie 7 dni"
    )
    assert (await summary("b@example.org")).startswith("wszystkie miasta; Sport")


async def test_a_retried_confirmation_names_the_chosen_city_too(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, tmp_path: Path
) -> None:
    """The worker's retry (after the mail server was busy) writes the same email."""
    settings = load_settings(
        schedule=catalog_dir,
        base_url=BASE_URL,
        database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
    )
    handler = BusyHandler(failures=1)
    with smtp_server(handler) as (_, port):
        backend = SmtpBackend(host="127.0.0.1", port=port, attempts=1, timeout=30)
        source = CatalogSource(catalog_dir)
        app = create_app(settings, catalog_source=source, backend=backend, clock=lambda: MARCH_2025)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            data = FORM | {"email": "nowa@fundacja.example.pl", "city": "zielona-gora"}
            assert (await client.post("/subscribe", data=data)).status_code == 200
            await settle_sends()
        assert handler.received == []  # the first try met a busy server
        later = MARCH_2025 + timedelta(minutes=20)
        state = app_state(app)
        catalog = source.snapshot().catalog
        run = RunContext.over(catalog, settings, state.database(), backend, lambda: later)
        assert await retry_signup_emails(run) == 1
        state.close()
    [mail] = [r.message for r in handler.received]
    assert mail["Subject"].endswith("– Zielona Góra")
    assert f"({TITLE}, Zielona Góra)" in _text(mail)


async def test_a_city_whose_file_is_away_stays_chosen_on_the_settings_page(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path, tmp_path: Path
) -> None:
    """While a city's files are away (moved, or not validating), a subscriber of that city
    sees it named on the settings page (not "wszystkie miasta"), and saving other settings
    keeps it: nobody chose to drop it."""
    address = "leszno@fundacja.example.pl"
    await catalog_client.post("/subscribe", data=FORM | {"email": address, "city": "leszno"})
    await settle_sends()
    manage = re.search(rf"{BASE_URL}(/manage/\S+)", _text(_outbox(catalog_app)[address]))
    assert manage is not None
    away = tmp_path / "away"
    (catalog_dir / "leszno").rename(away)
    app_state(catalog_app).catalog_source.settle()
    page = (await catalog_client.get(manage.group(1))).text
    assert "<p>Teraz: miasto: leszno; Sport" in page
    data = FORM | {"cities_offered": "1", "lead_days": "14", "language": "pl"}
    saved = await catalog_client.post(manage.group(1), data=data)
    assert saved.status_code == 200
    assert "<p>Teraz: miasto: leszno; Sport i kultura fizyczna; przypomnienie 14 dni" in saved.text
    away.rename(catalog_dir / "leszno")
    app_state(catalog_app).catalog_source.settle()
    page = (await catalog_client.get(manage.group(1))).text
    assert "<p>Teraz: miasto: Leszno; Sport" in page
