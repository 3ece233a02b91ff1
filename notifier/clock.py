"""The real clock, for adapters; the core never reads it (it is passed `now`)."""

from __future__ import annotations

from datetime import UTC, datetime


def wall_clock() -> datetime:
    """Now, aware UTC."""
    return datetime.now(UTC)
