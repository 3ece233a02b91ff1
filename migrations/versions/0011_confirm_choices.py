"""subscriber_tokens.choices: a confirm link confirms the choices its email described

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Anyone can sign a pending address up again with other choices; the owner's first link then
confirmed the stranger's choices (blind round 37, M18). Each confirm token now keeps the
choices of the email that carries it. Tokens minted before keep NULL and confirm the
address's current settings, as they did.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscriber_tokens") as batch:
        batch.add_column(sa.Column("choices", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subscriber_tokens") as batch:
        batch.drop_column("choices")
