"""Which NOTIFIER_BASE_URL `notifier serve`/`web` link with (blind round 8, F1: `make run` put
its own default into the environment, which overrode the `.env` the README tells operators to
write, so pages and emails linked to the app's private port while `remind` used `.env`)."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

import notifier.settings
from notifier.cli.common import served_settings
from notifier.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(clean_env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    # served_settings writes os.environ for the --workers processes: restored after the test.
    clean_env.setenv("NOTIFIER_BASE_URL", "restored")
    clean_env.delenv("NOTIFIER_BASE_URL")
    return clean_env


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:8080"),
        ("localhost", "http://localhost:8080"),
        ("::1", "http://[::1]:8080"),
        ("0.0.0.0", f"http://{socket.getfqdn()}:8080"),
        ("::", f"http://{socket.getfqdn()}:8080"),
    ],
)
def test_set_nowhere_links_follow_the_address_served(env, host, expected):
    settings = served_settings(load_settings(), host, 8080)
    assert settings.base_url == expected
    assert os.environ["NOTIFIER_BASE_URL"] == expected  # what --workers processes read
    assert load_settings().base_url == expected


def test_the_one_in_dot_env_wins_over_the_address_served(env, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("NOTIFIER_BASE_URL=https://konkursy.leszno.example.pl\n", encoding="utf-8")
    env.setattr(notifier.settings, "DOTENV", dotenv)
    settings = served_settings(load_settings(), "127.0.0.1", 18850)
    assert settings.base_url == "https://konkursy.leszno.example.pl"
    assert "NOTIFIER_BASE_URL" not in os.environ


def test_the_one_in_the_environment_wins_over_dot_env_and_the_address(env, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("NOTIFIER_BASE_URL=https://z-pliku.example.pl\n", encoding="utf-8")
    env.setattr(notifier.settings, "DOTENV", dotenv)
    env.setenv("NOTIFIER_BASE_URL", "https://ze-srodowiska.example.pl")
    settings = served_settings(load_settings(), "0.0.0.0", 8000)
    assert settings.base_url == "https://ze-srodowiska.example.pl"


def test_make_run_leaves_the_base_url_to_the_settings():
    """`make run` passes HOST and PORT only; it sets no NOTIFIER_* variable of its own."""
    commands = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0", "PORT=8080"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    serve = [line for line in commands.splitlines() if "notifier serve" in line]
    assert serve == [".venv/bin/notifier serve --host 0.0.0.0 --port 8080"]
    assert "NOTIFIER_" not in commands
