"""kept_files: the last good content of each served harmonogram file, for every restart

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

A process started while a served file does not validate serves the content kept here (the
version every process served before) instead of dropping the city's year from every feed
(notifier.files.kept). Empty at first: each served file is kept by the first process that
reads it after this migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_files",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.String(length=12), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_kept_files")),
    )


def downgrade() -> None:
    op.drop_table("kept_files")
