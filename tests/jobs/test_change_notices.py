"""Change notices are net (issue 25, F19): a harmonogram file read half-written by a process
(a valid TOML cut before its last task, the whole file a few seconds later) leaves nothing
once the whole file is read — no cancelled event, no "Usunięte z harmonogramu" Atom entry, no
window_changes row, no "Zmiana terminu" email; a task that really leaves is told once.

Real components: the files read by CatalogSource's scan, the app over HTTP recording the
windows as a feed request does, the alerts pass against aiosmtpd, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import httpx
from fastapi import FastAPI
from passes import alerts, at, subscribe
from smtp_server import RecordingHandler, smtp_server
from sqlalchemy import func, select
from web_fixtures import write_and_bump

from notifier.core.schedule import Schedule
from notifier.files.source import CatalogSource
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import SENT, WindowChange
from notifier.web.app import create_app

SENIORS_ID = "wsparcie-seniorow"
BEFORE_JUNE = at(date(2024, 5, 10), 9)


def half_of(text: str) -> str:
    """The file cut before the seniors' task: still valid TOML, its task and everything after
    it simply missing, as an editor's or scp's first write leaves it."""
    at_task = text.index(f'id = "{SENIORS_ID}"')
    return text[: text.rindex("[[departments.tasks]]", 0, at_task)]


def without_seniors(text: str) -> str:
    """The file with the seniors' task taken out for good."""
    start = text.index(f'  [[departments.tasks]]\n  id = "{SENIORS_ID}"')
    end = text.index("  [[departments.tasks]]", start + 10)
    return text[:start] + text[end:]


def get(app: FastAPI, path: str) -> str:
    """One request to the app over HTTP (ASGI), as a calendar app or a news reader polls."""

    async def one() -> str:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answer = await client.get(path)
            assert answer.status_code == 200
            return answer.text

    return asyncio.run(one())


def serving(settings: Settings, db: Database, path: Path) -> FastAPI:
    """The app over `path`, taking every edit at once (a process whose settle interval has
    passed, or one started between the two writes): the worst case the net rule covers."""
    return create_app(
        settings, catalog_source=CatalogSource(path), db=db, clock=lambda: BEFORE_JUNE
    )


def read(path: Path) -> Schedule:
    """The harmonogram as a pass reads the file now (CatalogSource's scan)."""
    return CatalogSource(path).snapshot().catalog.first


def changes(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(WindowChange)).scalar_one())


def test_a_file_read_half_then_whole_leaves_no_notice(
    db: Database, settings: Settings, schedule_file: Path
) -> None:
    text = schedule_file.read_text(encoding="utf-8")
    subscribe(db, read(schedule_file), "seniorzy@example.org", ["seniorzy"], [7])
    app = serving(settings, db, schedule_file)
    assert "CANCELLED" not in get(app, "/calendar.ics")  # the windows as subscribers know them
    write_and_bump(schedule_file, half_of(text))  # the editor's first write, read at once
    assert "STATUS:CANCELLED" in get(app, "/calendar.ics")
    assert "Usunięte z harmonogramu" in get(app, "/feed.atom")
    assert changes(db) > 1
    write_and_bump(schedule_file, text)  # the whole file, a few seconds later
    calendar, atom = get(app, "/calendar.ics"), get(app, "/feed.atom")
    assert "CANCELLED" not in calendar
    assert "Usunięte z harmonogramu" not in atom
    assert changes(db) == 0
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        report = alerts(db, port, settings, read(schedule_file), at(date(2024, 5, 10), 9, 15))
    assert report.counts == {}
    assert handler.received == []


def test_a_task_really_removed_is_told_once_and_its_return_is_no_notice(
    db: Database, settings: Settings, schedule_file: Path
) -> None:
    text = schedule_file.read_text(encoding="utf-8")
    subscribe(db, read(schedule_file), "seniorzy@example.org", ["seniorzy"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        assert alerts(db, port, settings, read(schedule_file), BEFORE_JUNE).counts == {}
        write_and_bump(schedule_file, without_seniors(text))
        app = serving(settings, db, schedule_file)
        assert "Usunięte z harmonogramu" in get(app, "/feed.atom")
        half = read(schedule_file)
        assert alerts(db, port, settings, half, at(date(2024, 5, 10), 9, 15)).count(SENT) == 1
        assert alerts(db, port, settings, half, at(date(2024, 5, 10), 9, 30)).counts == {}
        # Told: putting it back is a task like a new one (no notice), and the told removal stays.
        write_and_bump(schedule_file, text)
        assert (
            alerts(db, port, settings, read(schedule_file), at(date(2024, 5, 10), 9, 45)).counts
            == {}
        )
    (message,) = (r.message for r in handler.received)
    assert "usunięte z harmonogramu" in message["Subject"]
    assert changes(db) == 1


def test_two_moves_before_the_notice_are_one_notice_from_the_first_window(
    db: Database, settings: Settings, schedule_file: Path
) -> None:
    text = schedule_file.read_text(encoding="utf-8")
    assert text.count('period = "Czerwiec 2024"') == 1
    subscribe(db, read(schedule_file), "seniorzy@example.org", ["seniorzy"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        assert alerts(db, port, settings, read(schedule_file), BEFORE_JUNE).counts == {}
        app = serving(settings, db, schedule_file)
        for period in ("Lipiec 2024", "Sierpień 2024"):
            write_and_bump(schedule_file, text.replace("Czerwiec 2024", period))
            get(app, "/feed.atom")
        assert changes(db) == 1
        moved = read(schedule_file)
        assert alerts(db, port, settings, moved, at(date(2024, 5, 10), 9, 15)).count(SENT) == 1
    (message,) = (r.message for r in handler.received)
    assert message["Subject"] == "Zmiana terminu: Wsparcie seniorów – nowy termin: Sierpień 2024"
    body = message.get_body(("plain",)).get_content()
    assert "„Czerwiec 2024” (1 czerwca – 30 czerwca 2024) → „Sierpień 2024”" in body
