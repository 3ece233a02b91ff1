"""served_files: which file serves each city's year, kept for every process and restart

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Two files of a directory may hold the same city and year; the first to serve it keeps it
while it is there (notifier.core.served_files). Empty at first: each (city, year) is recorded
by the first process that reads the directory after this migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "served_files",
        sa.Column("city_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("city_id", "year", name=op.f("pk_served_files")),
    )


def downgrade() -> None:
    op.drop_table("served_files")
