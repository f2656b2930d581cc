"""Logins that can be ended, and the right to create programs

Revision ID: 0008_logins
Revises: 0007_search_unaccent

- user_logins: one row per login; the session and remember cookies carry its secret (only its
  hash is stored) instead of the account id, so deleting the row ends that login. Cookies made
  before this migration name an account id, match no row and are logged out.
- users.can_create_programs: granted by site admins; coordinators of existing programs keep
  the ability they had.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_logins"
down_revision = "0008_secrets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_logins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=True),
        sa.Column("rotated_at", sa.DateTime(), nullable=True),
        sa.Column("remember", sa.Boolean(), nullable=False),
        sa.Column("device", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_logins_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_logins")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_logins_token_hash")),
    )
    with op.batch_alter_table("user_logins") as batch:
        batch.create_index(batch.f("ix_user_logins_user_id"), ["user_id"], unique=False)
        batch.create_index(batch.f("ix_user_logins_previous_hash"), ["previous_hash"], unique=False)
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("can_create_programs", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "UPDATE users SET can_create_programs = true WHERE id IN "
        "(SELECT user_id FROM memberships WHERE role = 'coordinator' AND status = 'active')"
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("can_create_programs")
    op.drop_table("user_logins")
