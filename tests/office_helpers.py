"""The office area under test: the real app over HTTP, a Maildir outbox, a settable clock,
and signing in through the emailed link as a person would. Imported by plain name."""

from __future__ import annotations

import mailbox
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
from browser_fixtures import maildir_ready
from fastapi import FastAPI
from new_database import new_sqlite

from notifier.files.source import CatalogSource
from notifier.mail.transports import OutboxBackend
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.office.signin import settle_signin_emails

BASE_URL = "https://konkursy.example.pl"
LESZNO_OFFICE = "pelnomocnik-ngo@example.org"
_CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
_LINK = re.compile(r"https://konkursy\.example\.pl(/biuro/wejscie/[A-Za-z0-9_-]+)")


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class OfficeSite:
    """The app, a browser-like client (cookies, https), its outbox and its clock."""

    app: FastAPI
    client: httpx.AsyncClient
    outbox: Path
    clock: Clock
    schedule: Path
    seen_links: set[str] = field(default_factory=set)

    def emails(self) -> list[EmailMessage]:
        """Every email written to the outbox so far."""
        if not maildir_ready(self.outbox):
            return []
        box = mailbox.Maildir(self.outbox, create=False)
        return [message_from_bytes(bytes(m), policy=policy.default) for m in box]  # type: ignore[misc]

    async def csrf(self, path: str = "/biuro/") -> str:
        """The CSRF token of the form on the page at `path`."""
        page = await self.client.get(path, follow_redirects=True)
        found = _CSRF.search(page.text)
        assert found, page.text
        return found.group(1)

    async def ask_link(self, email: str) -> httpx.Response:
        """Post the sign-in form for `email` and wait until its email (if any) is written."""
        token = await self.csrf()
        answer = await self.client.post("/biuro/wejscie", data={"email": email, "csrf": token})
        await settle_signin_emails()
        return answer

    def last_link(self) -> str:
        """The path of the newest sign-in link in the outbox (one not returned before)."""
        links = []
        for message in self.emails():
            found = _LINK.search(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
            if found and found.group(1) not in self.seen_links:
                links.append(found.group(1))
        assert len(links) == 1, f"expected one new sign-in link, found {len(links)}"
        self.seen_links.add(links[0])
        return links[0]

    async def open_link(self, link: str) -> httpx.Response:
        """Open the emailed link and press its button (a GET, then the POST)."""
        page = await self.client.get(link)
        assert page.status_code == 200, page.text
        found = _CSRF.search(page.text)
        assert found
        return await self.client.post(link, data={"csrf": found.group(1)})

    async def sign_in(self, email: str = LESZNO_OFFICE) -> None:
        """The whole sign-in: ask for the link, open it, press the button."""
        await self.ask_link(email)
        answer = await self.open_link(self.last_link())
        assert answer.status_code == 303, answer.text


@asynccontextmanager
async def office_site(
    schedule: Path, tmp_path: Path, now: datetime = datetime(2024, 5, 10, 8, 0, tzinfo=UTC)
) -> AsyncIterator[OfficeSite]:
    """The app over `schedule` (a file or a directory) with its own database and outbox."""
    settings = load_settings(
        schedule=schedule,
        base_url=BASE_URL,
        database_url=new_sqlite(tmp_path / "office.db"),
        outbox=tmp_path / "outbox",
    )
    clock = Clock(now)
    app = create_app(
        settings,
        catalog_source=CatalogSource(schedule),
        backend=OutboxBackend(tmp_path / "outbox"),
        clock=clock,
    )
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="https://test") as client,
    ):
        yield OfficeSite(app, client, tmp_path / "outbox", clock, schedule)
