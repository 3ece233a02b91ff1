"""The shapes of NOTIFIER_SCHEDULE the contract tests run over, and what a test gets: the
Leszno 2024 file to edit, its own database and outbox, the web app over HTTP on a hand-moved
clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from web_fixtures import write_and_bump

from notifier.files.source import CatalogSource
from notifier.settings import Settings, load_settings
from notifier.web.app import create_app
from notifier.web.state import app_state

BASE_URL = "https://konkursy.example.pl"
ONE_FILE, DIR_OF_ONE, DIR_OF_TWO = "one-file", "dir-of-one", "dir-of-two"
SHAPES = (ONE_FILE, DIR_OF_ONE, DIR_OF_TWO)


# A call for Leszno's sport task, recorded by the tests that need one.
SPORT_CALL = """
[[calls]]
tasks = ["kultura-sport/rozwoj-sportu"]
published = 2024-05-06
url = "https://bip.example.org/sport-2024"
deadline = 2024-05-28
"""


class Clock:
    """The app's clock, moved by hand (aware UTC); starts on 6 May 2024, 10:00 UTC."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Served:
    """One shape of NOTIFIER_SCHEDULE with Leszno 2024 in it, and this test's own database
    and outbox. `schedule` is what NOTIFIER_SCHEDULE names; `leszno` the file to edit."""

    shape: str
    schedule: Path
    leszno: Path
    database_url: str
    outbox: Path
    clock: Clock = field(default_factory=Clock)

    def settings(self) -> Settings:
        return load_settings(
            schedule=self.schedule,
            database_url=self.database_url,
            outbox=self.outbox,
            base_url=BASE_URL,
        )

    def call_subject(self, subject: str) -> str:
        """A call email's subject as sent here: after its city's name where several cities
        are served (blind11 M16), as it was otherwise."""
        return f"Leszno: {subject}" if self.shape == DIR_OF_TWO else subject

    def edit(self, old: str, new: str, *, count: int = 1) -> None:
        """Replace `old` by `new` in the Leszno file (`count` times, or every one with -1),
        saved a second later as an editor would."""
        text = self.leszno.read_text(encoding="utf-8")
        assert old in text, old
        write_and_bump(self.leszno, text.replace(old, new, count))

    def append(self, block: str) -> None:
        """Add `block` (e.g. a [[calls]] block) at the end of the Leszno file."""
        write_and_bump(self.leszno, self.leszno.read_text(encoding="utf-8") + block)

    @asynccontextmanager
    async def client(self) -> AsyncIterator[httpx.AsyncClient]:
        """The web app over HTTP (ASGI), as `notifier web` builds it for NOTIFIER_SCHEDULE,
        except that a request that notices an edit reloads before answering (no thread)."""
        app = create_app(
            self.settings(), catalog_source=CatalogSource(self.schedule), clock=self.clock
        )
        state = app_state(app)
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                c.settle = state.catalog_source.settle  # type: ignore[attr-defined]
                yield c
        finally:
            state.close()
