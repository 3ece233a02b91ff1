"""The sign-up flows under test (tests/web/subscribe): the real app over ASGI with a settable
clock and a recording SMTP server, and the helpers that read its emails. Imported by plain name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import httpx
from fastapi import FastAPI
from office_helpers import Clock
from smtp_server import RecordingHandler

from notifier.jobs.signup import settle_sends
from notifier.settings import Settings, load_settings
from notifier.store.db import Database
from notifier.store.subscribers import find_by_email

BASE_URL = "https://konkursy.example.pl"
# the settings page's two selects, which its form always sends (a POST without them changes nothing)
SELECTS = {"deadline_days": "3", "language": "pl"}


START = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)


@dataclass
class Site:
    app: FastAPI
    client: httpx.AsyncClient
    db: Database
    smtp: RecordingHandler
    clock: Clock
    settings: Settings

    def sent(self) -> list[EmailMessage]:
        return [r.message for r in self.smtp.received]

    def subscriber_state(self, email: str) -> str | None:
        with self.db.session() as session:
            subscriber = find_by_email(session, email)
            return subscriber.state if subscriber is not None else None


def make_settings(seed_schedule_path: Path, **overrides: object) -> Settings:
    return load_settings(schedule=seed_schedule_path, base_url=BASE_URL, **overrides)


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage, kind: str) -> str:
    match = re.search(rf"{re.escape(BASE_URL)}/{kind}/[A-Za-z0-9_-]+", text_of(message))
    assert match, f"no /{kind}/ link in:\n{text_of(message)}"
    return match.group(0)


def path_of(url: str) -> str:
    return url.removeprefix(BASE_URL)


def one_click_url(message: EmailMessage) -> str:
    header = message["List-Unsubscribe"]
    match = re.fullmatch(r"<(https://[^>]+)>", header)
    assert match, header
    return match.group(1)


async def subscribe(site: Site, **form: object) -> httpx.Response:
    data = {"email": "biuro@fundacja.example.org", "topic": ["sport"], "lead_days": ["7"]} | form
    response = await site.client.post("/subscribe", data=data)
    await settle_sends()  # the email is sent in a task of its own: let it be recorded
    return response


async def stored_topics(site: Site, email: str) -> frozenset[str] | None:
    with site.db.session() as session:
        subscriber = find_by_email(session, email)
        assert subscriber is not None
        return subscriber.topic_slugs


async def confirmed_manage_path(site: Site) -> str:
    await subscribe(site)
    confirmed = await site.client.post(path_of(link_in(site.sent()[0], "confirm")))
    match = re.search(r'href="(/manage/[A-Za-z0-9_-]+)"', confirmed.text.replace(BASE_URL, ""))
    assert match
    return match.group(1)
