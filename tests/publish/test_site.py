"""Static publishing: `notifier publish --out DIR` and the worker's publisher."""

from __future__ import annotations

import asyncio
import gzip
import json
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from web_fixtures import publish_settings, write_and_bump

from notifier.cli.main import main
from notifier.publish.publisher import Publisher
from notifier.publish.render import Rendered, current_paths, render_paths
from notifier.publish.site import (
    MANIFEST,
    OWN_FILES,
    PublishError,
    file_name,
    publish,
    write_site,
)
from notifier.settings import SettingsError, load_settings

pytestmark = pytest.mark.anyio


def _published(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
        and not p.name.endswith(".gz")
        and not OWN_FILES.intersection(p.relative_to(out).parts)
    }


def test_file_names_keep_the_urls_and_refuse_to_leave_the_directory() -> None:
    assert file_name("/") == "index.html"
    assert file_name("/calendar.ics") == "calendar.ics"
    assert file_name("/topics/dzieci-i-mlodziez.ics") == "topics/dzieci-i-mlodziez.ics"
    assert file_name("/api/tasks") == "api/tasks"
    for bad in ("/../etc/passwd", "/topics/%2e%2e/x.ics", "/a/./b"):
        with pytest.raises(ValueError, match="not a publishable path"):
            file_name(bad)


