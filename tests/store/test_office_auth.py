"""Office sign-in links and sessions on SQLite and PostgreSQL: hashes only, single use, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from notifier.store.db import Database
from notifier.store.office_auth import (
    SignInLinkError,
    end_session,
    mint_signin_link,
    session_email,
    start_session,
    use_signin_link,
)
from notifier.store.office_models import OfficeSession, OfficeSignInLink

NOW = datetime(2024, 5, 10, 8, 0, tzinfo=UTC)
WHO = "pelnomocnik-ngo@example.org"


def test_a_link_opens_one_session_once_and_only_its_hash_is_kept(db: Database) -> None:
    with db.session() as session:
        token = mint_signin_link(session, WHO, NOW)
    with db.session() as session:
        assert [r.token_hash for r in session.scalars(select(OfficeSignInLink))] != [token]
        assert use_signin_link(session, token, NOW + timedelta(minutes=14)) == WHO
    with db.session() as session, pytest.raises(SignInLinkError, match="już użyty"):
        use_signin_link(session, token, NOW)
    with db.session() as session:
        late = mint_signin_link(session, WHO, NOW)
    with db.session() as session, pytest.raises(SignInLinkError, match="wygasł"):
        use_signin_link(session, late, NOW + timedelta(minutes=15))


def test_a_session_lives_while_used_and_ends_at_sign_out(db: Database) -> None:
    with db.session() as session:
        value = start_session(session, WHO, NOW)
        assert session.scalar(select(OfficeSession.session_hash)) != value
    later = NOW + timedelta(hours=7)
    with db.session() as session:
        assert session_email(session, value, later) == WHO
    with db.session() as session:
        assert session_email(session, value, later + timedelta(hours=7)) == WHO
        assert session_email(session, "x" * 43, later) is None
    with db.session() as session:
        assert session_email(session, value, later + timedelta(hours=15, minutes=1)) is None
    with db.session() as session:
        fresh = start_session(session, WHO, NOW)
        end_session(session, fresh)
        assert session_email(session, fresh, NOW) is None
