"""A mail server that offers no STARTTLS, given a user and a password (blind10a M15): the
password is never sent in clear, and the reason said is the missing TLS, not "nie udało się
połączyć" — the connection was made. A real aiosmtpd server, `notifier remind` as run."""

from __future__ import annotations

import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from server_process import free_port
from smtp_server import RecordingHandler, smtp_server

from notifier.cli.main import main


class Watching(RecordingHandler):
    """Records every command the client sent, AUTH included."""

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.commands.append("EHLO")
        session.host_name = hostname
        return responses

    async def handle_AUTH(self, server: Any, session: Any, envelope: Any, args: list[str]) -> str:
        self.commands.append("AUTH")
        return "535 5.7.8 not here"


def test_credentials_to_a_server_without_starttls_say_tls_is_missing_and_send_nothing(
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    handler = Watching()
    with smtp_server(handler) as (host, port):
        clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
        clean_env.setenv("NOTIFIER_SMTP_URL", f"smtp://urzad:tajne-haslo@{host}:{port}")
        clean_env.setenv("NOTIFIER_SMTP_TIMEOUT", "5")
        assert main(["subscribers", "add", "ngo@example.org", "--lead-days", "7"]) == 0
        capsys.readouterr()
        code = main(["remind", "--as-of", "2024-04-24"])
    out, err = capsys.readouterr()
    said = out + err
    assert code == 1
    assert f"serwer poczty {host}:{port} nie oferuje szyfrowania (STARTTLS)" in said
    assert "nie udało się połączyć" not in said
    assert "tajne-haslo" not in said
    assert "EHLO" in handler.commands  # it did connect and greet
    assert "AUTH" not in handler.commands  # the password never went out
    assert handler.received == []


def test_credentials_go_out_only_after_starttls_and_the_messages_are_delivered(
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The way that works: a server offering STARTTLS (a certificate for 127.0.0.1 trusted
    through SSL_CERT_FILE, as an operator's own CA would be) gets TLS, then the login."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=False, capture_output=True,
    )  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"openssl cannot make a certificate here: {made.stderr.decode()[:200]}")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bool]] = []

    def authenticator(
        server: Any, session: Any, envelope: Any, mechanism: str, auth: Any
    ) -> AuthResult:
        logins.append((auth.password, session.ssl is not None))
        return AuthResult(success=auth.password == b"tajne-haslo")

    handler = RecordingHandler()
    port = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, tls_context=context,
        require_starttls=True, authenticator=authenticator, auth_require_tls=True,
    )  # fmt: skip
    controller.start()
    try:
        clean_env.setenv("SSL_CERT_FILE", str(cert))
        clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
        clean_env.setenv("NOTIFIER_SMTP_URL", f"smtp://urzad:tajne-haslo@127.0.0.1:{port}")
        assert main(["subscribers", "add", "ngo@example.org", "--lead-days", "7"]) == 0
        capsys.readouterr()
        assert main(["remind", "--as-of", "2024-04-24"]) == 0, capsys.readouterr()
    finally:
        controller.stop()
    assert logins == [(b"tajne-haslo", True)]
    assert handler.received
    assert {r.rcpt_tos[0] for r in handler.received} == {"ngo@example.org"}
