"""Languages: a user's own choice (none: follow the browser) and a program's language

Revision ID: 0013_languages
Revises: 0012_search_heavy_vector
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_languages"
down_revision = "0012_search_heavy_vector"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
