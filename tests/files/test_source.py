"""CatalogSource over one file (a directory of one): the last good harmonogram, reloaded on
change, kept when an edit is broken or the file is gone."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest
from web_fixtures import write_and_bump

from notifier.core.schedule import Schedule, ScheduleError
from notifier.files.reading import schedule_version
from notifier.files.source import CatalogSource


def current(source: CatalogSource) -> tuple[Schedule, str]:
    """The one harmonogram served now and its version."""
    (entry,) = source.snapshot().catalog.entries
    return entry.schedule, entry.version


def problems(source: CatalogSource) -> tuple[str, ...]:
    """The problems of the one file, as the source reports them now."""
    return tuple(source.snapshot().problems.get(str(source.path), ()))


def test_version_is_a_short_hash_of_the_file_bytes(schedule_file: Path) -> None:
    schedule, version = current(CatalogSource(schedule_file))
    assert version == schedule_version(schedule_file.read_bytes())
    assert len(version) == 12
    assert schedule.city == "Leszno"
    assert len(list(schedule.tasks())) == 28


def test_invalid_schedule_at_start_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text('[harmonogram]\ntitle = "x"\n', encoding="utf-8")
    with pytest.raises(ScheduleError) as caught:
        CatalogSource(path)
    assert len(caught.value.problems) > 1


def test_missing_file_at_start_raises(tmp_path: Path) -> None:
    with pytest.raises(ScheduleError, match="nie ma takiego pliku"):
        CatalogSource(tmp_path / "nope.toml")


def test_changed_file_is_reloaded(schedule_file: Path) -> None:
    source = CatalogSource(schedule_file)
    _, old_version = current(source)
    text = schedule_file.read_text(encoding="utf-8")
    write_and_bump(schedule_file, text.replace('city = "Leszno"', 'city = "Leszno Nowe"'))
    schedule, version = current(source)
    assert schedule.city == "Leszno Nowe"
    assert version != old_version
    assert problems(source) == ()


def test_unchanged_file_is_not_read_again(schedule_file: Path) -> None:
    source = CatalogSource(schedule_file)
    first, _ = current(source)
    second, _ = current(source)
    assert first is second


def test_touched_file_with_same_bytes_keeps_version_and_modified(schedule_file: Path) -> None:
    source = CatalogSource(schedule_file)
    before = source.snapshot()
    write_and_bump(schedule_file, schedule_file.read_text(encoding="utf-8"))
    after = source.snapshot()
    assert (after.version, after.modified) == (before.version, before.modified)


def test_broken_edit_keeps_last_good_schedule_and_logs_problems(
    schedule_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = CatalogSource(schedule_file)
    good, good_version = current(source)
    text = schedule_file.read_text(encoding="utf-8")
    broken = text.replace('period = "Maj 2024"', 'period = "Majówka 2024"', 1).replace(
        "year = 2024", 'year = "2024"'
    )
    with caplog.at_level(logging.ERROR, logger="notifier.files.source"):
        write_and_bump(schedule_file, broken)
        schedule, version = current(source)
    assert (schedule, version) == (good, good_version)
    found = problems(source)
    assert any("year" in p for p in found)
    assert "does not validate" in caplog.text
    assert all(p in caplog.text for p in found)
    # Logged once per broken edit, not on every request.
    caplog.clear()
    current(source)
    assert caplog.text == ""


def test_fixed_edit_after_a_broken_one_is_served(schedule_file: Path) -> None:
    source = CatalogSource(schedule_file)
    text = schedule_file.read_text(encoding="utf-8")
    write_and_bump(schedule_file, "this is not toml [")
    assert problems(source)
    write_and_bump(schedule_file, text.replace('city = "Leszno"', 'city = "Kalisz"'))
    assert current(source)[0].city == "Kalisz"
    assert problems(source) == ()


def test_deleted_file_keeps_serving(schedule_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = CatalogSource(schedule_file)
    _, version = current(source)
    schedule_file.unlink()
    with caplog.at_level(logging.ERROR, logger="notifier.files.source"):
        assert current(source)[1] == version
    assert "gone" in caplog.text


def test_non_utf8_edit_is_rejected_in_polish(schedule_file: Path) -> None:
    source = CatalogSource(schedule_file)
    data = schedule_file.read_text(encoding="utf-8").encode("cp1250")
    before = os.stat(schedule_file).st_mtime_ns
    schedule_file.write_bytes(data)
    os.utime(schedule_file, ns=(before + 10**9, before + 10**9))
    assert any("UTF-8" in p for p in problems(source))


def test_a_huge_file_is_refused_unread_with_a_clear_error(
    schedule_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A 50 MB file is not read at all (it stalled every request for seconds)."""
    source = CatalogSource(schedule_file)
    _, version = current(source)
    before = os.stat(schedule_file).st_mtime_ns
    with schedule_file.open("r+b") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: no need to write 50 MB
    os.utime(schedule_file, ns=(before + 10**9, before + 10**9))
    with caplog.at_level(logging.ERROR, logger="notifier.files.source"):
        snap = source.snapshot()
    assert snap.version == version
    problem = (
        "plik jest za duży (50,0 MB); plik harmonogramu może mieć najwyżej 2 MB – proszę "
        "sprawdzić, czy to właściwy plik"
    )
    assert problems(source) == (problem,)
    with pytest.raises(ScheduleError, match="za duży"):
        CatalogSource(schedule_file)


