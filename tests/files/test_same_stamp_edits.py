"""Blind11 F12: an edit that keeps the file's size and modification time (`cp -p`, `rsync -t`,
`tar x` of another version, `touch -r`) was never noticed by a running web process, which
served a version the file no longer had. The stamp a scan compares holds the ctime and the
inode too (no tool can set a ctime; a copy renamed in has another inode), and a file's bytes
are compared while its stamp is too recent to tell two saves apart, and once a minute."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from new_database import new_sqlite

from notifier.files.reading import schedule_version
from notifier.files.source import CatalogSource
from notifier.settings import load_settings
from notifier.web.app import create_app

OLD = 'period = "II, III kwartał roku 2024"'
NEW = 'period = "III, IV kwartał roku 2024"'  # the same length: the file's size stays


def _in_place(path: Path, text: str) -> None:
    """The bytes rewritten in the same inode, then the old times put back (`touch -r`)."""
    before = os.stat(path)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _copied_over(path: Path, text: str) -> None:
    """Another version unpacked beside it with the old times and renamed over it (`rsync -t`,
    `tar x`): a new inode, the same size and mtime."""
    before = os.stat(path)
    other = path.with_name(".incoming.tmp")
    other.write_text(text, encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)


EDITS: list[Callable[[Path, str], None]] = [_in_place, _copied_over]


@pytest.mark.anyio
@pytest.mark.parametrize("edit", EDITS, ids=["touch-r", "rsync-t"])
async def test_a_running_app_serves_an_edit_that_kept_size_and_mtime(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    edit: Callable[[Path, str], None],
) -> None:
    path = tmp_path / "harmonogram.toml"
    shutil.copy(seed_schedule_path, path)
    os.utime(path, ns=(10**18, 10**18))  # written long ago: settled at once when it changes
    text = path.read_text(encoding="utf-8")
    assert text.count(OLD) >= 1
    settings = load_settings(
        schedule=path, database_url=new_sqlite(tmp_path / "db.sqlite"), schedule_settle=3
    )
    app = create_app(settings)
    source: CatalogSource = app.state.notifier.catalog_source
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert OLD.split('"')[1] in (await client.get("/api/tasks")).text
        size, mtime = os.stat(path).st_size, os.stat(path).st_mtime_ns
        edited = text.replace(OLD, NEW, 1)
        edit(path, edited)
        assert (os.stat(path).st_size, os.stat(path).st_mtime_ns) == (size, mtime)
        source.settle()  # what the app's watcher runs about once a second
        tasks = (await client.get("/api/tasks")).text
        assert NEW.split('"')[1] in tasks
        health = (await client.get("/healthz")).json()
        assert health["version"] == schedule_version(edited.encode())


def test_the_date_of_an_edit_that_kept_the_mtime_moves_on(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    """The catalog's date (feeds' Last-Modified starts from it) is the change's (its ctime)
    when the edit put an older mtime back, so a client holding the old version is not
    answered 304 by date."""
    path = tmp_path / "harmonogram.toml"
    shutil.copy(seed_schedule_path, path)
    os.utime(path, ns=(10**18, 10**18))
    source = CatalogSource(path)
    before = source.snapshot()
    _in_place(path, path.read_text(encoding="utf-8").replace(OLD, NEW, 1))
    after = source.snapshot()
    assert after.version != before.version
    assert after.modified > before.modified


def test_bytes_are_compared_while_the_stamp_is_too_recent_to_tell(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    """A file read within RACY_SECONDS of its change: a second save in the same timestamp
    tick (1 s on NFSv3) keeps the whole stamp, so its bytes are compared at each scan; once
    the same bytes are seen with an old stamp, they are not read again."""
    path = tmp_path / "harmonogram.toml"
    shutil.copy(seed_schedule_path, path)
    wall = [os.stat(path).st_ctime_ns / 1e9]
    source = CatalogSource(path, wall=lambda: wall[0])
    (state,) = source._files.values()  # the state this rule is about
    assert state.racy()
    wall[0] += 5  # later scans: the same bytes, the stamp now old enough
    source.snapshot()
    assert not state.racy()
