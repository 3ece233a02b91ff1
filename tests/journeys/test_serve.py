"""`notifier serve` / `notifier web`: a real server in a subprocess, and start-up failures."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from ical_checks import check_ics
from server_process import free_port, started

from notifier.cli.main import main


@pytest.mark.parametrize("command", ["serve", "web"])
def test_serve_answers_health_and_the_feed_over_http(
    command: str, tmp_path: Path, seed_schedule_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env["NOTIFIER_SCHEDULE"] = str(seed_schedule_path)
    env["NOTIFIER_BASE_URL"] = "https://konkursy.example.pl/"
    process, port, health = started(
        lambda port: subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", command, "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    )
    try:
        assert health.status_code == 200
        assert len(health.json()["version"]) == 12
        feed = httpx.get(f"http://127.0.0.1:{port}/calendar.ics", timeout=30)
        assert feed.status_code == 200
        assert len(check_ics(feed.content)) == 8
        assert b"URL:https://konkursy.example.pl/#" in feed.content
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert page.text.count("<tr data-task=") == 28
        # A request line uvicorn cannot parse is answered by uvicorn itself: in Polish.
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            raw.sendall(b"GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n")
            answer = b"".join(iter(lambda: raw.recv(4096), b""))
        assert answer.startswith(b"HTTP/1.1 400 ")
        assert "Nieprawidłowe żądanie HTTP" in answer.decode("utf-8")
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr


def _serve(tmp_path: Path, schedule: Path, port: int, database_url: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {"NOTIFIER_SCHEDULE": str(schedule), "NOTIFIER_DATABASE_URL": database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "notifier.cli.main", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _lock_owner(database_url: str) -> str | None:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT owner FROM worker_locks")).scalar()
    finally:
        engine.dispose()


def test_serve_killed_with_sigkill_starts_again_at_once(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    """The dead holder's lock is taken over at once: no 120 s of "Inny worker już działa"."""
    url = f"sqlite:///{tmp_path / 'subscribers.db'}"
    first, _, health = started(lambda port: _serve(tmp_path, seed_schedule_path, port, url))
    try:
        assert health.status_code == 200
        holder = _lock_owner(url)
        assert holder is not None
        assert f":{first.pid}:" in holder
    finally:
        first.kill()
        first.communicate(timeout=10)
    second, _, health = started(lambda port: _serve(tmp_path, seed_schedule_path, port, url))
    try:
        assert health.status_code == 200
        # The worker took the lock while starting, before the port opened.
        holder = _lock_owner(url)
        assert holder is not None
        assert f":{second.pid}:" in holder
    finally:
        second.terminate()
        _, stderr = second.communicate(timeout=10)
    assert b"Inny worker" not in stderr
    assert b"Traceback" not in stderr


def test_serve_answers_while_a_live_worker_elsewhere_holds_the_lock(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    """The web side never waits for the worker lock."""
    from datetime import UTC, datetime

    from notifier.store.db import open_database
    from notifier.store.worker_lock import acquire

    url = f"sqlite:///{tmp_path / 'subscribers.db'}"
    db = open_database(url)
    try:
        acquire(db.engine, "inny-host:4242:abcd", datetime.now(UTC))
    finally:
        db.dispose()
    process, _, health = started(lambda port: _serve(tmp_path, seed_schedule_path, port, url))
    try:
        assert health.status_code == 200
        assert _lock_owner(url) == "inny-host:4242:abcd"
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Inny worker już działa na tej bazie danych (inny-host:4242:abcd" in stderr.decode()
    assert b"Traceback" not in stderr


def test_serve_with_an_invalid_schedule_stops_listing_its_problems(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "schedule.toml"
    bad.write_text('[harmonogram]\ntitle = "Harmonogram"\nyear = "2024"\n', encoding="utf-8")
    assert main(["serve", "--schedule", str(bad), "--port", str(free_port())]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err
    assert "year musi być rokiem" in err
    assert "brak sekcji" in err
    assert "Traceback" not in err


def test_web_with_a_bad_setting_stops_with_a_clear_line(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("NOTIFIER_BASE_URL", "konkursy.leszno.pl")
    assert main(["web", "--port", str(free_port())]) == 1
    err = capsys.readouterr().err
    assert "NOTIFIER_BASE_URL='konkursy.leszno.pl': musi być adresem http:// lub https://" in err


def test_web_on_a_read_only_database_stops_with_one_line(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """It printed a 147-line traceback from inside uvicorn's start-up before the message; then,
    with a directory of harmonograms, an English line of the files' scan before it (blind
    round three, m8): the database is opened first, by `web`, `serve` and `worker` alike."""
    empty = tmp_path / "ro.db"
    empty.touch()
    directory = tmp_path / "harmonogramy"
    directory.mkdir()
    (directory / "leszno-2024.toml").write_bytes(seed_schedule_path.read_bytes())
    clean_env.setenv("NOTIFIER_SCHEDULE", str(directory))
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///file:{empty}?mode=ro&uri=true")
    expected = (
        f"Nie można otworzyć bazy danych sqlite:///file%3A{empty}?mode=ro&uri=true: "
        "plik jest tylko do odczytu – proszę dać użytkownikowi, który uruchamia serwis, prawo "
        "zapisu do pliku bazy (i do katalogu, w którym leży)"
    )
    for command in (["web", "--port", str(free_port())], ["serve"], ["worker"]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err.strip().splitlines()[-1:] == [expected], command
        assert [line for line in err.splitlines() if "Nie można" not in line] == [], command


def test_web_on_a_port_already_taken_stops_with_one_polish_line(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{tmp_path / 's.db'}")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["web", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"Nie można nasłuchiwać na 127.0.0.1:{port}: adres jest już zajęty."
    ]


@pytest.mark.parametrize(
    ("trusted", "codes"),
    [("127.0.0.1", [200, 200, 200, 429]), ("10.9.9.9", [200, 429, 429, 429])],
)
def test_the_per_client_limit_believes_forwarded_addresses_only_from_trusted_proxies(
    tmp_path: Path, seed_schedule_path: Path, trusted: str, codes: list[int]
) -> None:
    """Two people behind our proxy (X-Forwarded-For) are two clients; the same header from a
    peer that is not a trusted proxy is ignored (else anyone could dodge the limit). m14: only
    an address is taken from the header; "1.2.3.4, <script>" from a trusted proxy was logged
    as client "<script>:0" — now it is the peer's address (the third and fourth sign-ups are
    one client, 127.0.0.1)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(seed_schedule_path),
        "NOTIFIER_TRUSTED_PROXIES": trusted,
        "NOTIFIER_SUBSCRIBE_LIMIT_PER_CLIENT": "1",
    }
    process, port, _ = started(
        lambda port: subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    )
    try:
        got = [
            httpx.post(
                f"http://127.0.0.1:{port}/subscribe",
                data={"email": f"osoba{i}@example.org"},
                headers={"X-Forwarded-For": forwarded},
                timeout=30,
            ).status_code
            for i, forwarded in enumerate(
                ("203.0.113.1", "203.0.113.2", "1.2.3.4, <script>", "203.0.113.9:80, nie-adres")
            )
        ]
    finally:
        process.terminate()
        _out, log = process.communicate(timeout=10)
    assert got == codes
    assert "<script>" not in log.decode()
    assert "nie-adres" not in log.decode()
