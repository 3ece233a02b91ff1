"""No password and no link token reaches an error, a log line or the console."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from server_process import started

from notifier.cli.main import main
from notifier.redact import RedactingFilter, mask_url, redact
from notifier.store.db import open_database

SECRET = "Tajne-Haslo-42"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NOTIFIER_SMTP_URL", f"smtp://biuro:{SECRET}@poczta.example.pl:99999"),
        ("NOTIFIER_SMTP_URL", f"smtpx://biuro:{SECRET}@poczta.example.pl"),
        ("NOTIFIER_DATABASE_URL", f"mysql://notifier:{SECRET}@db.example.pl/notifier"),
    ],
)
def test_a_bad_url_setting_is_reported_without_its_password(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    clean_env.setenv(variable, value)
    assert main(["jobs"]) == 1
    err = capsys.readouterr().err
    assert variable in err
    assert SECRET not in err
    assert "biuro:***@" in err or "notifier:***@" in err


def test_an_unreachable_database_is_reported_without_its_password(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seed_schedule_path: Path
) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv(
        "NOTIFIER_DATABASE_URL", f"postgresql+psycopg://notifier:{SECRET}@127.0.0.1:1/notifier"
    )
    assert main(["jobs"]) == 1
    err = capsys.readouterr().err
    assert "Nie można otworzyć bazy danych postgresql+psycopg://notifier:***@127.0.0.1:1" in err
    assert SECRET not in err
    assert err.strip().splitlines()[-1].startswith("Nie można otworzyć bazy danych")
    assert "Traceback" not in err


def test_jobs_shows_where_it_sends_with_the_password_masked(
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seed_schedule_path: Path,
    tmp_path: Path,
) -> None:
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    url = f"sqlite:///{tmp_path / 'subscribers.db'}"
    open_database(url).dispose()  # `jobs` only shows: it never creates the database
    clean_env.setenv("NOTIFIER_DATABASE_URL", url)
    clean_env.setenv("NOTIFIER_SMTP_URL", f"smtp://biuro:{SECRET}@127.0.0.1:1")
    assert main(["jobs"]) == 0
    out = capsys.readouterr().out
    assert "poczta: smtp://biuro:***@127.0.0.1:1" in out
    assert SECRET not in out


def test_redact_hides_passwords_and_every_kind_of_link_token() -> None:
    assert mask_url(f"postgresql+psycopg://u:{SECRET}@db/x") == "postgresql+psycopg://u:***@db/x"
    assert mask_url("smtp://poczta.example.pl:25") == "smtp://poczta.example.pl:25"
    line = '1.2.3.4:5 - "POST /unsubscribe/abc-DEF_123 HTTP/1.1" 200 /confirm/x?y /manage/z#'
    assert redact(line) == (
        '1.2.3.4:5 - "POST /unsubscribe/[ukryty] HTTP/1.1" 200 /confirm/[ukryty]?y '
        "/manage/[ukryty]#"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/%63onfirm/TOKEN",  # the router decodes it into /confirm/TOKEN: a working link
        "/%6Danage/TOKEN?lang=en",
        "/%75%6e%73%75%62%73%63%72%69%62%65/TOKEN",
        "/confirm%2FTOKEN",
        "/biuro%2fwejscie/TOKEN",
        "/biuro/wejscie%2FTOKEN",
        "/MANAGE/TOKEN",
        # blind round 9b (F3): paths the router folds into a working link
        "/manage//TOKEN",
        "/manage/./TOKEN",
        "/manage/%2e/TOKEN",
        "//manage/TOKEN",
        "/x/..%2fmanage/TOKEN",
        "/unsubscribe%2f%2fTOKEN",
        "/biuro/wejscie/.//TOKEN",
        "/manage/x/..%2fTOKEN",
        "/x%2f..%2fmanage/TOKEN",
    ],
)
def test_a_token_is_hidden_however_its_path_is_spelled(path: str) -> None:
    line = f'127.0.0.1:5 - "GET {path} HTTP/1.1" 200'
    assert "TOKEN" not in redact(line)
    assert "[ukryty]" in redact(line)


def test_a_logged_traceback_is_redacted_too(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("notifier.test_secrets")
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    record = logger.makeRecord(
        logger.name, logging.ERROR, __file__, 1, "failed %s", ("/manage/TOKEN1",), None
    )
    try:
        raise RuntimeError(f"smtp://u:{SECRET}@h")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    assert handler.filter(record)
    text = logging.Formatter().format(record)
    assert "TOKEN1" not in text
    assert SECRET not in text
    assert "/manage/[ukryty]" in text


def test_a_log_line_never_carries_a_control_character_to_the_terminal() -> None:
    """Whatever a message quotes from outside (a mail server's reply, an exception's text):
    an ESC, a BEL or a byte that was not UTF-8 is written as its escape; tab and line breaks
    stay (blind round four, G4)."""
    logger = logging.getLogger("notifier.test_controls")
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    record = logger.makeRecord(
        logger.name, logging.WARNING, __file__, 1, "rejected: %s", ("\x1b]0;X\x07pe\udcb3na",), None
    )
    try:
        raise RuntimeError("550 \x1b[2J")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    assert handler.filter(record)
    text = logging.Formatter().format(record)
    assert "rejected: \\x1b]0;X\\x07pe\\xb3na" in text
    assert "RuntimeError: 550 \\x1b[2J" in text
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\n" in text  # the traceback keeps its lines


def test_the_access_log_of_a_real_server_never_holds_a_token(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env["NOTIFIER_SCHEDULE"] = str(seed_schedule_path)
    process, port, _ = started(
        lambda port: subprocess.Popen(
            [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    )
    tokens = {kind: f"{kind}Token{'x' * 30}" for kind in ("confirm", "manage", "unsubscribe")}
    try:
        for kind, token in tokens.items():
            httpx.get(f"http://127.0.0.1:{port}/{kind}/{token}?utm=1", timeout=5)
        httpx.post(f"http://127.0.0.1:{port}/unsubscribe/{tokens['unsubscribe']}", timeout=5)
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    log = (out + err).decode()
    assert '"GET /manage/[ukryty]?utm=1 HTTP/1.1" 400' in log  # the access log is there
    assert '"POST /unsubscribe/[ukryty] HTTP/1.1" 400' in log
    for token in tokens.values():
        assert token not in log


_USER = st.text(st.sampled_from("abcXYZ09.-_+ @!%~"), min_size=1, max_size=12)
_PASSWORD = st.text(st.sampled_from("QWERTYzx0123456789 @:/!#?%&*()-_+=~"), min_size=8, max_size=16)


@settings(max_examples=60, deadline=None)
@given(user=_USER, password=_PASSWORD, scheme=st.sampled_from(["smtp", "postgresql+psycopg"]))
def test_no_url_password_survives_redaction_however_it_is_spelt(
    user: str, password: str, scheme: str
) -> None:
    # The libraries split userinfo at the LAST "@" before the host (F24: a login that is an
    # email address, a password with a space).
    url = f"{scheme}://{user}:{password}@127.0.0.1:1/db"
    assume(password not in f"{scheme}://{user}:***@127.0.0.1:1/db baza danych: poczta:")
    for shown in (mask_url(url), redact(f"baza danych: {url}; poczta: {url} (x)")):
        assert password not in shown
        assert "***@127.0.0.1:1" in shown


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(user=_USER, password=_PASSWORD, port=st.sampled_from(["1", "99999"]))
def test_neither_start_up_nor_a_settings_error_prints_the_smtp_password(
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seed_schedule_path: Path,
    tmp_path: Path,
    user: str,
    password: str,
    port: str,
) -> None:
    assume(password not in f"smtp://{user}:***@127.0.0.1:{port}")
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{tmp_path / 'subscribers.db'}")
    clean_env.setenv("NOTIFIER_SMTP_URL", f"smtp://{user}:{password}@127.0.0.1:{port}")
    main(["jobs"])
    captured = capsys.readouterr()
    assert password not in captured.out + captured.err
    assert "***@127.0.0.1" in captured.out + captured.err
