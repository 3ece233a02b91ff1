"""Publishing cost follows the change: after an edit only the paths made of the edited
harmonogram are rendered, after midnight only what shows the day, and a publication cut
short is completed by the next. Asserted by the report (what was rendered, written, kept
without rendering) and the manifest, never by timing; every file is checked against the app.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from catalog_fixtures import SteppedClock
from fastapi import FastAPI
from web_fixtures import BASE_URL, write_and_bump

from notifier.files.source import CatalogSource
from notifier.publish.manifest import JOURNAL, MANIFEST
from notifier.publish.parts import PARTS
from notifier.publish.render import current_paths
from notifier.publish.site import PublishError, PublishReport, file_name, publish_app
from notifier.settings import load_settings
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

NOON = datetime(2025, 3, 10, 11, 0, tzinfo=UTC)  # Warsaw: 10 March 2025, 12:00


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(NOON)


@pytest.fixture
def cities_app(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, tmp_path: Path, clock: SteppedClock
) -> FastAPI:
    settings = load_settings(
        schedule=catalog_dir,
        base_url=BASE_URL,
        database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
    )
    return create_app(settings, catalog_source=CatalogSource(catalog_dir), clock=clock)


def _rendered(report: PublishReport) -> set[str]:
    return {*report.written, *report.unchanged}


async def _same_as_app(app: FastAPI, out: Path) -> None:
    """Every published file holds what the app answers now (and nothing else is listed)."""
    transport = httpx.ASGITransport(app=app)
    paths = current_paths(app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        for path in paths:
            served = await client.get(path, headers={"Accept-Encoding": "identity"})
            assert (out / file_name(path)).read_bytes() == served.content, path
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(file_name(p) for p in paths)
    assert not (out / JOURNAL).exists()


def _of_city(name: str, city: str) -> bool:
    return name.startswith(f"{city}/")


async def test_an_edit_renders_only_the_paths_made_of_the_edited_harmonogram(
    cities_app: FastAPI, catalog_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "site"
    first = await publish_app(cities_app, out)
    assert not first.kept
    for name in ("calendar.ics", "topics/sport.ics"):  # streamed from the parts
        reader = zlib.decompressobj(wbits=31)  # one gzip member, as any client reads it
        assert reader.decompress((out / f"{name}.gz").read_bytes()) == (out / name).read_bytes()
        assert reader.eof
        assert not reader.unused_data
    again = await publish_app(cities_app, out)
    assert again == PublishReport(kept=again.kept)
    assert sorted(again.kept) == sorted(first.written)

    parts = {p: p.stat().st_mtime_ns for p in (out / PARTS).rglob("*.part")}
    assert {p.parent.name for p in parts} == {"calendars", "tasks"}
    edited = catalog_dir / "przykladowo-2025.toml"
    text = edited.read_text(encoding="utf-8")
    write_and_bump(edited, text.replace("[harmonogram]", "[harmonogram]\n# poprawka", 1))
    # The same content, another file version: the city's paths and the cross-city ones,
    # those assembled from the other cities' events rendered before.
    caplog.set_level(logging.DEBUG, logger="notifier.web.feed_cache")
    report = await publish_app(cities_app, out)
    events_of = {r.getMessage() for r in caplog.records if r.getMessage().startswith("events of")}
    assert events_of == {"events of przykladowo/2025 rendered"}
    rendered = _rendered(report)
    assert "przykladowo/calendar.ics" in rendered
    assert {"index.html", "calendar.ics", "api/tasks"} <= rendered
    for name in rendered:
        assert "/" not in name or name.split("/")[0] in ("przykladowo", "topics", "api"), name
    kept = set(report.kept)
    assert {name for name in first.written if _of_city(name, "leszno")} <= kept
    assert {name for name in first.written if _of_city(name, "zielona-gora")} <= kept
    # The cross-city files were streamed from the parts; only the edited city's were redone.
    redone = {p.name for p, stamp in parts.items() if p.stat().st_mtime_ns != stamp}
    assert redone == {"przykladowo-2025.part"}
    assert sorted(report.parts) == ["calendars przykladowo/2025", "tasks przykladowo/2025"]
    # A comment: no share's bytes changed, so no calendar of every city is streamed again.
    assert {"calendar.ics", "topics/sport.ics"} <= set(first.streamed)
    assert not [name for name in report.streamed if name.endswith(".ics")], report.streamed
    await _same_as_app(cities_app, out)


async def test_the_day_changing_renders_only_what_shows_the_day(
    cities_app: FastAPI, tmp_path: Path, clock: SteppedClock
) -> None:
    out = tmp_path / "site"
    await publish_app(cities_app, out)
    clock.now = NOON + timedelta(hours=6)  # the same day in Warsaw
    assert not _rendered(await publish_app(cities_app, out))

    clock.now = NOON + timedelta(days=1)
    report = await publish_app(cities_app, out)
    rendered = _rendered(report)
    assert {"index.html", "leszno/index.html", "api/tasks", "api/tasks.csv"} <= rendered
    assert not {n for n in rendered if n.endswith(".atom")}  # news do not show the day
    # Calendars only where the day decides something: here the 2024 harmonogram's events
    # ending twelve months before today drop out, one day at a time.
    for name in rendered:
        if name.endswith(".ics"):
            assert _of_city(name, "leszno") or "/" not in name or name.startswith("topics/")
    assert "zielona-gora/calendar.ics" in report.kept
    await _same_as_app(cities_app, out)


@pytest.mark.parametrize("blocked", ["zielona-gora", "topics"])
async def test_a_publication_cut_short_is_completed_by_the_next(
    cities_app: FastAPI, catalog_dir: Path, tmp_path: Path, blocked: str
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    # A file where a folder goes: writing it fails half-way, as a full disk would (a city's
    # page, or a cross-city calendar streamed from the kept parts).
    (out / blocked).write_bytes(b"")
    with pytest.raises(PublishError, match="Nie można zapisać"):
        await publish_app(cities_app, out)
    journal = (out / JOURNAL).read_text(encoding="utf-8").splitlines()
    finished = {json.loads(line)["name"] for line in journal}
    assert "index.html" in finished  # what was written before the failure is recorded
    assert not (out / MANIFEST).exists()
    assert not list(out.rglob("*.tmp"))

    (out / blocked).unlink()
    report = await publish_app(cities_app, out)
    assert finished <= set(report.kept)  # not rendered again
    assert f"{blocked}/calendar.ics" in report.written or blocked == "topics"
    assert "topics/sport.ics" in report.written
    await _same_as_app(cities_app, out)


async def test_a_cut_line_of_the_journal_and_an_old_manifest_are_read(
    cities_app: FastAPI, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = await publish_app(cities_app, out)
    # An earlier release's manifest (names only) and a journal cut in the middle of a line.
    (out / MANIFEST).write_text(json.dumps(sorted(first.written)), encoding="utf-8")
    (out / JOURNAL).write_text('{"name": "calendar.ics", "tok', encoding="utf-8")
    report = await publish_app(cities_app, out)
    assert sorted(report.unchanged) == sorted(first.written)  # rendered, the same bytes
    assert not report.written
    assert not report.removed
    await _same_as_app(cities_app, out)


async def test_a_file_or_twin_removed_by_hand_is_published_again(
    cities_app: FastAPI, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = await publish_app(cities_app, out)
    # Folders older than a second are recorded at the commit (nothing added or removed in
    # them since): date every folder back, publish (nothing rendered) to record them.
    for folder in [p for p in out.rglob("*") if p.is_dir()]:
        os.utime(folder, (folder.stat().st_atime - 60, folder.stat().st_mtime - 60))
    assert not _rendered(await publish_app(cities_app, out))
    folders = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["folders"]
    assert {"leszno", "zielona-gora/topics"} <= set(folders)

    (out / "leszno/index.html").unlink()
    (out / "zielona-gora/topics/sport.ics.gz").unlink()
    report = await publish_app(cities_app, out)
    assert _rendered(report) == {"leszno/index.html", "zielona-gora/topics/sport.ics"}
    assert len(report.kept) == len(first.written) - 2
    assert (out / "zielona-gora/topics/sport.ics.gz").is_file()
    await _same_as_app(cities_app, out)
