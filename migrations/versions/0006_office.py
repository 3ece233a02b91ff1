"""office area: sign-in links, sessions, the audit log of office edits

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_signin_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_signin_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_office_signin_links_token_hash")),
    )
    op.create_index(
        op.f("ix_office_signin_links_created_at"), "office_signin_links", ["created_at"]
    )
    op.create_table(
        "office_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_sessions")),
        sa.UniqueConstraint("session_hash", name=op.f("uq_office_sessions_session_hash")),
    )
    op.create_index(op.f("ix_office_sessions_last_seen_at"), "office_sessions", ["last_seen_at"])
    op.create_table(
        "office_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_audit")),
    )
    op.create_index(op.f("ix_office_audit_city_id_at"), "office_audit", ["city_id", "at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_office_audit_city_id_at"), "office_audit")
    op.drop_table("office_audit")
    op.drop_index(op.f("ix_office_sessions_last_seen_at"), "office_sessions")
    op.drop_table("office_sessions")
    op.drop_index(op.f("ix_office_signin_links_created_at"), "office_signin_links")
    op.drop_table("office_signin_links")
