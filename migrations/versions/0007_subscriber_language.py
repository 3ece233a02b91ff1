"""subscribers have a language: every email to them is written in it

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Existing subscribers signed up on the Polish pages: they get "pl". New ones get the language
of the page they signed up on, and may change it on their settings page.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscribers") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=8), server_default="pl", nullable=False)
        )
        batch.create_check_constraint(
            op.f("ck_subscribers_language"), "language IN ('pl', 'en', 'uk')"
        )


def downgrade() -> None:
    with op.batch_alter_table("subscribers") as batch:
        batch.drop_constraint("ck_subscribers_language", type_="check")
        batch.drop_column("language")
