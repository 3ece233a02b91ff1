"""calls: feed event versions, window snapshots and changes, deadline reminder days

Revision ID: 0004
Revises: 0003
Create Date: 2024-05-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_event_versions",
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("last_modified", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_feed_event_versions")),
    )
    op.create_table(
        "task_window_snapshots",
        sa.Column("task_key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("windows", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("task_key", name=op.f("pk_task_window_snapshots")),
    )
    op.create_table(
        "window_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("old_period", sa.Text(), nullable=False),
        sa.Column("old_windows", sa.Text(), nullable=False),
        sa.Column("new_period", sa.Text(), nullable=True),
        sa.Column("new_windows", sa.Text(), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_window_changes")),
    )
    op.create_index(op.f("ix_window_changes_task_key"), "window_changes", ["task_key"])
    op.create_index(op.f("ix_window_changes_detected_at"), "window_changes", ["detected_at"])
    with op.batch_alter_table("subscribers") as batch:
        batch.add_column(
            sa.Column("deadline_days", sa.SmallInteger(), server_default="3", nullable=False)
        )
        batch.create_check_constraint(
            op.f("ck_subscribers_deadline_days_range"), "deadline_days BETWEEN 1 AND 14"
        )


def downgrade() -> None:
    with op.batch_alter_table("subscribers") as batch:
        batch.drop_constraint("ck_subscribers_deadline_days_range", type_="check")
        batch.drop_column("deadline_days")
    op.drop_table("window_changes")
    op.drop_table("task_window_snapshots")
    op.drop_table("feed_event_versions")
