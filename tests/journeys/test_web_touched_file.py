"""F1: a harmonogram file whose date changes but whose content does not (`touch`, an identical
copy restored) changes no answer's validators. Every process and machine serving the same
file and database answers with the same ETag and Last-Modified: a process started after the
touch agrees with one started before it, on every feed (calendars and Atom alike), and a
client's If-Modified-Since from one is answered 304 by the other."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from test_web_workers import Web

PATHS = (
    "/feed.atom",
    "/topics/sport.atom",
    "/departments/mopr.atom",
    "/feed.atom?year=2024",
    "/calendar.ics",
    "/topics/sport.ics",
)
MONTH = 30 * 24 * 3600


@pytest.fixture
def multiproc(tmp_path: Path) -> Path:
    return tmp_path / "prometheus" / "multiproc"


def test_a_content_neutral_change_of_the_files_date_moves_no_validator(
    tmp_path: Path, schedule_file: Path, multiproc: Path
) -> None:
    """Both changes in turn, a process started after each (one start fewer than a test for
    each): the file is touched, then dated a month back again and replaced by an identical
    copy; every process, those started before too, answers as the first did."""
    month_ago = time.time() - MONTH
    os.utime(schedule_file, (month_ago, month_ago))
    first = Web(tmp_path, schedule_file, multiproc)
    webs = [first]
    try:
        first.wait_ready()
        before = {path: first.get(path) for path in PATHS}
        for how in ("touch", "identical copy"):
            if how == "touch":
                os.utime(schedule_file)  # now
            else:
                os.utime(schedule_file, (month_ago, month_ago))
                copy = tmp_path / "restored.toml"
                shutil.copyfile(schedule_file, copy)  # a new file, dated now, the same bytes
                os.replace(copy, schedule_file)
            started = Web(tmp_path, schedule_file, multiproc)
            webs.append(started)
            started.wait_ready()
            for path, old in before.items():
                assert old.status_code == 200, path
                for web in webs:
                    now = web.get(path)
                    assert now.status_code == 200, (how, path, web.url)
                    assert now.headers["etag"] == old.headers["etag"], (how, path, web.url)
                    modified = now.headers["last-modified"]
                    assert modified == old.headers["last-modified"], (how, path, web.url)
                    since = web.get(path, **{"If-Modified-Since": old.headers["last-modified"]})
                    assert since.status_code == 304, (how, path, web.url)
    finally:
        logs = [web.stop() for web in webs]
    assert not [log for log in logs if "Traceback" in log], logs
