"""The office area's tables: sign-in links, sessions and the audit log of office edits.

Kept beside notifier/store/models.py on the same declarative base (one metadata, one
migration history); links and sessions are stored only as sha256 hashes, like
subscriber tokens (notifier.store.tokens).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from notifier.core.preferences import EMAIL_MAX
from notifier.store.models import CITY_ID_MAX, Base, UTCDateTime


class OfficeSignInLink(Base):
    """A sign-in link emailed to an office address: single use, short-lived."""

    __tablename__ = "office_signin_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class OfficeSession(Base):
    """A signed-in office person's session: the cookie's hash, whose it is, when last used."""

    __tablename__ = "office_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class OfficeAuditEntry(Base):
    """One change made in the office area: who, when, what, the before and after (TOML)."""

    __tablename__ = "office_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_id: Mapped[str] = mapped_column(String(CITY_ID_MAX))
    year: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(EMAIL_MAX))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(Text)  # what changed, in words ("ogłoszenie …")
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (Index(None, "city_id", "at"),)
