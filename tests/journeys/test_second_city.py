"""A second city written entirely in deadlines ("do 20 marca 2025 roku"): it loads, renders
(feed, page, /api/tasks, CSV, `notifier export`) and reminds (a pass against aiosmtpd)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from ical_checks import assert_golden, check_ics
from passes import backend as smtp_backend
from smtp_server import RecordingHandler, smtp_server

from notifier.cli.main import main
from notifier.core.catalog import Catalog
from notifier.core.feed import render_calendar
from notifier.core.preferences import parse_preferences
from notifier.core.schedule import Mode, Schedule
from notifier.core.spans import PeriodKind
from notifier.core.time import run_moment
from notifier.files.reading import load_schedule
from notifier.jobs.reminder_pass import run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.settings import Settings, load_settings
from notifier.store.db import Database
from notifier.store.subscribers import add_active
from notifier.web.app import create_app

BASE_URL = "https://konkursy.przykladowo.example.pl"
AS_OF = date(2025, 1, 20)


@pytest.fixture(scope="module")
def path(examples_dir: Path) -> Path:
    return examples_dir / "przykladowo-2025.toml"


@pytest.fixture(scope="module")
def city(path: Path) -> Schedule:
    return load_schedule(path)


def test_every_task_is_a_deadline_window_from_as_of(city: Schedule) -> None:
    deadlines = {
        "kultura/festiwale": date(2025, 3, 20),
        "kultura/edukacja-kulturalna": date(2025, 3, 20),
        "sport/szkolenie": date(2025, 4, 15),
        "sport/imprezy": date(2025, 4, 24),
        "pomoc-spoleczna/noclegownie": date(2025, 5, 30),
        "pomoc-spoleczna/teleopieka": date(2025, 6, 30),
        "srodowisko/edukacja-ekologiczna": date(2025, 10, 10),
    }
    for task in city.tasks():
        assert task.period.kind == PeriodKind.DEADLINE
        (window,) = task.windows
        assert (window.start, window.last_day) == (AS_OF, deadlines.pop(task.key))
    assert deadlines == {}


def test_the_optional_fields_are_read(city: Schedule) -> None:
    festiwale = city.task("kultura/festiwale")
    assert festiwale is not None
    assert festiwale.mode == Mode.WSPARCIE
    assert festiwale.amount == 1_200_000
    assert festiwale.contact is not None
    assert festiwale.contact.describe() == (
        "Anna Nowak, a.nowak@przykladowo.example.pl, tel. 61 000 10 20"
    )
    noclegownie = city.task("pomoc-spoleczna/noclegownie")
    assert noclegownie is not None
    assert noclegownie.realization is not None
    assert noclegownie.realization.kind == PeriodKind.YEARS
    assert city.task("sport/imprezy").period.note == "przypis „**” w druku"  # type: ignore[union-attr]
    assert city.announcements_url == "https://bip.przykladowo.example.pl/ogloszenia-konkursy"
    assert str(city.planned_amount) == "8025000.5"


def test_feed_matches_its_golden_file_and_says_najpozniej_do(
    city: Schedule, examples_dir: Path
) -> None:
    data = render_calendar(city, base_url=BASE_URL)
    events = check_ics(data)
    assert len(events) == 6  # the two culture tasks share one deadline
    assert_golden(examples_dir / "przykladowo-2025.ics", data)
    culture = next(e for e in events.values() if "kultura" in e.uid)
    assert (
        culture.summary
        == "Festiwale i przeglądy artystyczne i edukacja kulturalna dzieci i młodzieży"
    )
    assert "Termin według harmonogramu: najpóźniej do 20 marca 2025." in culture.description
    assert "Planowana kwota: 1\u00a0200\u00a0000 zł" in culture.description
    assert "Tryb: wsparcie realizacji zadania" in culture.description
    assert "Realizacja: od 1 maja do 31 grudnia 2025 r." in culture.description
    assert "Kontakt: Anna Nowak" in culture.description
    assert (
        "Ogłoszenia konkursów będą publikowane pod adresem: "
        "https://bip.przykladowo.example.pl/ogloszenia-konkursy"
    ) in culture.description


@pytest.fixture
def app_client(clean_env: pytest.MonkeyPatch, path: Path, tmp_path: Path):
    settings = load_settings(
        schedule=path, base_url=BASE_URL, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"
    )
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(settings)), base_url="http://test"
    )


@pytest.mark.anyio
async def test_page_shows_deadlines_amounts_and_totals(app_client: httpx.AsyncClient) -> None:
    async with app_client as client:
        page = (await client.get("/")).text
    assert "najpóźniej do 20 marca 2025" in page
    assert "Łącznie planowane: 8 mln zł" in page
    assert "Łącznie planowane: 1,7 mln zł" in page  # the culture office: 1 200 000 + 450 000
    assert 'href="/api/tasks.csv"' in page
    assert 'href="https://bip.przykladowo.example.pl/ogloszenia-konkursy"' in page
    assert "Planowana kwota: 2\u00a0500\u00a0000 zł – 5 × 500 000 zł" in page


@pytest.mark.anyio
async def test_api_tasks_equals_notifier_export_json(
    app_client: httpx.AsyncClient, path: Path, clean_env: pytest.MonkeyPatch, capsysbinary
) -> None:
    async with app_client as client:
        api = (await client.get("/api/tasks")).json()
    clean_env.setenv("NOTIFIER_BASE_URL", BASE_URL)
    assert main(["export", "--schedule", str(path), "--format", "json"]) == 0
    exported = json.loads(capsysbinary.readouterr().out)
    assert exported == api
    task = next(t for t in api["tasks"] if t["key"] == "sport/szkolenie")
    assert task["kind"] == "deadline"
    assert task["start"] == "2025-01-20"
    assert task["end"] == "2025-04-16"
    assert task["windows"] == [
        {"start": "2025-01-20", "end": "2025-04-16", "wording": "najpóźniej do 15 kwietnia 2025"}
    ]
    assert task["mode"] == "powierzenie"
    assert task["amount"] == 2_500_000
    assert task["calendar_title"] == "Szkolenie sportowe dzieci"
    assert api["planned_amount"] == 8025000.5


@pytest.mark.anyio
async def test_csv_has_a_bom_and_one_row_per_window(
    app_client: httpx.AsyncClient, path: Path, capsysbinary
) -> None:
    async with app_client as client:
        response = await client.get("/api/tasks.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 7
    assert rows[0]["termin"] == "najpóźniej do 20 marca 2025"
    assert rows[2]["kwota (zł)"] == "2500000,00"
    # People read the sheet: Polish words, never the JSON's codes ("deadline", "powierzenie").
    assert rows[0]["rodzaj terminu"] == "termin „do …” (najpóźniej do dnia)"
    assert rows[2]["tryb"] == "powierzenie realizacji zadania"
    assert {r["rodzaj terminu"] for r in rows} <= {k.label for k in PeriodKind}
    assert main(["export", "--schedule", str(path), "--format", "csv"]) == 0
    assert capsysbinary.readouterr().out == response.content


def _settings(database_url: str, tmp_path: Path, path: Path) -> Settings:
    return load_settings(
        schedule=path, database_url=database_url, outbox=tmp_path / "outbox", base_url=BASE_URL
    )


def test_reminders_say_najpozniej_do_and_go_out_once(
    clean_env: pytest.MonkeyPatch,
    db: Database,
    database_url: str,
    tmp_path: Path,
    path: Path,
    city: Schedule,
) -> None:
    settings = _settings(database_url, tmp_path, path)
    with db.session() as session:
        prefs = parse_preferences(city, ["sport"], [7])
        add_active(session, "klub@example.org", prefs, datetime(2025, 1, 2, tzinfo=UTC))
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        backend = smtp_backend(port)

        def remind(day: date):
            return asyncio.run(
                run_reminder_pass(
                    RunContext(settings, db, backend, Catalog.single(city), run_moment(day))
                )
            )

        assert remind(AS_OF - timedelta(days=8)).emails == []
        first = remind(AS_OF - timedelta(days=7))
        again = remind(AS_OF)
        after = remind(date(2025, 4, 25))
    assert [e.task_keys for e in first.emails] == [("sport/szkolenie", "sport/imprezy")]
    assert again.emails == []
    assert after.emails == []
    (received,) = handler.received
    message = received.message
    assert (
        message["Subject"] == "Zbliża się konkurs: Szkolenie sportowe dzieci (i jeszcze 1 zadanie)"
    )
    text = message.get_body(("plain",)).get_content()
    # The printed "najpóźniej do 15 kwietnia 2025 r." says what the wording says: once.
    assert "    Ogłoszenie najpóźniej do 15 kwietnia 2025" in text.splitlines()
    assert "Ogłoszenie do 24.04.2025 r.** (najpóźniej do 24 kwietnia 2025)" in text
    assert "Tryb: powierzenie realizacji zadania" in text
    assert (
        "Ogłoszenia konkursów będą publikowane pod adresem: https://bip.przykladowo.example.pl/ogloszenia-konkursy"
        in text
    )
    html = message.get_body(("html",)).get_content()
    assert "Ogłoszenie najpóźniej do 15 kwietnia 2025" in html
