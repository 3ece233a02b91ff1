"""An event that leaves a feed (its window moved away, its task left the harmonogram) stays
in it as STATUS:CANCELLED with a raised SEQUENCE for CANCELLED_KEPT, then is dropped; read
with the structural checks (icalendar, ical, vobject) and, where installed, imported by khal
as a calendar that imports (not subscribes) would."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import icalendar
import pytest
from fastapi import FastAPI
from ical_checks import check_ics
from web_fixtures import BASE_URL, write_and_bump

from notifier.core.feed_cancelled import CANCELLED_KEPT
from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.state import app_state

JUNE = "2024-mopr-20240601-20240701@leszno.harmonogram-konkursow"
JULY = "2024-mopr-20240701-20240801@leszno.harmonogram-konkursow"
START = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def dated_app(clean_env: pytest.MonkeyPatch, schedule_file: Path, clock: Clock) -> FastAPI:
    database_url = f"sqlite:///{schedule_file.parent / 'subscribers.db'}"
    return create_app(
        load_settings(schedule=schedule_file, base_url=BASE_URL, database_url=database_url),
        catalog_source=CatalogSource(schedule_file),
        clock=clock,
    )


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def events(body: bytes) -> dict[str, icalendar.Event]:
    check_ics(body)
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
async def served(dated_app: FastAPI, schedule_file: Path, clock: Clock) -> dict[str, bytes]:
    """The feeds before and after the June window of "Wsparcie seniorów" moved to July,
    and the whole calendar on the last day the cancelled event is kept and the day after."""
    transport = httpx.ASGITransport(app=dated_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        out = {"before": (await client.get("/calendar.ics")).content}
        text = read(schedule_file).replace('period = "Czerwiec 2024"', 'period = "Lipiec 2024"', 1)
        write_and_bump(schedule_file, text)
        app_state(dated_app).catalog_source.settle()
        for name, path in (
            ("after", "/calendar.ics"),
            ("seniors", "/topics/seniorzy.ics"),
            ("sport", "/topics/sport.ics"),
            ("en", "/calendar.ics?lang=en"),
            ("uk", "/calendar.ics?lang=uk"),
        ):
            out[name] = (await client.get(path)).content
        clock.now = START + CANCELLED_KEPT - timedelta(days=1)
        out["last_day"] = (await client.get("/calendar.ics")).content
        clock.now = START + CANCELLED_KEPT
        out["dropped"] = (await client.get("/calendar.ics")).content
    return out


@pytest.mark.anyio
async def test_a_moved_window_is_cancelled_for_a_while_then_dropped(
    served: dict[str, bytes],
) -> None:
    june = events(served["before"])[JUNE]
    assert str(june["STATUS"]) == "TENTATIVE"
    after = events(served["after"])
    cancelled = after[JUNE]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == int(june["SEQUENCE"]) + 1
    assert str(cancelled["SUMMARY"]) == "Termin zmieniony: Wsparcie seniorów"
    assert "→ „Lipiec 2024”" in str(cancelled["DESCRIPTION"])
    assert (cancelled.decoded("DTSTART"), cancelled.decoded("DTEND")) == (
        june.decoded("DTSTART"),
        june.decoded("DTEND"),
    )
    assert str(after[JULY]["STATUS"]) == "TENTATIVE"
    assert JUNE in events(served["seniors"])  # in the feeds it was in
    assert JUNE not in events(served["sport"])
    assert str(events(served["last_day"])[JUNE]["STATUS"]) == "CANCELLED"
    dropped = events(served["dropped"])
    assert JUNE not in dropped
    assert JULY in dropped


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Date changed: Wsparcie seniorów"), ("uk", "Термін змінено: Wsparcie seniorów")],
)
async def test_a_moved_window_is_titled_as_moved_in_every_language(
    served: dict[str, bytes], language: str, title: str
) -> None:
    """M22: a window that moved is not called off ("Odwołane"); its old date is cancelled
    (STATUS:CANCELLED: this occurrence will not take place) under a title saying it moved."""
    cancelled = events(served[language])[JUNE]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == title


@pytest.mark.anyio
async def test_a_task_that_left_the_harmonogram_is_titled_as_removed(
    dated_app: FastAPI, schedule_file: Path
) -> None:
    """A task taken out of the file is neither "moved" nor "called off": it left the
    harmonogram, and the cancelled event says so, in every language."""
    transport = httpx.ASGITransport(app=dated_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        await client.get("/calendar.ics")
        text = read(schedule_file)
        start = text.index('[[departments.tasks]]\n  id = "wsparcie-seniorow"')
        end = text.index("[[departments.tasks]]", start + 1)
        write_and_bump(schedule_file, text[:start] + text[end:])
        app_state(dated_app).catalog_source.settle()
        shown = {}
        for language in ("pl", "en", "uk"):
            body = (await client.get(f"/calendar.ics?lang={language}")).content
            shown[language] = str(events(body)[JUNE]["SUMMARY"])
            assert str(events(body)[JUNE]["STATUS"]) == "CANCELLED"
    assert shown == {
        "pl": "Usunięte z harmonogramu: Wsparcie seniorów",
        "en": "Removed from the schedule: Wsparcie seniorów",
        "uk": "Вилучено з графіка: Wsparcie seniorów",
    }


@pytest.mark.anyio
async def test_khal_importing_the_feed_again_marks_the_event_cancelled(
    served: dict[str, bytes], tmp_path: Path
) -> None:
    """khal imports (as calcurse and Evolution's one-off import do): importing the feed
    again must mark the same event cancelled, not keep a stale copy."""
    if shutil.which("khal") is None:
        pytest.skip("khal is not installed (make test installs Debian's khal)")
    khal_imports(tmp_path, served["before"], served["after"])


def khal_imports(tmp_path: Path, before: bytes, after: bytes) -> None:
    """khal shows the event, then, with the feed imported again, the same event cancelled."""
    home = tmp_path / "khal"
    (home / "cal").mkdir(parents=True)
    config = home / "config"
    config.write_text(
        f"[calendars]\n[[konkursy]]\npath = {home / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n",
        encoding="utf-8",
    )

    def khal(*args: str) -> str:
        env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
        done = subprocess.run(
            ["khal", "-c", str(config), *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=60,
        )
        return done.stdout

    for number, body in enumerate((before, after)):
        feed = home / f"feed{number}.ics"
        feed.write_bytes(body)
        khal("import", "--batch", "-a", "konkursy", str(feed))
        shown = khal("list", "--format", "{cancelled}{title}", "2024-06-01", "2024-06-02")
        seniors = sorted({line.strip() for line in shown.splitlines() if "seniorów" in line})
        if number == 0:
            assert seniors == ["Wsparcie seniorów"], shown
        else:
            assert seniors == ["CANCELLED Termin zmieniony: Wsparcie seniorów"], shown
