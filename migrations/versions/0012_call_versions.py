"""call_versions and call_told: a call's corrections reach those told of it

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08

Blind round 11, F6: the office moved a published call's deadline three weeks earlier and
nobody who had been emailed "Ogłoszono konkurs" heard of it. Each version of what a call
tells is recorded, and so is the version each call email told; a subscriber told an older
one gets one email naming old and new.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_ref", sa.String(length=200), nullable=False),
        sa.Column("previous", sa.Integer(), nullable=False),
        sa.Column("told", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_versions")),
        sa.UniqueConstraint(
            "call_ref", "previous", name=op.f("uq_call_versions_call_ref_previous")
        ),
    )
    op.create_table(
        "call_told",
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["deliveries.id"],
            name=op.f("fk_call_told_delivery_id_deliveries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("delivery_id", name=op.f("pk_call_told")),
    )


def downgrade() -> None:
    op.drop_table("call_told")
    op.drop_table("call_versions")
