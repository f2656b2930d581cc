"""Credit awards can be revoked: when, by whom and why (the row itself is kept)

Revision ID: 0020_award_revocation
Revises: 0019_calendar_token_hash
"""
import sqlalchemy as sa
from alembic import op

import echo.core.types  # UTCDateTime columns

revision = "0020_award_revocation"
down_revision = "0019_calendar_token_hash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("credit_awards") as batch:
        batch.add_column(sa.Column("revoked_at", echo.core.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("revoked_reason", sa.String(length=400), nullable=False, server_default=""))
        batch.create_foreign_key(op.f("fk_credit_awards_revoked_by_id_users"), "users", ["revoked_by_id"], ["id"],
                                 ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("credit_awards") as batch:
        batch.drop_constraint(op.f("fk_credit_awards_revoked_by_id_users"), type_="foreignkey")
        batch.drop_column("revoked_reason")
        batch.drop_column("revoked_by_id")
        batch.drop_column("revoked_at")
