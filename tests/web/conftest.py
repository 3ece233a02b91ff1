"""Fixtures of the web tests (tests/web): a real SMTP server behind the app's sign-up emails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from smtp_server import RecordingHandler, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    """A recording SMTP server on 127.0.0.1: its handler and its port."""
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        yield handler, port
