"""Case library: full-text search index (issue 5)

Revision ID: 0005_library
Revises: 0004_live
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005_library"
down_revision = "0004_live"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
