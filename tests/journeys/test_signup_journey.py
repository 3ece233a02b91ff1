"""The whole sign-up journey as a new user meets it: `notifier serve`, the form, the outbox, one click."""

from __future__ import annotations

import mailbox
import os
import re
import subprocess
import sys
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from server_process import started

from notifier.store.db import open_database
from notifier.store.models import ACTIVE, PENDING, UNSUBSCRIBED
from notifier.store.subscribers import find_by_email


def _wait_for_mail(path: Path, process: subprocess.Popen[bytes]) -> list[EmailMessage]:
    """The outbox once the sign-up email is in it (it is sent beside the answer, not before)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}")
        if (path / "new").is_dir() and any((path / "new").iterdir()):
            return _outbox(path)
        time.sleep(0.05)
    pytest.fail("no email in the outbox within 30 s")


def _outbox(path: Path) -> list[EmailMessage]:
    return [
        message_from_bytes(m.as_bytes(), policy=policy.default)  # type: ignore[misc]
        for m in mailbox.Maildir(path, create=False)
    ]


def _state(database_url: str, email: str) -> str | None:
    db = open_database(database_url)
    try:
        with db.session() as session:
            subscriber = find_by_email(session, email)
            return subscriber.state if subscriber is not None else None
    finally:
        db.dispose()


def test_subscribe_confirm_and_one_click_unsubscribe_against_a_running_server(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    (tmp_path / "data").mkdir()  # the operator's folder; the database is the service's to make
    database_url = f"sqlite:///{tmp_path / 'data' / 'subscribers.db'}"
    outbox = tmp_path / "outbox"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(seed_schedule_path),
        "NOTIFIER_DATABASE_URL": database_url,
        "NOTIFIER_OUTBOX": str(outbox),
    }

    def start(port: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", "serve", "--port", str(port)],
            cwd=tmp_path,
            env=env | {"NOTIFIER_BASE_URL": f"http://127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    process, port, _ = started(start)
    base = f"http://127.0.0.1:{port}"
    try:
        assert (tmp_path / "data" / "subscribers.db").is_file()  # created at start, no manual step

        form = httpx.post(
            f"{base}/subscribe",
            content="email=Stowarzyszenie%40example.org&topic=seniorzy&lead_days=7&lead_days=14",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=30,
        )
        assert form.status_code == 200
        assert "Prosimy sprawdzić skrzynkę e-mail" in form.text
        assert _state(database_url, "stowarzyszenie@example.org") == PENDING

        [mail] = _wait_for_mail(outbox, process)
        assert mail["To"] == "Stowarzyszenie@example.org"
        text = mail.get_body(("plain",)).get_content()
        match = re.search(rf"{re.escape(base)}/confirm/[A-Za-z0-9_-]+", text)
        assert match, text
        confirm_url = match.group(0)

        button = httpx.get(confirm_url, timeout=30)
        assert button.status_code == 200
        assert f'action="{confirm_url.removeprefix(base)}?lang=pl"' in button.text
        assert _state(database_url, "stowarzyszenie@example.org") == PENDING

        confirmed = httpx.post(confirm_url, timeout=30)
        assert confirmed.status_code == 200
        assert "Zapis potwierdzony" in confirmed.text
        assert _state(database_url, "stowarzyszenie@example.org") == ACTIVE

        # Read the header as a mail client would: raw, not decoded by Python's email package.
        [raw] = [path.read_bytes() for path in (outbox / "new").iterdir()]
        header = re.search(rb"^List-Unsubscribe: <(http://[^>]+)>$", raw, re.MULTILINE)
        assert header, raw[:800]
        assert re.search(rb"^List-Unsubscribe-Post: List-Unsubscribe=One-Click$", raw, re.MULTILINE)
        bare = httpx.post(header.group(1).decode(), timeout=30)
        assert bare.status_code == 200
        assert _state(database_url, "stowarzyszenie@example.org") == UNSUBSCRIBED
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr
