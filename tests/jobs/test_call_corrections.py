"""A correction of a call subscribers were told of (blind11 F6: its deadline moved three weeks
earlier and nobody heard): every subscriber emailed "Ogłoszono konkurs", and only they, get
one email naming old and new, in their language; the deadline reminder follows the new
deadline; nothing twice (SQLite and PostgreSQL, a real SMTP server)."""

from __future__ import annotations

import asyncio
import shutil
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from passes import LESZNO_SPORT_CALL, alerts, at, backend, seed_text, subscribe
from schedule_text import SPORT
from server_process import free_port
from smtp_server import RecordingHandler, smtp_server
from sqlalchemy import update

from notifier.cli.main import main
from notifier.core.catalog import Catalog
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.jobs.alerts_pass import run_alerts_pass
from notifier.jobs.run_context import RunContext
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.models import CLAIMED, FAILED, SENT, Delivery, Subscriber


def _text(message: EmailMessage) -> str:
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _called(seed: Path, call: str = LESZNO_SPORT_CALL) -> Schedule:
    return parse_schedule(seed_text(seed) + call)


def _english(db: Database, email: str) -> None:
    with db.session() as session:
        session.execute(update(Subscriber).where(Subscriber.email == email).values(language="en"))


def _sent(handler: RecordingHandler, start: int) -> list[tuple[str, str]]:
    return [(r.message["To"], r.message["Subject"]) for r in handler.received[start:]]