def test_a_deleted_file_is_reported_as_a_problem(schedule_file: Path) -> None:
    source = CatalogSource(schedule_file)
    schedule_file.unlink()
    assert problems(source) == ("nie ma takiego pliku ani katalogu",)


@pytest.mark.anyio
async def test_the_web_reads_a_changed_file_off_the_request_path(
    clean_env: pytest.MonkeyPatch, schedule_file: Path
) -> None:
    """While a changed file is being read (here: a FIFO nobody writes to yet, so the read
    blocks), requests are answered at once from the last good version.

    The writer feeds the FIFO, through a second link to it, as often as it is opened: a scan
    may open the file again (or a second scan start) before the regular file is swapped in, and
    a FIFO opened with no writer left blocks that scan, and settle() joining it, for good."""
    import httpx

    from notifier.settings import load_settings
    from notifier.web.app import create_app

    text = schedule_file.read_text(encoding="utf-8")  # noqa: ASYNC240 - a small local file
    old_version = schedule_version(text.encode())
    app = create_app(load_settings(schedule=schedule_file))
    source = app.state.notifier.catalog_source
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        schedule_file.unlink()  # noqa: ASYNC240
        os.mkfifo(schedule_file)
        # The reload starts and blocks opening the FIFO; these requests do not wait for it.
        assert (await client.get("/healthz")).json()["version"] == old_version
        assert (await client.get("/healthz")).json()["version"] == old_version
        new_text = text.replace('city = "Leszno"', 'city = "Kalisz"')
        fifo = schedule_file.with_suffix(".fifo")
        os.link(schedule_file, fifo)  # the same FIFO, still reachable once the file is swapped
        stop = threading.Event()

        def feed() -> None:
            while not stop.is_set():
                try:
                    fifo.write_text(new_text, encoding="utf-8")  # waits for a reader to open it
                except BrokenPipeError:  # the reader that only released this open() below
                    return

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        # Writing to a FIFO changes its mtime: swap in a regular file so nothing blocks again.
        regular = schedule_file.with_suffix(".new")
        regular.write_text(new_text, encoding="utf-8")
        os.replace(regular, schedule_file)
        snap = source.settle()  # waits for the scan that read the FIFO, then scans again
        stop.set()
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # releases a writer waiting to open
        writer.join()
        assert snap.catalog.first.city == "Kalisz"
        new_version = schedule_version(new_text.encode())
        assert (await client.get("/healthz")).json()["version"] == new_version
