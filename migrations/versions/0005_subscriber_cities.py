"""subscribers choose cities; those who signed up before are placed at the next start

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Existing subscribers get all_cities = NULL: "signed up before cities existed". The service
places them in the city they signed up in when it next starts with that one city configured
(notifier/store/city_placement.py), and prefixes their delivery log's task keys with it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriber_cities",
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_subscriber_cities_subscriber_id_subscribers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subscriber_id", "city_id", name=op.f("pk_subscriber_cities")),
    )
    op.create_index(
        op.f("ix_subscriber_cities_city_id_subscriber_id"),
        "subscriber_cities",
        ["city_id", "subscriber_id"],
    )
    with op.batch_alter_table("subscribers") as batch:
        batch.add_column(sa.Column("all_cities", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subscribers") as batch:
        batch.drop_column("all_cities")
    op.drop_index(op.f("ix_subscriber_cities_city_id_subscriber_id"), "subscriber_cities")
    op.drop_table("subscriber_cities")
