"""who holds a delivery claim; which delivery a rate-limit event counts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=255), nullable=True))
    with op.batch_alter_table("rate_limit_events") as batch:
        batch.add_column(sa.Column("delivery_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_rate_limit_events_delivery_id"), ["delivery_id"])


def downgrade() -> None:
    with op.batch_alter_table("rate_limit_events") as batch:
        batch.drop_index(batch.f("ix_rate_limit_events_delivery_id"))
        batch.drop_column("delivery_id")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("claimed_by")
