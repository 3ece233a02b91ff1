"""A subscriber who signs up on the Ukrainian page gets every email in Ukrainian: the
confirmation, a reminder, a call alert and a change notice, read from a real SMTP server
(aiosmtpd); the settings page changes the language of the next ones."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from passes import LESZNO_SPORT_CALL, alerts, at, backend, seed_text
from smtp_server import RecordingHandler, smtp_server

from notifier.core.catalog import Catalog
from notifier.core.schedule_toml import parse_schedule
from notifier.core.time import run_moment
from notifier.jobs.alerts_pass import run_alerts_pass
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.settings import Settings, load_settings
from notifier.store.db import Database
from notifier.store.subscribers import find_by_email
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

SIGNED_UP = datetime(2024, 4, 2, 10, tzinfo=UTC)
LINK = re.compile(r"https://konkursy\.example\.pl(/(?:confirm|manage)/[\w-]+\?lang=uk)")


@pytest.fixture
def uk_settings(clean_env: pytest.MonkeyPatch, database_url: str, tmp_path: Path,
                seed_schedule_path: Path) -> Settings:  # fmt: skip
    return load_settings(
        schedule=seed_schedule_path,
        database_url=database_url,
        outbox=tmp_path / "outbox",
        base_url="https://konkursy.example.pl",
    )


def _text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def _html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


async def _sign_up_in_ukrainian(
    settings: Settings, db: Database, port: int, handler: RecordingHandler
) -> str:
    """Sign up from the Ukrainian page, confirm from the email: the settings link (from the
    email, so in Ukrainian: ?lang=uk)."""
    app = create_app(settings, db=db, backend=backend(port), clock=lambda: SIGNED_UP)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        # The Ukrainian page by its link, and no cookie kept (blocked): the form itself
        # carries the page's language (m21), no Accept-Language needed.
        page = await client.get("/?lang=uk")
        assert '<html lang="uk">' in page.text
        action = re.search(
            r'<form method="post" action="([^"]+)" class="subscribe-form"', page.text
        )
        assert action
        client.cookies.clear()
        answer = await client.post(
            html.unescape(action[1]),
            data={"email": "fond@example.org", "topic": ["sport", "seniorzy"], "lead_days": "7"},
        )
        assert answer.status_code == 200, answer.text
        assert "Будь ласка, перевірте свою поштову скриньку" in answer.text
        for _ in range(200):
            if handler.received:
                break
            await asyncio.sleep(0.05)
        (confirmation,) = (r.message for r in handler.received)
        confirm = LINK.findall(_text(confirmation))
        confirm_path = next(p for p in confirm if p.startswith("/confirm/"))
        confirmed = await client.post(confirm_path)
        assert "Підписку підтверджено" in confirmed.text
        return next(p for p in confirm if p.startswith("/manage/"))


async def test_every_email_of_a_ukrainian_subscriber_is_in_ukrainian(
    uk_settings: Settings, db: Database, seed_schedule_path: Path
) -> None:
    seed = seed_text(seed_schedule_path)
    before = parse_schedule(seed)
    called = parse_schedule(seed + LESZNO_SPORT_CALL)
    moved = parse_schedule(
        (seed + LESZNO_SPORT_CALL).replace('period = "Czerwiec 2024"', 'period = "Lipiec 2024"')
    )
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        manage = await _sign_up_in_ukrainian(uk_settings, db, port, handler)
        with db.session() as session:
            subscriber = find_by_email(session, "fond@example.org")
            assert subscriber is not None
            assert subscriber.language == "uk"

        def remind(day: date) -> None:
            run = RunContext(
                uk_settings, db, backend(port), Catalog.single(before), run_moment(day)
            )
            asyncio.run(run_reminder_pass(run))

        await asyncio.to_thread(remind, date(2024, 4, 24))  # Maj 2024 in 7 days: sport
        await asyncio.to_thread(alerts, db, port, uk_settings, before, at(date(2024, 5, 6), 7))
        # m4 (issue 25): `remind --dry-run` listed the call alert with its Polish subject.
        calling = at(date(2024, 5, 6), 9)
        run = RunContext(
            uk_settings, db, backend(port), Catalog.single(called), calling, dry_run=True
        )
        preview = (await run_alerts_pass(run)).format()
        await asyncio.to_thread(alerts, db, port, uk_settings, called, calling)
        await asyncio.to_thread(alerts, db, port, uk_settings, moved, at(date(2024, 5, 10), 9))
    confirmation, reminder, call, change = (r.message for r in handler.received)
    assert f"– „{call['Subject']}”" in preview, preview

    assert confirmation["Subject"].startswith("Будь ласка, підтвердіть підписку на нагадування")
    body = _text(confirmation)
    assert body.startswith("Добрий день!")
    assert "Вибрані теми: Seniorzy, Sport i kultura fizyczna" in body  # the city's labels
    assert "за 7 днів" in body
    assert "за 3 дні" in body
    assert "Посилання дійсне 7 днів." in body
    assert '<html lang="uk">' in _html(confirmation)

    assert reminder["Subject"] == "Незабаром конкурс: Rozwój sportu – II tura"
    body = _text(reminder)
    assert "незабаром планує оголосити відкритий конкурс пропозицій" in body
    assert "Очікуваний термін оголошення: Maj 2024 (1–31 травня 2024)" in body  # as printed
    assert "Ви отримуєте цей лист, тому що підписалися на нагадування про конкурси." in body

    assert (
        call["Subject"]
        == "Оголошено конкурс: Rozwój sportu – II tura – пропозиції до 28 травня 2024"
    )
    body = _text(call)
    assert "Кінцевий термін подання пропозицій: 28 травня 2024 (через 22 дні)" in body
    assert "Сума: 150\u00a0000 зл" in body
    assert "Оголошення: https://bip.example.org/sport-2024" in body

    assert change["Subject"] == "Зміна терміну: Wsparcie seniorów – новий термін: Lipiec 2024"
    body = _text(change)
    assert "«Czerwiec 2024» (1–30 червня 2024) → «Lipiec 2024» (1–31 липня 2024)" in body
    assert "Ми надсилатимемо нагадування відповідно до нового терміну." in body
    for message in (confirmation, reminder, call, change):
        assert message["Content-Language"] == "uk"
        # m6 (issue 25): the List-Unsubscribe link of the reminder had no ?lang=uk.
        header = message["List-Unsubscribe"]
        assert re.fullmatch(r"<https://konkursy\.example\.pl/unsubscribe/[\w-]+\?lang=uk>", header)
        # Every link to our pages leads to them in Ukrainian, the harmonogram page's too (m8).
        ours = re.findall(r"https://konkursy\.example\.pl[^\s\"<>]*", _text(message))
        assert ours, _text(message)
        assert all(re.search(r"[?&]lang=uk(#|$)", url) for url in ours), ours
        assert not re.search(r"Dzień dobry|Państw|Otrzymują", _text(message))

    # The settings page (from the email's link) shows Ukrainian chosen, and changes it.
    app = create_app(uk_settings, db=db, clock=lambda: SIGNED_UP)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        page = (await client.get(manage)).text
        assert '<html lang="uk">' in page
        assert '<option value="uk" lang="uk" selected>Українська</option>' in page
        form = {"topic": ["sport"], "lead_days": "7", "deadline_days": "3", "language": "en"}
        saved = await client.post(manage.split("?")[0], data=form)
        assert saved.status_code == 200
    with db.session() as session:
        subscriber = find_by_email(session, "fond@example.org")
        assert subscriber is not None
        assert subscriber.language == "en"