def _calendar(path: str) -> Rendered:
    return Rendered(path, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar", None)


@pytest.mark.parametrize("link", ["topics", "a/b", "a/b/c"])
def test_a_symlinked_directory_inside_the_output_is_refused_for_writing_and_removing(
    tmp_path: Path, link: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.ics").write_bytes(b"not ours")
    out = tmp_path / "site"
    (out / link).parent.mkdir(parents=True, exist_ok=True)
    (out / link).symlink_to(outside, target_is_directory=True)
    with pytest.raises(PublishError, match="dowiązaniem symbolicznym"):
        write_site(out, [_calendar("/calendar.ics"), _calendar(f"/{link}/new.ics")])
    # A manifest naming a file behind the link (an earlier publication's): nothing is removed.
    (out / MANIFEST).write_text(json.dumps([f"{link}/x.ics"]))
    with pytest.raises(PublishError, match="dowiązaniem symbolicznym"):
        write_site(out, [_calendar("/calendar.ics")])
    assert sorted(p.name for p in outside.iterdir()) == ["x.ics"]
    assert (outside / "x.ics").read_bytes() == b"not ours"


async def test_every_published_file_is_what_the_app_serves(
    app: FastAPI, client: httpx.AsyncClient, clean_env: pytest.MonkeyPatch, schedule_file: Path
) -> None:
    out = schedule_file.parent / "site"
    report = await publish(publish_settings(schedule_file), out)
    paths = current_paths(app)
    assert {"/", "/calendar.ics", "/topics/sport.ics", "/api/tasks", "/api/tasks.csv"} <= set(paths)
    assert sorted(report.written) == sorted(file_name(p) for p in paths)
    assert set(_published(out)) == {file_name(p) for p in paths}
    for path in paths:
        served = await client.get(path, headers={"Accept-Encoding": "identity"})
        assert served.status_code == 200, path
        _check_file(out, path, served)
    assert _manifest(out) == sorted(file_name(p) for p in paths)
    assert not list(out.rglob("*.tmp"))  # no temporary file left behind


def _manifest(out: Path) -> list[str]:
    return sorted(json.loads((out / MANIFEST).read_text())["files"])


async def test_republishing_touches_only_what_changed(
    clean_env: pytest.MonkeyPatch, schedule_file: Path
) -> None:
    out = schedule_file.parent / "site"
    settings = publish_settings(schedule_file)
    await publish(settings, out)
    before = _published(out)
    stamps = {name: (out / name).stat().st_mtime_ns for name in before}
    again = await publish(settings, out)
    assert again.written == []
    assert {name: (out / name).stat().st_mtime_ns for name in before} == stamps

    _edit_as_of(schedule_file)
    edited = await publish(settings, out)
    after = _published(out)
    assert "index.html" in edited.written  # the page shows the new "as of" date
    for name in before:
        if after[name] == before[name]:
            assert name in edited.unchanged
            assert (out / name).stat().st_mtime_ns == stamps[name], name
        else:
            assert name in edited.written
            assert (out / name).stat().st_mtime_ns > stamps[name], name


def test_files_of_urls_that_are_gone_are_removed_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "site"
    page = Rendered("/topics/sport.ics", b"BEGIN:VCALENDAR\r\n", "text/calendar", None)
    old = Rendered("/topics/stary.ics", b"old\r\n", "text/calendar", None)
    write_site(out, [page, old])
    (out / "robots.txt").write_text("User-agent: *\n")  # the host's own file
    outside = tmp_path / "keep.ics"
    outside.write_text("not ours")
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"]["../keep.ics"] = {"token": None}  # forged: outside the directory
    (out / MANIFEST).write_text(json.dumps(manifest))

    report = write_site(out, [page])
    assert report.removed == ["topics/stary.ics"]
    assert not (out / "topics" / "stary.ics").exists()
    assert not (out / "topics" / "stary.ics.gz").exists()
    assert (out / "robots.txt").exists()
    assert outside.exists()
    assert report.unchanged == ["topics/sport.ics"]


def test_publish_needs_a_directory_and_says_so(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["publish", "--schedule", str(schedule_file)]) == 1
    assert "Prosimy podać katalog" in capsys.readouterr().err
    blocker = schedule_file.parent / "plik"
    blocker.write_text("x")
    with pytest.raises(SettingsError, match="NOTIFIER_PUBLISH_DIR"):
        load_settings(publish_dir=blocker)
    with pytest.raises(SettingsError, match="NOTIFIER_PUBLISH_DIR"):
        load_settings(publish_dir=blocker / "a" / "b")
    clean_env.setenv("NOTIFIER_PUBLISH_DIR", "")
    assert load_settings().publish_dir is None


def test_a_publish_directory_over_private_files_is_refused_naming_both(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """blind4 G10: the site's folder is served to anyone, so the harmonogram folder (staff
    addresses), a folder holding it or one inside it, and a folder holding the database file
    are refused at start-up and by `publish --out`; a folder beside them is fine."""
    sched = tmp_path / "sched"
    sched.mkdir()
    (sched / "leszno-2024.toml").write_text("x", encoding="utf-8")
    clean_env.setenv("NOTIFIER_SCHEDULE", str(sched))
    for out in (sched, tmp_path, sched / "site", tmp_path / "link"):
        if out.name == "link":
            out.symlink_to(sched)
        clean_env.setenv("NOTIFIER_PUBLISH_DIR", str(out))
        with pytest.raises(SettingsError) as error:
            load_settings()
        (line,) = str(error.value).splitlines()[1:]  # one line naming both variables
        assert line.startswith("  NOTIFIER_PUBLISH_DIR=")  # the value is cut to 80 characters
        assert f"NOTIFIER_SCHEDULE={sched} " in line
        clean_env.delenv("NOTIFIER_PUBLISH_DIR")
        assert main(["publish", "--out", str(out)]) == 1
        assert f"Nie opublikowano: katalog {out} nakłada się na" in capsys.readouterr().err
        assert not (out / "index.html").exists()
    clean_env.setenv("NOTIFIER_SCHEDULE", str(sched / "leszno-2024.toml"))
    (tmp_path / "site").mkdir(exist_ok=True)  # the database's folder is never made for it
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{tmp_path}/site/subs.db")
    with pytest.raises(SettingsError, match="NOTIFIER_DATABASE_URL="):
        load_settings(publish_dir=tmp_path / "site")
    assert load_settings(publish_dir=tmp_path / "public").publish_dir == tmp_path / "public"


def test_publish_command_writes_the_directory(
    clean_env: pytest.MonkeyPatch, schedule_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = schedule_file.parent / "site"
    clean_env.setenv("NOTIFIER_PUBLISH_DIR", str(out))
    assert main(["publish", "--schedule", str(schedule_file)]) == 0
    assert "Opublikowano:" in capsys.readouterr().out
    assert (out / "calendar.ics.gz").is_file()
    blocker = schedule_file.parent / "plik"
    blocker.write_text("x")
    assert main(["publish", "--schedule", str(schedule_file), "--out", str(blocker)]) == 1
    assert f"Nie opublikowano: {blocker} to plik, a nie katalog." in capsys.readouterr().err


async def _runs_beyond(publisher: Publisher, count: int) -> None:
    while True:
        publisher.ran.clear()
        if publisher.runs > count:
            return
        await publisher.ran.wait()


def _edit_as_of(schedule_file: Path) -> None:
    text = schedule_file.read_text(encoding="utf-8")
    write_and_bump(schedule_file, text.replace("as_of = 2024-01-10", "as_of = 2024-02-01"))


def _check_file(out: Path, path: str, served: httpx.Response) -> None:
    target = out / file_name(path)
    assert target.read_bytes() == served.content, path
    assert gzip.decompress(Path(f"{target}.gz").read_bytes()) == served.content, path
    assert target.stat().st_mode & 0o777 == 0o644, path  # the web server's user reads it
    if path.endswith(".ics"):  # the host's Last-Modified (the mtime) is the app's
        app_date = parsedate_to_datetime(served.headers["last-modified"])
        assert target.stat().st_mtime == app_date.timestamp(), path


async def test_the_worker_publisher_republishes_an_edit(
    clean_env: pytest.MonkeyPatch, schedule_file: Path
) -> None:
    out = schedule_file.parent / "site"
    publisher = Publisher(publish_settings(schedule_file, out), out, every=0.01)
    await publisher.start()
    try:
        await asyncio.wait_for(_runs_beyond(publisher, 0), 120)  # a hang guard only
        assert b"10.01.2024 r." in _page(out)
        _edit_as_of(schedule_file)
        # The run after the one in progress has read the edited file.
        await asyncio.wait_for(_runs_beyond(publisher, publisher.runs + 1), 120)
        assert b"01.02.2024 r." in _page(out)
    finally:
        await publisher.stop()


def _page(out: Path) -> bytes:
    return (out / "index.html").read_bytes()


async def test_with_several_harmonograms_every_city_is_published_too(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    paths = current_paths(catalog_app)
    write_site(out, await render_paths(catalog_app, paths))
    assert "/leszno/" in paths
    assert "/leszno/2024/" in paths
    assert "/leszno/calendar.ics" in paths
    assert "/leszno/feed.atom" in paths  # a city's news beside its calendar
    assert "/leszno/topics/sport.ics" in paths
    assert "/topics/sport.ics" in paths  # across every city, as the page lists it
    assert "/topics/sport.atom" in paths
    assert (out / "leszno" / "index.html").is_file()
    for path in paths:
        served = await catalog_client.get(path, headers={"Accept-Encoding": "identity"})
        assert served.status_code == 200, path
        assert (out / file_name(path)).read_bytes() == served.content, path