def test_a_moved_deadline_reaches_exactly_those_told_of_the_call_once_in_their_language(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    called = _called(seed_schedule_path)
    moved = _called(seed_schedule_path, LESZNO_SPORT_CALL.replace("2024-05-28", "2024-05-20"))
    subscribe(db, called, "pl@example.org", ["sport"], [7])
    subscribe(db, called, "en@example.org", ["sport"], [7])
    subscribe(db, called, "inny@example.org", ["ekologia"], [7])  # never told of it
    _english(db, "en@example.org")
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        told = alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
        assert told.count(SENT) == 2
        subscribe(db, called, "nowa@example.org", ["sport"], [7])  # told nothing yet
        report = alerts(db, port, settings, moved, at(date(2024, 5, 8), 9, 15), deadlines=False)
        again = alerts(db, port, settings, moved, at(date(2024, 5, 8), 9, 30), deadlines=False)
    assert again.counts == {}
    assert report.count(SENT) == 3
    by_to = {r.message["To"]: r.message for r in handler.received[2:]}
    assert sorted(by_to) == ["en@example.org", "nowa@example.org", "pl@example.org"]
    assert by_to["pl@example.org"]["Subject"] == (
        "Zmiana terminu składania ofert: Rozwój sportu – II tura – oferty do 20 maja 2024"
    )
    assert "Termin składania ofert: 28 maja 2024 → 20 maja 2024" in _text(by_to["pl@example.org"])
    assert by_to["en@example.org"]["Subject"].startswith("New deadline for proposals: ")
    assert "Deadline for proposals: 28 May 2024 → 20 May 2024" in _text(by_to["en@example.org"])
    # The newcomer gets the call as it is now, not a correction of what they never saw.
    assert by_to["nowa@example.org"]["Subject"] == (
        "Ogłoszono konkurs: Rozwój sportu – II tura – oferty do 20 maja 2024"
    )
    assert any("[poprawka ogłoszenia]" in line for line in report.lines)


def test_a_correction_that_keeps_the_deadline_names_what_changed_and_back_again_is_none(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    called = _called(seed_schedule_path)
    amount = _called(seed_schedule_path, LESZNO_SPORT_CALL.replace("150000", "120000"))
    subscribe(db, called, "pl@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
        alerts(db, port, settings, amount, at(date(2024, 5, 7), 9, 15), deadlines=False)
        # Put back as it was told first: the subscriber was told the amount changed, so
        # this is news again (the newest version told differs); once.
        back = alerts(db, port, settings, called, at(date(2024, 5, 8), 9, 15), deadlines=False)
        alerts(db, port, settings, called, at(date(2024, 5, 8), 9, 30), deadlines=False)
    subjects = [s for _, s in _sent(handler, 1)]
    assert subjects == [
        "Zmiana w ogłoszeniu konkursu: Rozwój sportu – II tura",
        "Zmiana w ogłoszeniu konkursu: Rozwój sportu – II tura",
    ]
    assert back.count(SENT) == 1
    first, second = (_text(r.message) for r in handler.received[1:])
    assert "Kwota: 150 000 zł → 120 000 zł" in first
    assert "Kwota: 120 000 zł → 150 000 zł" in second


def test_the_deadline_reminder_follows_the_new_deadline_and_is_not_repeated(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    """A reminder sent 3 days before the old deadline (28 May) stands for that day only; the
    deadline moved to 4 June gets its own, 3 days before it, once. Moved back to 28 May, the
    reminder already sent for it stands again: nothing is repeated."""
    called = _called(seed_schedule_path)
    later = _called(seed_schedule_path, LESZNO_SPORT_CALL.replace("2024-05-28", "2024-06-04"))
    subscribe(db, called, "pl@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15))
        alerts(db, port, settings, called, at(date(2024, 5, 25), 8))  # 3 days before 28 May
        moved = alerts(db, port, settings, later, at(date(2024, 5, 26), 9, 15))
        early = alerts(db, port, settings, later, at(date(2024, 5, 31), 8))  # 4 days before
        due = alerts(db, port, settings, later, at(date(2024, 6, 1), 8))  # 3 days before
        twice = alerts(db, port, settings, later, at(date(2024, 6, 2), 8))
        back = alerts(db, port, settings, called, at(date(2024, 5, 27), 8))
    assert moved.count(SENT) == 1  # the correction, not a reminder in the same pass
    assert (early.counts, twice.counts) == ({}, {})
    assert due.count(SENT) == 1
    subjects = [s for _, s in _sent(handler, 0)]
    assert subjects[1] == "Termin składania ofert: Rozwój sportu – II tura – 28 maja 2024 (3 dni)"
    assert subjects[2].startswith("Zmiana terminu składania ofert: ")
    assert subjects[3] == "Termin składania ofert: Rozwój sportu – II tura – 4 czerwca 2024 (3 dni)"
    # Back to 28 May: a correction (they were told 4 June), and no second reminder for it.
    assert [s for _, s in _sent(handler, 4)] == [
        "Zmiana terminu składania ofert: Rozwój sportu – II tura – oferty do 28 maja 2024"
    ]
    assert back.count(SENT) == 1


def test_a_dry_run_lists_the_correction_the_real_pass_sends(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    called = _called(seed_schedule_path)
    moved = _called(seed_schedule_path, LESZNO_SPORT_CALL.replace("2024-05-28", "2024-05-20"))
    subscribe(db, called, "pl@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
        when = at(date(2024, 5, 8), 9, 15)
        run = RunContext(
            settings, db, backend(port), Catalog.single(moved), when, True, lambda: when
        )
        dry = asyncio.run(run_alerts_pass(run, deadlines=False))
        real = alerts(db, port, settings, moved, when, deadlines=False)
    assert dry.count("planned") == real.count(SENT) == 1
    assert [line.split("–", 1)[0] for line in dry.lines] == [
        line.split("–", 1)[0].replace("wysłano", "do wysłania") for line in real.lines
    ]


def test_announce_run_again_with_another_deadline_corrects_the_call_and_tells_those_told(
    db: Database,
    settings: Settings,
    seed_schedule_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command line's correction path: `announce` of the same tasks and publication day
    with the right deadline replaces the call (one [[calls]] block, nothing appended), says
    old → new, and the next pass emails whoever was told of it."""
    path = tmp_path / "leszno-2024.toml"
    shutil.copy(seed_schedule_path, path)
    first = ["announce", SPORT, "--schedule", str(path), "--published", "2024-05-06",
             "--url", "https://bip.example.org/sport-2024", "--as-of", "2024-05-06"]  # fmt: skip
    assert main([*first, "--deadline", "2024-05-28T15:30"]) == 0
    called = parse_schedule(path.read_text(encoding="utf-8"))
    subscribe(db, called, "pl@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
        capsys.readouterr()
        assert main([*first, "--deadline", "2024-06-10"]) == 0
        out = capsys.readouterr().out
        corrected = parse_schedule(path.read_text(encoding="utf-8"))
        alerts(db, port, settings, corrected, at(date(2024, 5, 7), 9, 15), deadlines=False)
    assert "Poprawiono" in out
    assert "Termin składania ofert: 28 maja 2024, godz. 15:30 → 10 czerwca 2024" in out
    assert [c.deadline for c in corrected.calls] == [date(2024, 6, 10)]
    assert [s for _, s in _sent(handler, 1)] == [
        "Zmiana terminu składania ofert: Rozwój sportu – II tura – oferty do 10 czerwca 2024"
    ]


def _moved_deadline(seed: Path) -> Schedule:
    return _called(seed, LESZNO_SPORT_CALL.replace("2024-05-28", "2024-05-20"))


def test_a_correction_the_server_could_not_take_is_sent_at_a_later_pass_once(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    called, moved = _called(seed_schedule_path), _moved_deadline(seed_schedule_path)
    subscribe(db, called, "pl@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
    down = alerts(db, free_port(), settings, moved, at(date(2024, 5, 8), 9), deadlines=False)
    assert down.count(FAILED) == 1
    with smtp_server(handler) as (_, port):
        early = alerts(db, port, settings, moved, at(date(2024, 5, 8), 9, 5), deadlines=False)
        late = alerts(db, port, settings, moved, at(date(2024, 5, 8), 9, 30), deadlines=False)
        after = alerts(db, port, settings, moved, at(date(2024, 5, 8), 9, 45), deadlines=False)
    assert (early.counts, late.count(SENT), after.counts) == ({}, 1, {})
    assert [s.split(":")[0] for _, s in _sent(handler, 1)] == ["Zmiana terminu składania ofert"]


def test_a_correction_claimed_by_a_pass_killed_mid_send_is_taken_up_once(
    db: Database, settings: Settings, seed_schedule_path: Path
) -> None:
    """kill -9 after the claim, before the send's result was recorded: the claim's owner is
    gone, so the next pass takes it (at most the message in flight goes twice, as every email
    does), and it never counts as told while it is only claimed by a dead pass."""
    called, moved = _called(seed_schedule_path), _moved_deadline(seed_schedule_path)
    subscribe(db, called, "pl@example.org", ["sport"], [7])
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        alerts(db, port, settings, called, at(date(2024, 5, 6), 9, 15), deadlines=False)
        alerts(db, port, settings, moved, at(date(2024, 5, 8), 9), deadlines=False)
        with db.session() as session:  # as the killed pass left it: claimed, never recorded
            session.execute(
                update(Delivery)
                .where(Delivery.kind == "correction")
                .values(status=CLAIMED, claimed_by="gone-host:1:dead", sent_at=None)
            )
        handler.received.clear()
        taken = alerts(db, port, settings, moved, at(date(2024, 5, 8), 10), deadlines=False)
        again = alerts(db, port, settings, moved, at(date(2024, 5, 8), 10, 15), deadlines=False)
    assert (taken.count(SENT), again.counts) == (1, {})
    assert [s.split(":")[0] for _, s in _sent(handler, 0)] == ["Zmiana terminu składania ofert"]
