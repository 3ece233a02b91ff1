"""The tables of a call's corrections (notifier.store.call_versions): each version of what a
call tells, and which version each call email told.

Kept beside notifier/store/models.py on the same declarative base (one metadata, one
migration history).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from notifier.store.models import TASK_KEY_MAX, Base, UTCDateTime


class CallVersionRow(Base):
    """One version of what a call tells (core.call_changes.Told, JSON), recorded when first
    seen; `previous` is the version it follows (0 for the first), unique per call, so two
    processes recording the same correction record it once."""

    __tablename__ = "call_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_ref: Mapped[str] = mapped_column(String(TASK_KEY_MAX))  # "leszno/2024/20240506-…"
    previous: Mapped[int] = mapped_column(Integer)
    told: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("call_ref", "previous"),)


class CallToldRow(Base):
    """Which version of its call a call email ("Ogłoszono konkurs", or a correction) tells:
    written with its claim, rewritten when a failed one is retaken (it is rendered anew)."""

    __tablename__ = "call_told"

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True
    )
    version_id: Mapped[int] = mapped_column(Integer)
